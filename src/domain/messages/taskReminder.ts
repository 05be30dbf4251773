/**
 * The reminder an automation sends the staff member who is to act (a clerk's call, the
 * store manager's birthday gift pack): the workbench line and the 服务号 template fields.
 * 「您的客户张女士：准备生日礼包并致电，请在12月4日前完成。」 The customer's name is what the
 * ownership rule lets that staff member see (the caller computes it with that one rule).
 *
 * @example planTaskReminder({ customerName: '张女士', subject: '准备生日礼包并致电', storeName: '徐家汇店', dueAt, now })
 * // { title: '客户跟进任务', body: '您的客户张女士：准备生日礼包并致电，请在12月4日前完成。', fields: {…} }
 */
import { shanghaiDate, shanghaiParts } from '../calendar';
import { templateTime } from './crossStoreReminder';

export type TaskReminder = {
  title: string;
  body: string;
  fields: { customer: string; subject: string; store: string; time: string };
};

export function planTaskReminder(input: {
  customerName: string;
  /** what to do: the task's title, or the automation's name */
  subject: string;
  storeName: string;
  /** the task's due instant; null when the step has no task */
  dueAt: number | null;
  now: number;
}): TaskReminder {
  const { customerName, subject, dueAt } = input;
  let when = '';
  if (dueAt !== null) {
    const { month, day } = shanghaiParts(dueAt);
    when =
      shanghaiDate(dueAt) === shanghaiDate(input.now)
        ? '，请今日完成'
        : `，请在${month}月${day}日前完成`;
  }
  return {
    title: '客户跟进任务',
    body: `您的客户${customerName}：${subject}${when}。`,
    fields: {
      customer: customerName,
      subject,
      store: input.storeName,
      time: templateTime(dueAt ?? input.now),
    },
  };
}
