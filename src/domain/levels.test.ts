import { describe, expect, it } from '@jest/globals';
import {
  LEVEL_NAMES,
  formatLevelProgress,
  levelChange,
  levelForSpend,
  levelThreshold,
  nextLevelProgress,
  planLevelChange,
} from './levels';
import { defaultSettings, parseSettings } from './settings';

const s = defaultSettings;

describe('levelForSpend', () => {
  it('is normal below the silver threshold', () => {
    expect(levelForSpend(0, s)).toBe('normal');
    expect(levelForSpend(99_999, s)).toBe('normal');
  });

  it('reaches a level exactly at its threshold', () => {
    expect(levelForSpend(100_000, s)).toBe('silver');
    expect(levelForSpend(500_000, s)).toBe('gold');
  });

  it('stays silver one fen below gold', () => {
    expect(levelForSpend(499_999, s)).toBe('silver');
  });

  it('follows HQ thresholds', () => {
    const custom = parseSettings({ levels: { silverSpendFen: 50_000, goldSpendFen: 200_000 } });
    expect(levelForSpend(60_000, custom)).toBe('silver');
    expect(levelThreshold('gold', custom)).toBe(200_000);
  });
});

describe('nextLevelProgress and formatLevelProgress', () => {
  it('shows what is left to gold', () => {
    const p = nextLevelProgress(468_000, s);
    expect(p).toEqual({ current: 'silver', next: 'gold', remainingFen: 32_000, ratio: 0.936 });
    expect(formatLevelProgress(p)).toBe('还差 ¥320 升级金卡');
  });

  it('shows cents when the remainder has them', () => {
    expect(formatLevelProgress(nextLevelProgress(99_950, s))).toBe('还差 ¥0.50 升级银卡');
  });

  it('starts at ratio 0 for a new member', () => {
    expect(nextLevelProgress(0, s)).toEqual({
      current: 'normal',
      next: 'silver',
      remainingFen: 100_000,
      ratio: 0,
    });
  });

  it('is complete at the top level', () => {
    const p = nextLevelProgress(800_000, s);
    expect(p).toEqual({ current: 'gold', next: null, remainingFen: 0, ratio: 1 });
    expect(formatLevelProgress(p)).toBe('您已是最高等级金卡会员');
  });

  it('treats a negative spend (over-refunded data) as zero', () => {
    expect(nextLevelProgress(-500, s).remainingFen).toBe(100_000);
  });
});

describe('levelChange and planLevelChange', () => {
  it('gives the direction', () => {
    expect(levelChange('normal', 'gold')).toBe('up');
    expect(levelChange('gold', 'silver')).toBe('down');
    expect(levelChange('silver', 'silver')).toBe('same');
  });

  it('upgrades with a congratulation', () => {
    expect(planLevelChange('normal', 120_000, s)).toEqual({
      kind: 'levelChanged',
      from: 'normal',
      to: 'silver',
      direction: 'up',
      notice: '恭喜您升级为银卡会员！',
    });
  });

  it('downgrades when the rolling spend falls, with a neutral notice', () => {
    const d = planLevelChange('gold', 150_000, s);
    expect(d).toMatchObject({ kind: 'levelChanged', to: 'silver', direction: 'down' });
    if (d.kind === 'levelChanged') expect(d.notice).toContain(LEVEL_NAMES.silver);
  });

  it('decides nothing when the level holds', () => {
    expect(planLevelChange('silver', 100_000, s)).toEqual({ kind: 'none', level: 'silver' });
  });
});
