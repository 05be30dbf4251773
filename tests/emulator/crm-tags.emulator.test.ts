/**
 * The staff side of tags, against the emulator: a member's computed tags with their
 * reasons (masked as at the till), manual tags and notes by clerks (never touched by a
 * recompute), segment counts and pages by managers (own store) and HQ; members and bad
 * input refused with stable codes, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import type { Reply } from '../../src/contracts/reply';
import type { MemberTagsView, NoteView, SegmentRow } from '../../src/contracts/crm';
import { matchesSegment, segmentSchema, type SegmentInput } from '../../src/domain/tags/segments';
import { DEFAULT_TAG_RULES } from '../../src/domain/tags/families';
import type { TagsRunResult } from '../../cloudfunctions/tags/index';
import { counts, data, find, type AnyDoc } from './support/loyalty';
import { addTaggedMember, fireTimer } from './support/tags';

const CLERK = 'o_test_clerk_S001'; // C0011, S001
const CLERK2 = 'o_test_clerk_S002';
const MANAGER = 'o_test_manager_S001';
const HQ = 'o_test_hq';

let emu: TestEmulator;
const crm = <T>(action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>('crm', { action, ...input }, openid);
const all = (): AnyDoc[] => find(emu, 'members', {}, { limit: 1000 });
const stable = () =>
  JSON.stringify({ counts: counts(emu), notes: find(emu, 'memberNotes'), members: all() });

let frequent = ''; // S001, clerk C0011: 高频
let openid = '';
beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.seedMinimal();
  emu.clock.set(shanghaiTime(2027, 6, 10, 15));
  const m = addTaggedMember(emu, [{ daysAgo: 20 }, { daysAgo: 10 }, { daysAgo: 0 }], {
    name: '周晓雯',
  });
  frequent = m._id;
  openid = m.openid;
  // a store mix: S001 (own clerk C0011 or another), S002; 高频 / 中频 / 低频 / no orders
  const shapes = [
    [{ daysAgo: 20 }, { daysAgo: 10 }, { daysAgo: 0 }],
    [{ daysAgo: 10 }, { daysAgo: 0 }],
    [{ daysAgo: 200 }],
    [],
  ];
  for (let i = 0; i < 24; i++)
    addTaggedMember(emu, shapes[i % 4], {
      homeStoreId: i % 3 === 0 ? 'S002' : 'S001',
      clerkId: i % 3 === 0 ? 'C0021' : i % 2 ? 'C0011' : 'C0012',
      level: i % 5 === 0 ? 'gold' : 'normal',
    });
});
afterAll(async () => {
  await emu?.stop();
});

describe('a member’s tags for staff', () => {
  it('the own clerk sees the tags with reasons, in the rules’ order, and the full name', async () => {
    const view = data(await crm<MemberTagsView>('getMemberTags', { memberId: frequent }, CLERK));
    expect(view).toMatchObject({
      displayName: '周女士',
      phoneMasked: expect.stringMatching(/^\d{3}\*{4}\d{4}$/),
    });
    expect(view.tags.map((t) => t.familyName)).toEqual(['购买频次', '品类偏好', '生命周期', 'RFM']);
    expect(view.tags[0]).toMatchObject({
      family: 'frequency',
      value: '高频',
      reason: '近 30 天消费 3 次',
      ruleVersion: 1,
    });
    expect(view.tags[1]).toMatchObject({
      value: '家居清洁',
      reason: '家居清洁占品类消费的 100%（¥300 / ¥300）',
    });
    expect(view.tags[2]).toMatchObject({ value: '活跃', reason: '近 90 天消费 3 次' });
  });

  it('another store’s clerk and HQ see it masked', async () => {
    expect(
      data(await crm<MemberTagsView>('getMemberTags', { memberId: frequent }, CLERK2)).displayName,
    ).toBe('周**');
    expect(
      data(await crm<MemberTagsView>('getMemberTags', { memberId: frequent }, HQ)).tags,
    ).toHaveLength(4);
  });

  it('a member calling crm is refused, for every action', async () => {
    const before = stable();
    for (const [action, input] of [
      ['getMemberTags', { memberId: frequent }],
      ['addManualTag', { memberId: frequent, tag: '喜欢薰衣草' }],
      ['addNote', { memberId: frequent, text: '我自己' }],
      ['segmentCount', { segment: {} }],
      ['previewTagRules', { rules: DEFAULT_TAG_RULES }],
      ['getTagJob', {}],
    ] as const)
      expect({ action, reply: await crm(action, input, openid) }).toMatchObject({
        action,
        reply: { ok: false, error: { code: 'AUTH.FORBIDDEN' } },
      });
    expect(stable()).toBe(before);
  });

  it('bad input to every action: COMMON.INVALID_INPUT, nothing written', async () => {
    const before = stable();
    const bad: [string, Record<string, unknown>][] = [
      ['getMemberTags', {}],
      ['addManualTag', { memberId: frequent, tag: '' }],
      ['addManualTag', { memberId: frequent, tag: 'a:b' }],
      ['removeManualTag', { memberId: frequent }],
      ['addNote', { memberId: frequent, text: 'x'.repeat(501) }],
      ['editNote', { noteId: 'n1', text: '   ' }],
      ['previewTagRules', { rules: { version: 1, minStayDays: 7, families: [] } }],
      [
        'previewTagRules',
        {
          rules: {
            version: 1,
            minStayDays: 7,
            families: [
              {
                key: 'x',
                name: '测试',
                kind: 'ordered',
                values: [{ value: '多', when: { field: 'orderCount', op: 'gte', value: '9' } }],
              },
            ],
          },
        },
      ],
      ['applyTagRules', { rules: {}, previewId: 'p' }],
      ['getTagJob', { jobId: 42 }],
      ['segmentCount', { segment: { tags: { all: ['高频'] } } }],
      ['segmentPage', { segment: {}, limit: 1000 }],
      ['segmentPage', { segment: { storeIds: [] } }],
    ];
    for (const [action, input] of bad)
      expect({ action, reply: await crm(action, input, HQ) }).toMatchObject({
        action,
        reply: { ok: false, error: { code: 'COMMON.INVALID_INPUT' } },
      });
    expect(stable()).toBe(before);
  });
});

describe('manual tags and notes', () => {
  it('a clerk adds and removes manual tags (any store’s clerk, as at the till)', async () => {
    expect(
      data(await crm('addManualTag', { memberId: frequent, tag: '喜欢薰衣草' }, CLERK)),
    ).toEqual({
      manualTags: ['喜欢薰衣草'],
    });
    expect(
      data(await crm('addManualTag', { memberId: frequent, tag: '喜欢薰衣草' }, CLERK)),
    ).toEqual({
      manualTags: ['喜欢薰衣草'],
    });
    await crm('addManualTag', { memberId: frequent, tag: '带孩子' }, CLERK2);
    expect(
      data(await crm('removeManualTag', { memberId: frequent, tag: '带孩子' }, CLERK)),
    ).toEqual({
      manualTags: ['喜欢薰衣草'],
    });
  });

  it('notes: author and time recorded; an edit keeps the earlier text; only the author (or a manager) edits', async () => {
    const { note } = data(
      await crm<{ note: NoteView }>(
        'addNote',
        { memberId: frequent, text: '喜欢薰衣草香型' },
        CLERK,
      ),
    );
    expect(note).toMatchObject({
      text: '喜欢薰衣草香型',
      authorName: expect.any(String),
      edits: 0,
    });
    expect(await crm('editNote', { noteId: note.noteId, text: '改了' }, CLERK2)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    const edited = data(
      await crm<{ note: NoteView }>(
        'editNote',
        { noteId: note.noteId, text: '喜欢薰衣草和柠檬' },
        CLERK,
      ),
    );
    expect(edited.note).toMatchObject({ text: '喜欢薰衣草和柠檬', edits: 1 });
    expect(find(emu, 'memberNotes', { _id: note.noteId })[0].history).toEqual([
      { text: '喜欢薰衣草香型', at: note.updatedAt, by: 'C0011' },
    ]);
    expect(
      data(
        await crm<{ note: NoteView }>(
          'editNote',
          { noteId: note.noteId, text: '店长补充' },
          MANAGER,
        ),
      ).note.edits,
    ).toBe(2);
    const view = data(await crm<MemberTagsView>('getMemberTags', { memberId: frequent }, CLERK));
    expect(view.notes.map((n) => n.text)).toEqual(['店长补充']);
    expect(await crm('editNote', { noteId: 'nope', text: 'x' }, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'TAGS.NOTE_NOT_FOUND' },
    });
  });
});

describe('segments', () => {
  const expected = (input: SegmentInput) => {
    const segment = segmentSchema.parse(input);
    return all()
      .filter((m) => matchesSegment(m as never, segment))
      .map((m) => m._id)
      .sort();
  };
  async function pages(input: SegmentInput, openid: string, limit = 4) {
    const ids: string[] = [];
    let cursor: string | undefined;
    let rows: SegmentRow[] = [];
    do {
      const page = data(
        await crm<{ rows: SegmentRow[]; nextCursor: string | null }>(
          'segmentPage',
          { segment: input, cursor, limit },
          openid,
        ),
      );
      rows = rows.concat(page.rows);
      ids.push(...page.rows.map((r) => r.memberId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { ids, rows };
  }

  it('HQ: by tags (all / any / none), level and store — exactly the right members, count and pages', async () => {
    const cases: SegmentInput[] = [
      { tags: { all: ['frequency:高频'] } },
      { tags: { any: ['frequency:中频', 'frequency:低频'], none: ['lifecycle:VIP'] } },
      { tags: { all: ['lifecycle:VIP'] }, storeIds: ['S002'] },
      { levels: ['gold'] },
      { manualTags: ['喜欢薰衣草'] },
    ];
    for (const input of cases) {
      const want = expected(input);
      expect(want.length).toBeGreaterThan(0);
      expect(data(await crm<{ total: number }>('segmentCount', { segment: input }, HQ)).total).toBe(
        want.length,
      );
      expect((await pages(input, HQ)).ids).toEqual(want);
    }
  });

  it('a manager: own store only, masked rows with their tag keys; other stores refused; clerks refused', async () => {
    const input = { tags: { all: ['frequency:高频'] } };
    const want = expected({ ...input, storeIds: ['S001'] });
    expect(
      data(await crm<{ total: number }>('segmentCount', { segment: input }, MANAGER)).total,
    ).toBe(want.length);
    const { ids, rows } = await pages(input, MANAGER);
    expect(ids).toEqual(want);
    expect(
      rows.every((r) => r.tagKeys.includes('frequency:高频') && r.homeStoreId === 'S001'),
    ).toBe(true);
    // the ownership rule: a store's manager sees the store's customers in full
    expect(rows.every((r) => !/\*/.test(r.displayName))).toBe(true);
    expect(
      await crm('segmentCount', { segment: { ...input, storeIds: ['S002'] } }, MANAGER),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.WRONG_STORE' } });
    expect(await crm('segmentCount', { segment: input }, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });
});

describe('a recompute and manual tags', () => {
  it('the night review re-decides the computed tags and leaves manual tags alone', async () => {
    // the night review re-decides the member (the clock moved past a window edge)
    emu.clock.set(shanghaiTime(2027, 8, 1, 3));
    const run = await fireTimer<TagsRunResult>(emu, 'tags');
    expect(run.result.review.written).toBeGreaterThan(0);
    const doc = find(emu, 'members', { _id: frequent })[0];
    expect(doc.manualTags).toEqual(['喜欢薰衣草']);
    expect(doc.tags.frequency.value).not.toBe('高频');
  });
});
