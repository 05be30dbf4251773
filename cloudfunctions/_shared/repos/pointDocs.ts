/** The documents of points on the books (repos/points.ts): lots and ledger entries, and their ids. */

export type PointLotDoc = {
  _id: string;
  memberId: string;
  /** points credited by this lot */
  earned: number;
  /** points still spendable (0 once spent, reversed or expired) */
  remaining: number;
  expiresAt: number;
  earnedAt: number;
  /** the order that earned it, null for awards */
  orderId: string | null;
  source: 'order' | 'award';
  /** the operation key that created it (`order:<orderId>`, `award:profile:<memberId>`) */
  key?: string;
  /** points of this lot removed by the expiry timer */
  expired?: number;
  expiredAt?: number | null;
};

export type LedgerKind = 'earn' | 'spend' | 'expire' | 'reverse' | 'adjust';

export type LedgerDoc = {
  _id: string;
  memberId: string;
  kind: LedgerKind;
  /** signed: + earn/adjust, − spend/expire/reverse */
  delta: number;
  /** what caused it: an order id, `mall:<redemptionId>`, `refund:<refundId>`, `expire:<run>`… */
  ref: string;
  at: number;
  /** Chinese line for the points history (「南京西路店消费」「兑换 ¥20 券」「积分过期」) */
  title?: string;
  /** the store of the order that earned or refunded them */
  storeId?: string;
  /** lots debited: where the points came from */
  lots?: { lotId: string; points: number }[];
  /** refunds: points due back that were already spent and written off */
  unrecoverable?: number;
};

export const lotIdFor = (opKey: string) => `lot:${opKey}`;
export const ledgerIdFor = (opKey: string) => `led:${opKey}`;
