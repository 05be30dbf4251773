/**
 * A complete profile — name (称呼), gender and birthday — earns the completion points once
 * (settings.points.profileCompletionPoints); the profile page asks for what is missing.
 * @example isProfileComplete({ name: '林小姐', gender: 'female', birthday: null }) // false
 */
export function isProfileComplete(p: {
  name?: string | null;
  gender?: string | null;
  birthday?: unknown;
}): boolean {
  return Boolean(p.name && p.gender && p.birthday);
}
