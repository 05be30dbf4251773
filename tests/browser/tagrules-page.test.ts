/**
 * 标签规则 in Chromium on the H5 build: HQ lowers 高频 from 3 to 2 purchases in 30 days,
 * is stopped by a window out of range with the schema's bound, previews (who gains and who
 * loses 高频 and 中频, with masked samples), applies — version 2, the members' tags
 * recomputed — and the history shows the change with its author. A store manager reads the
 * rules but cannot change them. Screenshots: test-results/screenshots/tagrules-preview.png,
 * tagrules-history.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, isDisabled, squashedText as text, type H5Suite } from './boot';
import { find } from '../emulator/support/loyalty';
import { addTaggedMember } from '../emulator/support/tags';
import { waitFor } from '../support/waitFor';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

const input = (path: string) => `#tagfield-${path.replace(/\./g, '-')} input`;
const HIGH_FREQ = 'families.0.values.0.when.value';
const HIGH_FREQ_DAYS = 'families.0.values.0.when.days';

describe('h5: HQ edits the tag rules with a preview of who gains and loses', () => {
  it('changes a threshold, previews, applies; the members are re-tagged and the history shows it', async () => {
    const twice = Array.from({ length: 3 }, () =>
      addTaggedMember(emu, [{ daysAgo: 12 }, { daysAgo: 2 }]),
    );
    addTaggedMember(emu, [{ daysAgo: 20 }, { daysAgo: 10 }, { daysAgo: 1 }]);
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/tagrules/index',
    });
    await page.locator(input(HIGH_FREQ)).waitFor();
    expect(await text(page, '.rules__head')).toContain('默认规则（尚未修改）');
    expect(await page.locator(input(HIGH_FREQ)).inputValue()).toBe('3');
    // money in yuan: 高价值 is more than ¥5,000 in 3 months
    expect(await page.locator(input('families.3.values.0.when.all.0.value')).inputValue()).toBe(
      '5000',
    );
    expect(await isDisabled(page, '#tagrules-apply')).toBe(true);

    await page.locator(input(HIGH_FREQ_DAYS)).fill('0');
    await waitFor(async () =>
      expect(await text(page, '[data-testid="tagrules-invalid"]')).toBe(
        '购买频次·高频：消费次数的统计范围（近几天）：须为1–400天',
      ),
    );
    expect(await page.locator('#tagrules-preview').count()).toBe(0);
    await page.locator(input(HIGH_FREQ_DAYS)).fill('30');
    await page.locator(input(HIGH_FREQ)).fill('2');
    await waitFor(async () =>
      expect(await text(page, '[data-testid="tagrules-preview"]')).toContain(
        '购买频次·高频·近30天消费次数≥3次→2次',
      ),
    );
    // not applied before a preview
    expect(await isDisabled(page, '#tagrules-apply')).toBe(true);

    await page.locator('#tagrules-preview').click();
    await waitFor(async () =>
      expect(await text(page, '[data-testid="tagrules-result"]')).toContain('已检查全部'),
    );
    const result = await text(page, '#result-frequency');
    expect(result).toContain('「高频」新增3人移出0人');
    expect(result).toContain('「中频」新增0人移出3人');
    expect(result).toContain('中频→高频（近30天消费2次）');
    expect(result).toMatch(/[\u4e00-\u9fff]\*\*：中频→高频/);
    await shot(page, 'tagrules-preview');

    await waitFor(async () => expect(await isDisabled(page, '#tagrules-apply')).toBe(false));
    await page.locator('#tagrules-apply').click();
    await waitFor(async () =>
      expect(await text(page, '.rules__notice')).toBe('已应用为第2版，正在按新规则更新会员标签'),
    );
    await waitFor(async () =>
      expect(await text(page, '[data-testid="tagrules-job"]')).toContain('第2版已生效'),
    );
    await waitFor(async () =>
      expect(await text(page, '[data-testid="tagrules-history"]')).toContain(
        '购买频次·高频·近30天消费次数≥：3次→2次',
      ),
    );
    expect(await text(page, '[data-testid="tagrules-history"]')).toContain(`第2版·${seed.hq.name}`);
    expect(await text(page, '.rules__head')).toContain(`第2版·${seed.hq.name}`);
    expect(await page.locator(input(HIGH_FREQ)).inputValue()).toBe('2');
    await shot(page, 'tagrules-history');

    expect(find(emu, 'settings', { _id: 'tags' })[0]).toMatchObject({
      version: 2,
      rules: { version: 2 },
    });
    const tagged = find(emu, 'members', { _id: { $in: twice.map((m) => m._id) } });
    expect(tagged.map((m) => [m.tags.frequency.value, m.tags.frequency.ruleVersion])).toEqual(
      twice.map(() => ['高频', 2]),
    );
    expect(page.consoleErrors).toEqual([]);
  });

  it('a store manager reads the rules and their history, cannot change them', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.managers[0].openid,
      route: 'staff/pages/tagrules/index',
    });
    await page.locator(input(HIGH_FREQ)).waitFor();
    expect(await text(page, '.rules__head')).toContain('仅总部可修改');
    expect(await page.locator(input(HIGH_FREQ)).isDisabled()).toBe(true);
    expect(await page.locator('#tagrules-apply').count()).toBe(0);
    expect(await text(page, '[data-testid="tagrules-history"]')).toContain(
      '购买频次·高频·近30天消费次数≥：3次→2次',
    );
  });
});
