/** Completing a task: the outcome (已联系 / 未接通 / 已到店 / 不需要) and an optional note. */
import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { TaskView } from '@/contracts/tasks';
import { OUTCOME_LABELS, TASK_OUTCOMES, type TaskOutcomeValue } from '@/domain/tasks/claim';
import { Sheet } from '@/components/Sheet';
import { Button } from '@/components/nut';

export function DoneSheet({
  task,
  busy,
  error,
  onClose,
  onDone,
}: {
  task: TaskView;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onDone: (result: TaskOutcomeValue, note: string | null) => void;
}) {
  const [result, setResult] = useState<TaskOutcomeValue | null>(null);
  const [note, setNote] = useState('');
  return (
    <Sheet open title={`完成回访 · ${task.memberDisplayName}`} onClose={onClose}>
      <View className="done-sheet">
        <Text className="done-sheet__label">结果</Text>
        <View className="done-sheet__outcomes">
          {TASK_OUTCOMES.map((o) => (
            <View
              key={o}
              className={`done-sheet__outcome outcome-${o}${result === o ? ' is-on' : ''}`}
              onClick={() => setResult(o)}
            >
              {OUTCOME_LABELS[o]}
            </View>
          ))}
        </View>
        <Textarea
          className="done-sheet__note"
          placeholder="备注（选填，200 字以内）"
          maxlength={200}
          value={note}
          onInput={(e) => setNote(e.detail.value)}
        />
        {error ? <Text className="error-text">{error}</Text> : null}
        <Button
          id="done-confirm"
          type="primary"
          block
          disabled={!result || busy}
          onClick={() => result && onDone(result, note.trim() || null)}
        >
          {busy ? '正在保存…' : '确认完成'}
        </Button>
      </View>
    </Sheet>
  );
}
