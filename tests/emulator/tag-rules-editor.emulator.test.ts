/**
 * The tag rules as HQ's editor screen uses them, through the `crm` function: read by
 * managers and HQ (the defaults are version 1), saved by HQ only after a finished preview,
 * as the version after the one the editor was made on — the same versioned-rule path as the
 * loyalty settings (history entry first, then the document, then the audit entry). A save
 * on a version a colleague already replaced is COMMON.CONFLICT, also when two saves race;
 * the history reads field by field with the author.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import type { Reply } from '../../src/contracts/reply';
import type {
  RuleHistoryEntryView,
  TagJobView,
  TagPreviewView,
  TagRulesView,
} from '../../src/contracts/crm';
import { DEFAULT_TAG_RULES, type TagRules } from '../../src/domain/tags/families';
import { tagRulesDraftOf, tagRulesFromDraft } from '../../src/domain/tags/form';
import { data, find } from './support/loyalty';
import { addTaggedMember } from './support/tags';

const HQ = 'o_test_hq';
const MANAGER = 'o_test_manager_S001';
const CLERK = 'o_test_clerk_S001';
const HIGH_FREQ = 'families.0.values.0.when.value';
const HIGH_VALUE_SPEND = 'families.3.values.0.when.all.0.value';

let emu: TestEmulator;
const crm = <T>(action: string, input: Record<string, unknown>, openid = HQ) =>
  emu.call<Reply<T>>('crm', { action, ...input }, openid);

/** the rules HQ's form gives for these typed values (yuan for money) */
function edited(base: TagRules, values: Record<string, string>): TagRules {
  const r = tagRulesFromDraft(base, { ...tagRulesDraftOf(base), ...values });
  if (!r.ok) throw new Error(r.message);
  return r.rules;
}

/** a finished preview of these rules */
async function previewed(rules: TagRules, openid = HQ): Promise<TagPreviewView> {
  let view = data(await crm<TagPreviewView>('previewTagRules', { rules }, openid));
  for (let calls = 1; !view.done && calls < 50; calls++)
    view = data(
      await crm<TagPreviewView>('previewTagRules', { rules, previewId: view.previewId }, openid),
    );
  expect(view.done).toBe(true);
  return view;
}

const written = () => ({
  settings: find(emu, 'settings', { _id: 'tags' }),
  history: find(emu, 'tagRuleHistory'),
  audit: find(emu, 'auditLog', { action: 'settings.change' }),
});

beforeAll(async () => {
  emu = await startTestEmulator({});
  await emu.seedMinimal();
  emu.clock.set(shanghaiTime(2027, 6, 10, 15));
  for (let i = 0; i < 4; i++) addTaggedMember(emu, [{ daysAgo: 10 }, { daysAgo: 0 }]);
  addTaggedMember(emu, [{ daysAgo: 20 }, { daysAgo: 10 }, { daysAgo: 0 }]);
});
afterAll(async () => {
  await emu?.stop();
});

describe('the tag rule editor: versions, conflicts, history, audit', () => {
  it('managers and HQ read the rules in force (the defaults: version 1); a clerk may not', async () => {
    const view = data(await crm<TagRulesView>('getTagRules', {}, MANAGER));
    expect(view).toEqual({
      rules: DEFAULT_TAG_RULES,
      version: 1,
      updatedAt: null,
      updatedByName: null,
    });
    expect(await crm('getTagRules', {}, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });

  it('refuses a manager, rules the schema rejects, a missing version or preview: nothing written', async () => {
    const twoIsFrequent = edited(DEFAULT_TAG_RULES, { [HIGH_FREQ]: '2' });
    expect(await crm('previewTagRules', { rules: twoIsFrequent }, MANAGER)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    const { previewId } = await previewed(twoIsFrequent);
    expect(
      await crm('applyTagRules', { rules: twoIsFrequent, previewId, baseVersion: 1 }, MANAGER),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    // the window of 高频 out of range: the schema every function reads the rules with
    const badWindow = structuredClone(twoIsFrequent);
    (badWindow.families[0] as { values: { when: { days: number } }[] }).values[0].when.days = 0;
    expect(
      await crm('applyTagRules', { rules: badWindow, previewId, baseVersion: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'COMMON.INVALID_INPUT' } });
    expect(await crm('applyTagRules', { rules: twoIsFrequent, previewId })).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT' },
    });
    expect(
      await crm('applyTagRules', { rules: twoIsFrequent, previewId: 'nope', baseVersion: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'TAGS.PREVIEW_REQUIRED' } });
    expect(written()).toEqual({ settings: [], history: [], audit: [] });
  });

  it('an apply is the next version: document, history (before/after), audit entry', async () => {
    const next = edited(DEFAULT_TAG_RULES, { [HIGH_FREQ]: '2', [HIGH_VALUE_SPEND]: '4000' });
    const { previewId, counts } = await previewed(next);
    expect(counts.frequency).toEqual({ 高频: { gain: 4, lose: 0 }, 中频: { gain: 0, lose: 4 } });
    const job = data(
      await crm<TagJobView>('applyTagRules', { rules: next, previewId, baseVersion: 1 }),
    );
    expect(job).toMatchObject({ jobId: 'tagRecompute:v2', version: 2 });

    const saved = { ...next, version: 2 };
    const { settings, history, audit } = written();
    expect(settings).toEqual([
      expect.objectContaining({ version: 2, rules: saved, updatedBy: 'HQ01' }),
    ]);
    expect(history).toEqual([
      expect.objectContaining({
        _id: 'v2',
        version: 2,
        by: 'HQ01',
        before: DEFAULT_TAG_RULES,
        after: saved,
      }),
    ]);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ staffId: 'HQ01', role: 'hq' }),
        target: { kind: 'settings', id: 'tags' },
        detail: { version: 2 },
        source: 'crm.applyTagRules',
      }),
    ]);
    const view = data(await crm<TagRulesView>('getTagRules', {}, MANAGER));
    expect(view).toMatchObject({ version: 2, rules: saved, updatedAt: history[0].at });
    expect(view.updatedByName).toEqual(expect.any(String));
    expect(view.updatedByName).not.toBe('HQ01');
  });

  it('an editor still on version 1 is COMMON.CONFLICT, even with a finished preview', async () => {
    const stale = edited(DEFAULT_TAG_RULES, { [HIGH_FREQ]: '4' });
    // a preview started now is of version 2; the editor names the version it was made on
    const { previewId } = await previewed(stale);
    expect(await crm('applyTagRules', { rules: stale, previewId, baseVersion: 1 })).toMatchObject({
      ok: false,
      error: { code: 'COMMON.CONFLICT' },
    });
    expect(written().history.map((h) => h._id)).toEqual(['v2']);
    expect(written().audit).toHaveLength(1);
  });

  it('two HQ editors applying on the same version at once: one wins, the other is COMMON.CONFLICT', async () => {
    const current = data(await crm<TagRulesView>('getTagRules', {})).rules;
    const a = edited(current, { [HIGH_FREQ]: '5' });
    const b = edited(current, { [HIGH_VALUE_SPEND]: '3000' });
    const [pa, pb] = [await previewed(a), await previewed(b)];
    const replies = await Promise.all([
      crm('applyTagRules', { rules: a, previewId: pa.previewId, baseVersion: 2 }),
      crm('applyTagRules', { rules: b, previewId: pb.previewId, baseVersion: 2 }),
    ]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.filter((r) => !r.ok)).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: 'COMMON.CONFLICT' }) }),
    ]);
    const winner = replies[0].ok ? a : b;
    const { settings, history, audit } = written();
    expect(settings[0]).toMatchObject({ version: 3, rules: { ...winner, version: 3 } });
    expect(history.map((h) => h._id).sort()).toEqual(['v2', 'v3']);
    expect(history.find((h) => h._id === 'v3')?.after).toEqual({ ...winner, version: 3 });
    expect(audit).toHaveLength(2);
  });

  it('the history reads field by field, newest first, with the author (managers too)', async () => {
    const page = data(
      await crm<{ entries: RuleHistoryEntryView[]; hasMore: boolean }>(
        'listRuleHistory',
        { rule: 'tags', limit: 5 },
        MANAGER,
      ),
    );
    expect(page.hasMore).toBe(false);
    expect(page.entries.map((e) => e.version)).toEqual([3, 2]);
    const v2 = page.entries[1];
    expect(v2.byName).not.toBe('HQ01');
    expect(v2.changes).toEqual([
      {
        path: HIGH_FREQ,
        label: '购买频次 · 高频 · 近 30 天消费次数 ≥',
        before: '3 次',
        after: '2 次',
      },
      {
        path: HIGH_VALUE_SPEND,
        label: '高价值 · 近 3 个月消费金额 >',
        before: '¥5,000',
        after: '¥4,000',
      },
    ]);
    expect(page.entries[0].changes).toHaveLength(1);
  });
});
