/**
 * A tag rule change, against the emulator: HQ previews it (exact gain / lose counts per
 * value and a masked sample, in resumable calls), then applies it — a new rule version with
 * its history, and a recompute job walked in batches by further calls and by the tags
 * timer. A timer run killed mid-batch is resumed by the next one, and no member is written
 * twice.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import type { Reply } from '../../src/contracts/reply';
import type { TagJobView, TagPreviewView } from '../../src/contracts/crm';
import { DEFAULT_TAG_RULES, type TagRules } from '../../src/domain/tags/families';
import type { TagsRunResult } from '../../cloudfunctions/tags/index';
import { data, find } from './support/loyalty';
import { addTaggedMember, fireTimer } from './support/tags';

const HQ = 'o_test_hq';
const MANAGER = 'o_test_manager_S001';

/** 高频 from 2 purchases in 30 days instead of 3 */
const TWO_IS_FREQUENT: TagRules = structuredClone(DEFAULT_TAG_RULES);
(TWO_IS_FREQUENT.families[0] as { values: { when: { value: number } }[] }).values[0].when.value = 2;

let emu: TestEmulator;
const crm = <T>(action: string, input: Record<string, unknown>, openid = HQ) =>
  emu.call<Reply<T>>('crm', { action, ...input }, openid);

const groups = {
  two: [] as string[],
  three: [] as string[],
  old: [] as string[],
  none: [] as string[],
};

beforeAll(async () => {
  // 10 members a batch, 10 ms a request, 300 ms of work per crm call: several calls each
  emu = await startTestEmulator({
    functionEnv: { CRM_TAG_JOB_BATCH: '10', CRM_TAG_CALL_BUDGET_MS: '300' },
    databaseLatencyMs: 10,
  });
  await emu.seedMinimal();
  emu.clock.set(shanghaiTime(2027, 6, 10, 15));
  for (let i = 0; i < 40; i++)
    groups.two.push(addTaggedMember(emu, [{ daysAgo: 10 }, { daysAgo: 0 }])._id);
  for (let i = 0; i < 30; i++)
    groups.three.push(addTaggedMember(emu, [{ daysAgo: 20 }, { daysAgo: 10 }, { daysAgo: 0 }])._id);
  for (let i = 0; i < 30; i++) groups.old.push(addTaggedMember(emu, [{ daysAgo: 100 }])._id);
  for (let i = 0; i < 50; i++) groups.none.push(addTaggedMember(emu, [])._id);
});
afterAll(async () => {
  await emu?.stop();
});

const members = (ids: string[]) => find(emu, 'members', { _id: { $in: ids } }, { limit: 1000 });

describe('a rule change: preview, then apply in batches', () => {
  let previewId = '';
  let jobId = '';

  it('previews in several calls; exact gain and lose counts, masked samples, nothing written', async () => {
    const before = JSON.stringify(find(emu, 'members', {}, { limit: 1000 }));
    const first = data(await crm<TagPreviewView>('previewTagRules', { rules: TWO_IS_FREQUENT }));
    expect(first.done).toBe(false);
    previewId = first.previewId;
    expect(
      await crm('applyTagRules', { rules: TWO_IS_FREQUENT, previewId, baseVersion: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'TAGS.PREVIEW_REQUIRED' },
    });
    let view = first;
    let calls = 1;
    while (!view.done && calls < 50) {
      view = data(
        await crm<TagPreviewView>('previewTagRules', {
          rules: TWO_IS_FREQUENT,
          previewId,
          baseVersion: 1,
        }),
      );
      calls += 1;
    }
    expect(calls).toBeGreaterThan(1);
    expect(view).toMatchObject({ done: true, scanned: 150 });
    expect(view.counts).toEqual({
      frequency: { 高频: { gain: 40, lose: 0 }, 中频: { gain: 0, lose: 40 } },
    });
    expect(view.samples).toHaveLength(3);
    expect(view.samples[0]).toMatchObject({
      displayName: '张**',
      family: 'frequency',
      from: '中频',
      to: '高频',
      reason: '近 30 天消费 2 次',
    });
    expect(JSON.stringify(find(emu, 'members', {}, { limit: 1000 }))).toBe(before);
  });

  it('refuses rules other than those previewed, and callers other than HQ', async () => {
    expect(
      await crm('applyTagRules', { rules: DEFAULT_TAG_RULES, previewId, baseVersion: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'TAGS.PREVIEW_STALE' },
    });
    expect(
      await crm('applyTagRules', { rules: TWO_IS_FREQUENT, previewId, baseVersion: 1 }, MANAGER),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(find(emu, 'tagRuleHistory')).toHaveLength(0);
  });

  it('applies: version 2 with its history, a job walked in batches by further calls', async () => {
    const started = data(
      await crm<TagJobView>('applyTagRules', { rules: TWO_IS_FREQUENT, previewId, baseVersion: 1 }),
    );
    jobId = started.jobId;
    // how far the first call gets depends on the machine (its 300 ms include the version and
    // history writes; on a loaded CI core it can be none): further calls walk on
    expect(started).toMatchObject({ jobId: 'tagRecompute:v2', version: 2, done: false });
    expect(find(emu, 'tagRuleHistory')).toEqual([
      expect.objectContaining({ _id: 'v2', version: 2, by: 'HQ01', before: DEFAULT_TAG_RULES }),
    ]);
    expect(find(emu, 'settings', { _id: 'tags' })[0].rules.version).toBe(2);
    // a second apply of the same preview on the new version: the preview was of version 1
    expect(
      await crm('applyTagRules', { rules: TWO_IS_FREQUENT, previewId, baseVersion: 2 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'TAGS.PREVIEW_STALE' },
    });
    const progress = data(await crm<TagJobView>('getTagJob', { jobId }));
    expect(progress.scanned).toBeGreaterThan(started.scanned);
    expect(progress.done).toBe(false);
  });

  it('a tags timer run killed mid-batch: the next run resumes, no member written twice', async () => {
    const job = () => find(emu, 'jobRuns', { _id: jobId })[0];
    const cursorBefore = job().cursor;
    const v2 = () =>
      members([...groups.two, ...groups.three, ...groups.old]).filter(
        (m) => m.tags.frequency.ruleVersion === 2,
      ).length;
    const writtenBefore = v2();
    // rules, due query, open job, rules, batch read, then 5 member writes: killed
    emu.faults.arm({ fn: 'tags', afterRequest: 10 });
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'tags')!;
    expect((await emu.scheduler.fireNow(trigger)).result).toMatchObject({ ok: false });
    expect(job().cursor).toBe(cursorBefore);
    const killedWrites = v2() - writtenBefore;
    expect(killedWrites).toBe(5);

    const next = await fireTimer<TagsRunResult>(emu, 'tags');
    expect(next.result.recompute).toMatchObject({ jobId, done: true, scanned: 150 });
    // every member with tags written exactly once: the killed run's 5 are not written again
    expect(job().written + killedWrites).toBe(100);
    expect(members(groups.two).map((m) => m.tags.frequency.value)).toEqual(
      groups.two.map(() => '高频'),
    );
    expect(members(groups.three).every((m) => m.tags.frequency.value === '高频')).toBe(true);
    expect(members(groups.old).every((m) => m.tags.frequency.value === '低频')).toBe(true);
    expect(members(groups.none).every((m) => JSON.stringify(m.tags) === '{}')).toBe(true);
    expect(data(await crm<TagJobView>('getTagJob', {}))).toBeNull(); // nothing open
  });
});
