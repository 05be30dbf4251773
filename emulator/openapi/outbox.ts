/**
 * The emulator's outbox: every message a function tried to send to a person, whether
 * WeChat would have delivered it or not. Member subscribe messages (channel 'subscribe')
 * and clerk service-account template messages (channel 'serviceAccount') share one table,
 * so tests and the console can read "what did the members and clerks receive" in order.
 * Ids are increasing integers: poll with `list({ sinceId })`.
 */
import type { Database } from 'better-sqlite3';

export type OutboxChannel = 'subscribe' | 'serviceAccount';
export type OutboxStatus = 'delivered' | 'rejected';

export interface OutboxMessage {
  id: number;
  channel: OutboxChannel;
  touser: string;
  templateId: string;
  /** Mini-program page (with query) the message opens; service account: miniprogram.pagepath, else url. */
  page: string | null;
  /** The template data as sent: `{ thing1: { value: '…' } }`. */
  data: Record<string, unknown>;
  status: OutboxStatus;
  /** 0 when delivered, else WeChat's errcode (43101, 47003, …). */
  errcode: number;
  errmsg: string;
  at: number;
  invocationId: string | null;
  /** Channel-specific extras: subscribe {miniprogramState, lang}; serviceAccount {msgid, url, miniprogram, clientMsgId}. */
  meta: Record<string, unknown>;
}

export type NewOutboxMessage = Omit<OutboxMessage, 'id' | 'at'> & { clientMsgId?: string | null };

export interface OutboxQuery {
  channel?: OutboxChannel;
  touser?: string;
  /** Only messages with an id greater than this. */
  sinceId?: number;
  /** Default 1000. */
  limit?: number;
}

export interface Outbox {
  list(query?: OutboxQuery): OutboxMessage[];
  clear(): void;
  /** Records one message; returns it with its id and time. */
  record(message: NewOutboxMessage): OutboxMessage;
  /** The delivered service-account message with this (touser, client_msg_id) sent at or after `since`. */
  findByClientMsgId(touser: string, clientMsgId: string, since: number): OutboxMessage | null;
}

interface Row {
  id: number;
  channel: OutboxChannel;
  touser: string;
  template_id: string;
  page: string | null;
  data: string;
  status: OutboxStatus;
  errcode: number;
  errmsg: string;
  at: number;
  invocation_id: string | null;
  meta: string;
}

const fromRow = (r: Row): OutboxMessage => ({
  id: r.id,
  channel: r.channel,
  touser: r.touser,
  templateId: r.template_id,
  page: r.page,
  data: JSON.parse(r.data) as Record<string, unknown>,
  status: r.status,
  errcode: r.errcode,
  errmsg: r.errmsg,
  at: r.at,
  invocationId: r.invocation_id,
  meta: JSON.parse(r.meta) as Record<string, unknown>,
});

export function createOutbox(sqlite: Database, clock: () => number): Outbox {
  sqlite.exec(`
    CREATE TABLE IF NOT EXISTS emulator_openapi_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      channel TEXT NOT NULL,
      touser TEXT NOT NULL,
      template_id TEXT NOT NULL,
      page TEXT,
      data TEXT NOT NULL,
      status TEXT NOT NULL,
      errcode INTEGER NOT NULL,
      errmsg TEXT NOT NULL,
      at INTEGER NOT NULL,
      invocation_id TEXT,
      client_msg_id TEXT,
      meta TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS emulator_openapi_outbox_touser ON emulator_openapi_outbox (touser, id);
    CREATE INDEX IF NOT EXISTS emulator_openapi_outbox_client_msg
      ON emulator_openapi_outbox (touser, client_msg_id) WHERE client_msg_id IS NOT NULL;
  `);

  const insert = sqlite.prepare(`
    INSERT INTO emulator_openapi_outbox
      (channel, touser, template_id, page, data, status, errcode, errmsg, at, invocation_id, client_msg_id, meta)
    VALUES (@channel, @touser, @templateId, @page, @data, @status, @errcode, @errmsg, @at, @invocationId, @clientMsgId, @meta)
  `);
  const byId = sqlite.prepare<[number], Row>('SELECT * FROM emulator_openapi_outbox WHERE id = ?');
  const byClientMsgId = sqlite.prepare<[string, string, number], Row>(`
    SELECT * FROM emulator_openapi_outbox
    WHERE touser = ? AND client_msg_id = ? AND at >= ? AND status = 'delivered'
    ORDER BY id LIMIT 1
  `);

  return {
    record(message) {
      const at = clock();
      const info = insert.run({
        channel: message.channel,
        touser: message.touser,
        templateId: message.templateId,
        page: message.page,
        data: JSON.stringify(message.data ?? {}),
        status: message.status,
        errcode: message.errcode,
        errmsg: message.errmsg,
        at,
        invocationId: message.invocationId,
        clientMsgId: message.clientMsgId ?? null,
        meta: JSON.stringify(message.meta ?? {}),
      });
      return fromRow(byId.get(Number(info.lastInsertRowid))!);
    },

    list(query = {}) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (query.channel) {
        where.push('channel = ?');
        params.push(query.channel);
      }
      if (query.touser !== undefined) {
        where.push('touser = ?');
        params.push(query.touser);
      }
      if (query.sinceId !== undefined) {
        where.push('id > ?');
        params.push(query.sinceId);
      }
      const limit = Math.max(0, Math.min(query.limit ?? 1000, 10_000));
      const sql =
        'SELECT * FROM emulator_openapi_outbox' +
        (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
        ' ORDER BY id LIMIT ?';
      return sqlite
        .prepare<Array<string | number>, Row>(sql)
        .all(...params, limit)
        .map(fromRow);
    },

    clear() {
      sqlite.exec('DELETE FROM emulator_openapi_outbox');
    },

    findByClientMsgId(touser, clientMsgId, since) {
      const row = byClientMsgId.get(touser, clientMsgId, since);
      return row ? fromRow(row) : null;
    },
  };
}
