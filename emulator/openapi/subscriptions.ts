/**
 * One-time subscription credits, as WeChat keeps them for retail mini-programs: each
 * template a user accepts in `wx.requestSubscribeMessage` allows exactly one
 * `subscribeMessage.send` of that template to that user. Credits accumulate (accepting
 * three times allows three sends) and are spent oldest first. WeChat offers no API to
 * read them; `list` exists for tests and the emulator console only.
 */
import type { Database } from 'better-sqlite3';

export interface SubscriptionCredit {
  id: number;
  openid: string;
  templateId: string;
  acceptedAt: number;
  /** null while the credit is unspent. */
  consumedAt: number | null;
  /** Outbox id of the message that spent it. */
  outboxId: number | null;
}

export interface SubscriptionCredits {
  /**
   * Records one credit per accepted template id (duplicates within one call count once,
   * as in one subscription dialog). At most 5 templates per call, like the client API.
   */
  grant(openid: string, templateIds: readonly string[], acceptedAt: number): SubscriptionCredit[];
  /** Spends the oldest unspent credit; null when there is none. */
  consume(
    openid: string,
    templateId: string,
    at: number,
    outboxId: number | null,
  ): SubscriptionCredit | null;
  /** Attaches the outbox id to a credit spent before the message row existed. */
  attachOutbox(creditId: number, outboxId: number): void;
  list(openid: string, options?: { includeConsumed?: boolean }): SubscriptionCredit[];
}

interface Row {
  id: number;
  openid: string;
  template_id: string;
  accepted_at: number;
  consumed_at: number | null;
  outbox_id: number | null;
}

const fromRow = (r: Row): SubscriptionCredit => ({
  id: r.id,
  openid: r.openid,
  templateId: r.template_id,
  acceptedAt: r.accepted_at,
  consumedAt: r.consumed_at,
  outboxId: r.outbox_id,
});

const MAX_TEMPLATES_PER_REQUEST = 5;

export function createSubscriptionCredits(sqlite: Database): SubscriptionCredits {
  sqlite.exec(`
    CREATE TABLE IF NOT EXISTS emulator_openapi_subscription_credits (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      openid TEXT NOT NULL,
      template_id TEXT NOT NULL,
      accepted_at INTEGER NOT NULL,
      consumed_at INTEGER,
      outbox_id INTEGER
    );
    CREATE INDEX IF NOT EXISTS emulator_openapi_subscription_credits_unspent
      ON emulator_openapi_subscription_credits (openid, template_id, consumed_at, id);
  `);

  const insert = sqlite.prepare(
    'INSERT INTO emulator_openapi_subscription_credits (openid, template_id, accepted_at) VALUES (?, ?, ?)',
  );
  const byId = sqlite.prepare<[number], Row>(
    'SELECT * FROM emulator_openapi_subscription_credits WHERE id = ?',
  );
  const oldestUnspent = sqlite.prepare<[string, string], Row>(`
    SELECT * FROM emulator_openapi_subscription_credits
    WHERE openid = ? AND template_id = ? AND consumed_at IS NULL
    ORDER BY accepted_at, id LIMIT 1
  `);
  const spend = sqlite.prepare(
    'UPDATE emulator_openapi_subscription_credits SET consumed_at = ?, outbox_id = ? WHERE id = ? AND consumed_at IS NULL',
  );
  const setOutbox = sqlite.prepare(
    'UPDATE emulator_openapi_subscription_credits SET outbox_id = ? WHERE id = ?',
  );
  const unspent = sqlite.prepare<[string], Row>(
    'SELECT * FROM emulator_openapi_subscription_credits WHERE openid = ? AND consumed_at IS NULL ORDER BY id',
  );
  const all = sqlite.prepare<[string], Row>(
    'SELECT * FROM emulator_openapi_subscription_credits WHERE openid = ? ORDER BY id',
  );

  const grant = sqlite.transaction(
    (openid: string, templateIds: readonly string[], acceptedAt: number) =>
      [...new Set(templateIds)].map((t) =>
        fromRow(byId.get(Number(insert.run(openid, t, acceptedAt).lastInsertRowid))!),
      ),
  );
  const consume = sqlite.transaction(
    (openid: string, templateId: string, at: number, outboxId: number | null) => {
      const row = oldestUnspent.get(openid, templateId);
      if (!row || spend.run(at, outboxId, row.id).changes !== 1) return null;
      return fromRow(byId.get(row.id)!);
    },
  );

  return {
    grant(openid, templateIds, acceptedAt) {
      if (!openid) throw new Error('grantSubscription: openid is required');
      if (templateIds.length === 0 || templateIds.length > MAX_TEMPLATES_PER_REQUEST) {
        throw new Error(
          `grantSubscription: 1..${MAX_TEMPLATES_PER_REQUEST} template ids per request`,
        );
      }
      if (templateIds.some((t) => typeof t !== 'string' || t === '')) {
        throw new Error('grantSubscription: template ids must be non-empty strings');
      }
      return grant(openid, templateIds, acceptedAt);
    },
    consume: (openid, templateId, at, outboxId) => consume(openid, templateId, at, outboxId),
    attachOutbox: (creditId, outboxId) => void setOutbox.run(outboxId, creditId),
    list: (openid, options = {}) =>
      (options.includeConsumed ? all : unspent).all(openid).map(fromRow),
  };
}
