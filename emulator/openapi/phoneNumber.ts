/**
 * `phonenumber.getPhoneNumber` stand-in. WeChat's `<Button openType='getPhoneNumber'>`
 * hands the page a one-time code (valid 5 minutes) that the server exchanges for the
 * user's phone. In the emulator a code spells its phone: `dev_<11-digit mainland mobile>`
 * with an optional `_<nonce>` (letters/digits) so one phone can produce many distinct
 * codes, e.g. `dev_13800138000_a1`. `issue` (the emulator's button) records when a code
 * was handed out; a code never issued counts as issued when first presented. Each code
 * works once and within 5 minutes of issue; anything else answers 40029 "invalid code",
 * as WeChat does for expired, reused, foreign or malformed codes.
 */
import type { Database } from 'better-sqlite3';
import { wxError, wxOk, type WxJson } from './wxError';

const PHONE_CODE_TTL_MS = 5 * 60 * 1000;
const DEV_PHONE_CODE = /^dev_(1[3-9]\d{9})(?:_([A-Za-z0-9]{1,32}))?$/;

export interface PhoneCodes {
  /** Hands out a code for `phone` now (clock), like the getPhoneNumber button. */
  issue(phone: string, nonce: string): string;
  /** Exchanges a code; WeChat's JSON answer. */
  redeem(code: unknown, appid: string, rid: string): WxJson;
}

interface Row {
  code: string;
  issued_at: number;
  used_at: number | null;
}

export function createPhoneCodes(sqlite: Database, clock: () => number): PhoneCodes {
  sqlite.exec(`
    CREATE TABLE IF NOT EXISTS emulator_openapi_phone_codes (
      code TEXT PRIMARY KEY,
      phone TEXT NOT NULL,
      issued_at INTEGER NOT NULL,
      used_at INTEGER
    );
  `);
  const find = sqlite.prepare<[string], Row>(
    'SELECT code, issued_at, used_at FROM emulator_openapi_phone_codes WHERE code = ?',
  );
  const insert = sqlite.prepare(
    'INSERT OR IGNORE INTO emulator_openapi_phone_codes (code, phone, issued_at) VALUES (?, ?, ?)',
  );
  const use = sqlite.prepare(
    'UPDATE emulator_openapi_phone_codes SET used_at = ? WHERE code = ? AND used_at IS NULL',
  );

  const redeem = sqlite.transaction((code: unknown, appid: string, rid: string): WxJson => {
    const invalid = wxError(40029, 'invalid code', rid);
    if (typeof code !== 'string') return invalid;
    const match = DEV_PHONE_CODE.exec(code);
    if (!match) return invalid;
    const phone = match[1];
    const now = clock();
    insert.run(code, phone, now);
    const row = find.get(code)!;
    if (row.used_at !== null || now - row.issued_at > PHONE_CODE_TTL_MS) return invalid;
    if (use.run(now, code).changes !== 1) return invalid;
    return wxOk({
      phone_info: {
        phoneNumber: phone,
        purePhoneNumber: phone,
        countryCode: '86',
        watermark: { timestamp: Math.floor(now / 1000), appid },
      },
    });
  });

  return {
    issue(phone, nonce) {
      const code = `dev_${phone}_${nonce}`;
      if (!DEV_PHONE_CODE.test(code))
        throw new Error(`issuePhoneCode: not a mainland mobile or bad nonce: ${code}`);
      if (insert.run(code, phone, clock()).changes !== 1)
        throw new Error(`issuePhoneCode: ${code} was already issued`);
      return code;
    },
    redeem: (code, appid, rid) => redeem(code, appid, rid),
  };
}
