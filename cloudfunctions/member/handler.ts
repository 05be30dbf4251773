import type { MemberContract } from '@/contracts/member';
import type { Handlers } from '../_shared/callable';
import { getById } from '../_shared/db';
import { loadSettings } from '../_shared/repos/settings';
import { privacyNotice } from '@/domain/settings';
import type { IdentityDoc, MemberDoc } from '../_shared/repos/members';
import { getCard, displayName, markNoticesRead } from './card';
import { rateTicket } from './tickets';
import { resolveScene } from './scene';
import { signup } from './signup';
import { listCoupons, listPurchases } from './wallet';
import { getProfile, setMarketingConsent, updateProfile } from './profile';
import { getSubscriptions, recordSubscriptions } from './subscriptions';
import { deleteAccount, exportData, setPrivacyConsent } from './dataRights';

/** Every action acts on the caller's own member, found from the request's OPENID. */
export const handlers: Handlers<MemberContract> = {
  async me(_req, ctx) {
    const identity = ctx.identity.openid
      ? await getById<IdentityDoc>(ctx.db, 'identities', ctx.identity.openid)
      : null;
    const member = identity ? await getById<MemberDoc>(ctx.db, 'members', identity.memberId) : null;
    if (!member || member.status !== 'active') return { status: 'visitor' };
    return { status: 'member', memberId: member._id, displayName: displayName(member) };
  },
  resolveScene: (req, ctx) => resolveScene(ctx, req.scene),
  signup: (req, ctx) => signup(ctx, req),
  getCard: (_req, ctx) => getCard(ctx),
  markNoticesRead: (_req, ctx) => markNoticesRead(ctx),
  listCoupons: (req, ctx) => listCoupons(ctx, req.status),
  listPurchases: (req, ctx) => listPurchases(ctx, req),
  getProfile: (_req, ctx) => getProfile(ctx),
  updateProfile: (req, ctx) => updateProfile(ctx, req),
  getSubscriptions: (_req, ctx) => getSubscriptions(ctx),
  recordSubscriptions: (req, ctx) => recordSubscriptions(ctx, req.results),
  setMarketingConsent: (req, ctx) => setMarketingConsent(ctx, req.granted),
  setPrivacyConsent: (req, ctx) => setPrivacyConsent(ctx, req),
  exportData: (_req, ctx) => exportData(ctx),
  deleteAccount: (_req, ctx) => deleteAccount(ctx),
  getSettings: (_req, ctx) => loadSettings(ctx.db),
  getPrivacyNotice: async (_req, ctx) => privacyNotice(await loadSettings(ctx.db)),
  rateTicket: (req, ctx) => rateTicket(ctx, req),
};
