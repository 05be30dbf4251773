/** What signup reads before it asks for the phone (member/signup.ts decides on it). */
import type { SceneInfo } from '@/contracts/member';
import type { Settings } from '@/domain/settings';
import { decodeScene } from '@/domain/scene';
import type { Ctx } from '../_shared/runtime';
import { getById, type Doc } from '../_shared/db';
import { loadSettings, SETTINGS_ID, settingsFromDoc } from '../_shared/repos/settings';
import type { IdentityDoc, MemberDoc } from '../_shared/repos/members';
import type { StoreDoc } from '../_shared/repos/stores';
import { resolveScene, verifyScene, type SceneClerk } from './scene';

export type SignupFacts = {
  settings: Settings;
  identity: IdentityDoc | null;
  linked: MemberDoc | null;
  /** the verified checkout code (SCENE.INVALID when it is not) */
  origin: () => Promise<SceneInfo>;
};

/**
 * What signup decides on before the phone is asked for. With a checkout code (the usual
 * way in), ONE request: an aggregate on the code's store joining its clerk, the settings and
 * the caller's identity with its member. Without one (or when the store is unknown, or the
 * code does not decode), the same documents one read each.
 */
export async function loadSignupFacts(ctx: Ctx, scene: string | undefined): Promise<SignupFacts> {
  const { db } = ctx;
  const decoded = scene ? decodeScene(scene, ctx.config.sceneSecret) : null;
  if (decoded && !('error' in decoded)) {
    const _ = db.command;
    const one = (match: Record<string, unknown>) =>
      _.aggregate.pipeline().match(match).limit(1).done();
    let q = db
      .collection('stores')
      .aggregate()
      .match({ _id: decoded.storeId })
      .limit(1)
      .lookup({ from: 'settings', pipeline: one({ _id: SETTINGS_ID }), as: 'settings' })
      .lookup({
        from: 'identities',
        pipeline: _.aggregate
          .pipeline()
          .match({ _id: ctx.identity.openid })
          .limit(1)
          .lookup({ from: 'members', localField: 'memberId', foreignField: '_id', as: 'member' })
          .done(),
        as: 'identity',
      });
    if (decoded.clerkId)
      q = q.lookup({ from: 'staff', pipeline: one({ _id: decoded.clerkId }), as: 'clerk' });
    const row = ((await q.end()) as { list: Doc[] }).list[0];
    if (row) {
      const { settings, identity, clerk, ...store } = row;
      const { member, ...identityDoc } = (identity?.[0] ?? {}) as Doc;
      return {
        settings: settingsFromDoc(settings?.[0]),
        identity: identity?.[0] ? (identityDoc as IdentityDoc) : null,
        linked: (member?.[0] as MemberDoc | undefined) ?? null,
        origin: async () =>
          verifyScene(decoded, store as StoreDoc, (clerk?.[0] as SceneClerk | undefined) ?? null),
      };
    }
  }
  const settings = await loadSettings(db);
  const identity = await getById<IdentityDoc>(db, 'identities', ctx.identity.openid);
  return {
    settings,
    identity,
    linked: identity ? await getById<MemberDoc>(db, 'members', identity.memberId) : null,
    origin: () => resolveScene(ctx, scene ?? ''),
  };
}
