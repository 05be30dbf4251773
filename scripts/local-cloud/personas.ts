/**
 * Whom the emulator console offers to act as in the H5 build: a brand-new visitor, demo
 * members and every bound staff member (clerk, store manager, HQ), read from the data; and
 * for each store, a new visitor scanning its checkout code.
 */
import type { DataReader, Persona, PersonaLink } from '../../emulator/gateway/personas';
import { encodeScene } from '../../src/domain/scene';

const ROLE_LABEL: Record<string, string> = { clerk: '店员', manager: '店长', hq: '总部' };
const MEMBER_HOME = '#/pages/card/index';
const STAFF_HOME = '#/staff/pages/home/index';

export function crmPersonas(
  data: DataReader,
  sceneSecret: string,
): { personas: Persona[]; links: PersonaLink[] } {
  const personas: Persona[] = [{ label: '新访客（首次扫码）', role: 'visitor', openid: '' }];
  const storeList = data.find('stores', {}, { limit: 200 });
  const stores = new Map(storeList.map((s) => [String(s._id), String(s.name)]));
  for (const s of data.find('staff', {}, { limit: 200 })) {
    if (!s.openid) continue;
    const role = String(s.role);
    const store = s.storeId ? (stores.get(String(s.storeId)) ?? String(s.storeId)) : '';
    personas.push({
      label: `${ROLE_LABEL[role] ?? role}·${s.name}${store ? `（${store}）` : ''}`,
      role,
      openid: String(s.openid),
      page: STAFF_HOME,
      storeId: s.storeId ? String(s.storeId) : undefined,
    });
  }
  for (const i of data.find('identities', {}, { limit: 8 })) {
    const member = data.find('members', { _id: i.memberId }, { limit: 1 })[0];
    if (!member) continue;
    personas.push({
      label: `会员·${member.name ?? member.phone ?? i.memberId}`,
      role: 'member',
      openid: String(i._id),
      page: MEMBER_HOME,
    });
  }
  const links = storeList.slice(0, 50).map((s) => ({
    label: `新访客扫「${s.name}」码`,
    openid: '',
    page: `#/pages/index/index?scene=${encodeURIComponent(
      encodeScene({ storeId: String(s._id) }, sceneSecret),
    )}`,
  }));
  return { personas, links };
}
