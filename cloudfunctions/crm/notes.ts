/**
 * Free notes on a member by staff (「喜欢薰衣草香型」): `memberNotes` documents with author
 * and time. An edit keeps the earlier text in `history` (text, when it was written, by
 * whom), guarded by `updatedAt` so two edits at once cannot lose one. Only the author, or a
 * manager or HQ, may edit a note.
 */
import type { NoteView } from '@/contracts/crm';
import { AppError } from '@/contracts/errors';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { requireStaff } from '../_shared/repos/staff';
import { activeMember, STAFF_ROLES } from './memberTags';

export type NoteDoc = {
  _id: string;
  memberId: string;
  authorId: string;
  authorName: string;
  storeId: string | null;
  text: string;
  createdAt: number;
  updatedAt: number;
  history: { text: string; at: number; by: string }[];
};

export const noteView = (n: NoteDoc): NoteView => ({
  noteId: n._id,
  text: n.text,
  authorId: n.authorId,
  authorName: n.authorName,
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
  edits: n.history.length,
});

export async function listNotes(ctx: Ctx, memberId: string): Promise<NoteView[]> {
  const res = await ctx.db
    .collection('memberNotes')
    .where({ memberId })
    .orderBy('createdAt', 'desc')
    .limit(50)
    .get();
  return (res.data as NoteDoc[]).map(noteView);
}

export async function addNote(
  ctx: Ctx,
  input: { memberId: string; text: string },
): Promise<{ note: NoteView }> {
  const staff = await requireStaff(ctx, STAFF_ROLES);
  await activeMember(ctx, input.memberId);
  const note: NoteDoc = {
    _id: ctx.ids.docId(),
    memberId: input.memberId,
    authorId: staff._id,
    authorName: staff.name,
    storeId: staff.storeId,
    text: input.text,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    history: [],
  };
  await ctx.db.collection('memberNotes').add({ data: note });
  return { note: noteView(note) };
}

export async function editNote(
  ctx: Ctx,
  input: { noteId: string; text: string },
): Promise<{ note: NoteView }> {
  const staff = await requireStaff(ctx, STAFF_ROLES);
  const note = await getById<NoteDoc>(ctx.db, 'memberNotes', input.noteId);
  if (!note) throw new AppError('TAGS.NOTE_NOT_FOUND');
  if (note.authorId !== staff._id && staff.role === 'clerk') throw new AppError('AUTH.FORBIDDEN');
  if (note.text === input.text) return { note: noteView(note) };
  const earlier = { text: note.text, at: note.updatedAt, by: note.authorId };
  const res = await ctx.db
    .collection('memberNotes')
    .where({ _id: note._id, updatedAt: note.updatedAt })
    .update({
      data: { text: input.text, updatedAt: ctx.now, history: ctx.db.command.push(earlier) },
    });
  if (res.stats.updated !== 1) throw new AppError('COMMON.CONFLICT');
  return {
    note: noteView({
      ...note,
      text: input.text,
      updatedAt: ctx.now,
      history: [...note.history, earlier],
    }),
  };
}
