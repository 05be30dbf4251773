/**
 * The notices on a member's card: what the chain told the member in the app — a level change
 * (written with it), an automation's message (好久不见, 感谢光临 …: the in-app form of a member
 * message, shown whether or not a subscribe message was also sent). A notice shows once its
 * time has come (an automation message written at night shows from the end of quiet hours),
 * newest first; those after the member last marked them read are unread.
 *
 * @example visibleNotices(member.notices, member.noticesReadAt ?? 0, now) // [{ id, title, text, at, unread }]
 */
export type StoredNotice = {
  id: string;
  kind: 'levelChanged' | 'automation';
  /** automation notices carry their title; a level change is 「会员等级变更」 */
  title?: string;
  text: string;
  at: number;
};

export type NoticeView = { id: string; title: string; text: string; at: number; unread: boolean };

export const NOTICES_SHOWN = 5;

export function visibleNotices(
  notices: readonly StoredNotice[] | undefined,
  readAt: number,
  now: number,
  limit = NOTICES_SHOWN,
): NoticeView[] {
  return (notices ?? [])
    .filter((n) => n.at <= now)
    .sort((a, b) => b.at - a.at)
    .slice(0, limit)
    .map((n) => ({
      id: n.id,
      title: n.title ?? (n.kind === 'levelChanged' ? '会员等级变更' : '通知'),
      text: n.text,
      at: n.at,
      unread: n.at > readAt,
    }));
}
