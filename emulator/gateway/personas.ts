/**
 * Personas the console (and tests) can act as in the H5 build: a brand-new visitor, demo
 * members, and every bound staff member (clerk, store manager, HQ), read from the data.
 */
export type Persona = {
  label: string;
  role: 'visitor' | 'member' | 'clerk' | 'manager' | 'hq';
  openid: string;
  storeId?: string;
};

const ROLE_LABEL: Record<string, string> = { clerk: '店员', manager: '店长', hq: '总部' };

type Finder = {
  find(
    collection: string,
    query: Record<string, unknown>,
    opts: { limit: number; skip?: number },
  ): Record<string, unknown>[];
};

export function listPersonas(database: Finder): Persona[] {
  const personas: Persona[] = [{ label: '新访客（首次扫码）', role: 'visitor', openid: '' }];
  const staff = database.find('staff', {}, { limit: 200 });
  const stores = new Map(
    database.find('stores', {}, { limit: 200 }).map((s) => [String(s._id), String(s.name)]),
  );
  for (const s of staff) {
    if (!s.openid) continue;
    const role = String(s.role) as Persona['role'];
    const store = s.storeId ? (stores.get(String(s.storeId)) ?? String(s.storeId)) : '';
    personas.push({
      label: `${ROLE_LABEL[role] ?? role}·${s.name}${store ? `（${store}）` : ''}`,
      role,
      openid: String(s.openid),
      storeId: s.storeId ? String(s.storeId) : undefined,
    });
  }
  const identities = database.find('identities', {}, { limit: 8 });
  for (const i of identities) {
    const member = database.find('members', { _id: i.memberId }, { limit: 1 })[0];
    if (!member) continue;
    personas.push({
      label: `会员·${member.name ?? member.phone ?? i.memberId}`,
      role: 'member',
      openid: String(i._id),
    });
  }
  return personas;
}
