/**
 * A minimal chain for tests: three stores, a clerk and a manager each, one HQ user. Every
 * staff member has a UNIONID (as a bind through WeChat records it); none follows the
 * service account until a test says so (`linkServiceAccountUser`).
 * Written through the emulator's bulk path (the same documents the functions write).
 */
import { claimsOfStaff } from '../../cloudfunctions/_shared/repos/claims';

export type MinimalSeed = {
  stores: { id: string; name: string }[];
  clerks: { id: string; name: string; storeId: string; openid: string; unionid: string }[];
  managers: { id: string; name: string; storeId: string; openid: string; unionid: string }[];
  hq: { id: string; name: string; openid: string; unionid: string };
};

type BulkDb = { insertMany(collection: string, docs: Record<string, unknown>[]): unknown };

export const MINIMAL_STORES = [
  { id: 'S001', name: '南京西路店', city: '上海', address: '上海市静安区南京西路 1266 号' },
  { id: 'S002', name: '徐家汇店', city: '上海', address: '上海市徐汇区虹桥路 1 号' },
  { id: 'S003', name: '新街口店', city: '南京', address: '南京市玄武区中山路 18 号' },
];

export async function seedMinimal(db: BulkDb, now: number): Promise<MinimalSeed> {
  const stores = MINIMAL_STORES.map((s) => ({ id: s.id, name: s.name }));
  const clerks = MINIMAL_STORES.map((s, i) => ({
    id: `C${s.id.slice(1)}1`,
    name: ['王芳', '李娜', '陈静'][i],
    storeId: s.id,
    openid: `o_test_clerk_${s.id}`,
    unionid: `u_test_clerk_${s.id}`,
  }));
  const managers = MINIMAL_STORES.map((s, i) => ({
    id: `M${s.id.slice(1)}`,
    name: ['赵敏', '孙丽', '周洁'][i],
    storeId: s.id,
    openid: `o_test_manager_${s.id}`,
    unionid: `u_test_manager_${s.id}`,
  }));
  const hq = { id: 'HQ01', name: '总部运营', openid: 'o_test_hq', unionid: 'u_test_hq' };
  await db.insertMany(
    'stores',
    MINIMAL_STORES.map((s) => ({
      _id: s.id,
      name: s.name,
      city: s.city,
      address: s.address,
      active: true,
      createdAt: now,
    })),
  );
  const staff = [
    ...clerks.map((c) => ({
      _id: c.id,
      name: c.name,
      storeId: c.storeId,
      role: 'clerk',
      openid: c.openid,
      unionid: c.unionid,
      active: true,
      createdAt: now,
    })),
    ...managers.map((m) => ({
      _id: m.id,
      name: m.name,
      storeId: m.storeId,
      role: 'manager',
      openid: m.openid,
      unionid: m.unionid,
      active: true,
      createdAt: now,
    })),
    {
      _id: hq.id,
      name: hq.name,
      storeId: null,
      role: 'hq',
      openid: hq.openid,
      unionid: hq.unionid,
      active: true,
      createdAt: now,
    },
  ];
  await db.insertMany('staff', staff);
  // the claims the bind writes beside each staff record (repos/claims.ts)
  await db.insertMany(
    'uniqueClaims',
    staff.flatMap((s) => claimsOfStaff(s)),
  );
  return { stores, clerks, managers, hq };
}
