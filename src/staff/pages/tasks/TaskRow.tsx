/** One follow-up task: customer, what to do, when (overdue highlighted), the script, and the row's action. */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TaskView } from '@/contracts/tasks';
import { Button } from '@/components/nut';
import { customerUrl } from '../../customerUrl';

export function TaskRow({
  task,
  action,
  busy,
  onAction,
}: {
  task: TaskView;
  action: '完成' | '认领';
  busy: boolean;
  onAction: () => void;
}) {
  return (
    <View className={`task${task.overdue ? ' task--overdue' : ''}`} data-testid={`task-${task.id}`}>
      <View className="task__head">
        <Text
          className="task__member"
          onClick={() => void Taro.navigateTo({ url: customerUrl(task.memberId) })}
        >
          {task.memberDisplayName}
        </Text>
        <Text className="task__due">
          {task.state === 'pooled'
            ? `原定 ${task.dueDate}`
            : task.overdue
              ? `逾期 ${task.overdueDays} 天`
              : `${task.dueDate} 前`}
        </Text>
      </View>
      <Text className="task__title">{task.title}</Text>
      {task.script ? <Text className="task__script">话术：{task.script}</Text> : null}
      <View className="task__foot">
        <Text className="task__source muted">
          {task.source === 'automation' ? '自动化任务' : '手动任务'}
        </Text>
        <Button
          className="task__action"
          size="small"
          type="primary"
          disabled={busy}
          onClick={onAction}
        >
          {action}
        </Button>
      </View>
    </View>
  );
}
