/**
 * Member levels (普通 / 银卡 / 金卡) follow the rolling 12-month SPEND, never the points
 * balance (a member who redeems points must not drop a level), and move both up and down.
 * Thresholds are settings (`settings.levels`); the level of a spend is the highest level
 * whose threshold it reaches.
 */
import { formatFen } from './money';
import type { Settings } from './settings';

export const LEVELS = ['normal', 'silver', 'gold'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES: Record<Level, string> = {
  normal: '普通会员',
  silver: '银卡会员',
  gold: '金卡会员',
};
export const LEVEL_SHORT_NAMES: Record<Level, string> = {
  normal: '普通',
  silver: '银卡',
  gold: '金卡',
};

/**
 * The rolling 12-month spend (fen) from which a level applies; 0 for normal.
 * @example levelThreshold('gold', defaultSettings) // 500000
 */
export function levelThreshold(level: Level, settings: Settings): number {
  if (level === 'gold') return settings.levels.goldSpendFen;
  if (level === 'silver') return settings.levels.silverSpendFen;
  return 0;
}

/**
 * The level earned by a rolling 12-month spend.
 * @example levelForSpend(100_000, defaultSettings) // 'silver' (exactly ¥1,000)
 */
export function levelForSpend(spend12mFen: number, settings: Settings): Level {
  for (let i = LEVELS.length - 1; i > 0; i--) {
    if (spend12mFen >= levelThreshold(LEVELS[i], settings)) return LEVELS[i];
  }
  return 'normal';
}

export type LevelProgress = {
  current: Level;
  /** null at the top level */
  next: Level | null;
  /** fen still to spend to reach `next`; 0 at the top level */
  remainingFen: number;
  /** spend ÷ next threshold, 0–1, for a progress bar; 1 at the top level */
  ratio: number;
};

/**
 * Where a spend stands on the way to the next level.
 * @example nextLevelProgress(468_000, defaultSettings) // { current: 'silver', next: 'gold', remainingFen: 32000, ratio: 0.936 }
 */
export function nextLevelProgress(spend12mFen: number, settings: Settings): LevelProgress {
  const spend = Math.max(0, spend12mFen);
  const current = levelForSpend(spend, settings);
  const next = LEVELS[LEVELS.indexOf(current) + 1] ?? null;
  if (!next) return { current, next: null, remainingFen: 0, ratio: 1 };
  const target = levelThreshold(next, settings);
  return { current, next, remainingFen: target - spend, ratio: Math.min(1, spend / target) };
}

/**
 * The progress line on the member card.
 * @example formatLevelProgress({ current: 'silver', next: 'gold', remainingFen: 32000, ratio: 0.9 }) // '还差 ¥320 升级金卡'
 */
export function formatLevelProgress(progress: LevelProgress): string {
  if (!progress.next) return `您已是最高等级${LEVEL_NAMES[progress.current]}`;
  return `还差 ${formatFen(progress.remainingFen)} 升级${LEVEL_SHORT_NAMES[progress.next]}`;
}

/**
 * Direction of a level change.
 * @example levelChange('silver', 'gold') // 'up'
 */
export function levelChange(from: Level, to: Level): 'up' | 'down' | 'same' {
  const d = LEVELS.indexOf(to) - LEVELS.indexOf(from);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'same';
}

export type LevelDecision =
  | { kind: 'none'; level: Level }
  | { kind: 'levelChanged'; from: Level; to: Level; direction: 'up' | 'down'; notice: string };

/**
 * Decide whether a member's level changes for their current rolling spend, with the
 * Chinese notice to send them.
 * @example planLevelChange('normal', 120_000, defaultSettings) // { kind: 'levelChanged', to: 'silver', notice: '恭喜您升级为银卡会员！', … }
 */
export function planLevelChange(
  current: Level,
  spend12mFen: number,
  settings: Settings,
): LevelDecision {
  const to = levelForSpend(spend12mFen, settings);
  const direction = levelChange(current, to);
  if (direction === 'same') return { kind: 'none', level: current };
  const notice =
    direction === 'up'
      ? `恭喜您升级为${LEVEL_NAMES[to]}！`
      : `根据近12个月消费，您的会员等级已调整为${LEVEL_NAMES[to]}。`;
  return { kind: 'levelChanged', from: current, to, direction, notice };
}
