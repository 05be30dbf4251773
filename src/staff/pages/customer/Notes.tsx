/** Manual tags (add, remove) and notes (add, edit; author and time) on a customer (crm function). */
import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { NoteView } from '@/contracts/crm';
import type { StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { formatFullDateTime } from '@/components/format';
import { Button, Input } from '@/components/nut';

export function ManualTags({ memberId, initial }: { memberId: string; initial: string[] }) {
  const [tags, setTags] = useState(initial);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = async (tag: string, add: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await callFunction('crm', {
        action: add ? 'addManualTag' : 'removeManualTag',
        memberId,
        tag,
      });
      setTags(r.manualTags);
      if (add) setText('');
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const tag = text.trim();
  return (
    <View className="section customer__manual" id="manual-tags">
      <Text className="section__title">手动标签</Text>
      <View className="customer__manual-list">
        {tags.length === 0 ? <Text className="muted">还没有手动标签</Text> : null}
        {tags.map((t) => (
          <View key={t} className="manual-tag">
            <Text>{t}</Text>
            <Text className="manual-tag__remove" onClick={() => !busy && void change(t, false)}>
              ×
            </Text>
          </View>
        ))}
      </View>
      <View className="customer__inline">
        <Input
          className="customer__input manual-tag__input"
          placeholder="新标签，如：爱喝茶"
          maxLength={20}
          value={text}
          onChange={(v) => setText(v)}
        />
        <Button
          id="add-tag"
          size="small"
          type="primary"
          disabled={busy || !tag || /[\s:]/.test(tag)}
          onClick={() => void change(tag, true)}
        >
          添加
        </Button>
      </View>
      {error ? <Text className="error-text">{error}</Text> : null}
    </View>
  );
}

export function Notes({
  memberId,
  initial,
  staff,
}: {
  memberId: string;
  initial: NoteView[];
  staff: StaffView;
}) {
  /** the author edits their note; managers and HQ any (crm.editNote decides the same) */
  const mayEdit = (n: NoteView) => staff.role !== 'clerk' || n.authorId === staff.staffId;
  const [notes, setNotes] = useState(initial);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ noteId: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const add = () =>
    run(async () => {
      const r = await callFunction('crm', { action: 'addNote', memberId, text: text.trim() });
      setNotes((list) => [r.note, ...list]);
      setText('');
    });
  const save = (noteId: string, body: string) =>
    run(async () => {
      const r = await callFunction('crm', { action: 'editNote', noteId, text: body.trim() });
      setNotes((list) => list.map((n) => (n.noteId === noteId ? r.note : n)));
      setEditing(null);
    });
  return (
    <View className="section customer__notes" id="notes">
      <Text className="section__title">备注</Text>
      <Textarea
        className="customer__textarea note__new"
        placeholder="记下顾客的喜好、约定（500 字以内）"
        maxlength={500}
        value={text}
        onInput={(e) => setText(e.detail.value)}
      />
      <Button
        id="add-note"
        size="small"
        type="primary"
        disabled={busy || !text.trim()}
        onClick={() => void add()}
      >
        保存备注
      </Button>
      {error ? <Text className="error-text">{error}</Text> : null}
      {notes.map((n) => (
        <View key={n.noteId} className="note" id={`note-${n.noteId}`}>
          {editing?.noteId === n.noteId ? (
            <View>
              <Textarea
                className="customer__textarea note__edit"
                maxlength={500}
                value={editing.text}
                onInput={(e) => setEditing({ noteId: n.noteId, text: e.detail.value })}
              />
              <View className="customer__inline">
                <Button
                  className="note__save"
                  size="small"
                  type="primary"
                  disabled={busy || !editing.text.trim()}
                  onClick={() => void save(n.noteId, editing.text)}
                >
                  保存
                </Button>
                <Button size="small" onClick={() => setEditing(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View>
              <Text className="note__text">{n.text}</Text>
              <View className="note__foot">
                <Text className="note__meta muted">
                  {n.authorName} · {formatFullDateTime(n.updatedAt)}
                  {n.edits ? ` · 已编辑 ${n.edits} 次` : ''}
                </Text>
                {mayEdit(n) ? (
                  <Text
                    className="note__edit-link"
                    onClick={() => setEditing({ noteId: n.noteId, text: n.text })}
                  >
                    编辑
                  </Text>
                ) : null}
              </View>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
