/**
 * `npm run db:claims [-- --emulator <url>]`: the migration of an environment that holds
 * members, staff and coupons from before the unique claims (repos/claims.ts). Writes the
 * claim of every active member's phone, every member number, every bound staff OPENID and
 * the limit slot of every coupon of a limited template. Idempotent: a claim that exists
 * with the same owner is left alone; one held by another document is a duplicate that
 * already slipped in — it is listed and the exit code is 1 (resolve it by hand, then run
 * again). Coupons issued before keep their random `_id`s (new ones derive it from the issue
 * key): their keys stay guarded by the `issue_unique` index, so keep it (db:check-unique).
 *
 * Needs CRM_PII_HASH_SECRET, the functions' own secret (phone claims are keyed hashes).
 * Run it once after deploying the functions that write claims; a signup between the deploy
 * and the run is safe where the console's unique indexes exist (they are kept as a second
 * guard), which `npm run db:check-unique` proves.
 */
import {
  getById,
  isDuplicateKeyError,
  type Database,
  type Doc,
} from '../cloudfunctions/_shared/db';
import {
  CLAIMS,
  claimsOfCoupon,
  claimsOfMember,
  claimsOfStaff,
  type ClaimDoc,
} from '../cloudfunctions/_shared/repos/claims';
import { connectDatabase } from './cloudDb';

const PAGE = 500;

async function* pages(db: Database, collection: string): AsyncGenerator<Doc[]> {
  const _ = db.command;
  let after = '';
  for (;;) {
    const res = await db
      .collection(collection)
      .where({ _id: _.gt(after) })
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .get();
    if (res.data.length) yield res.data;
    if (res.data.length < PAGE) return;
    after = String(res.data[res.data.length - 1]._id);
  }
}

export type ClaimsMigration = { written: number; present: number; conflicts: string[] };

export async function migrateClaims(db: Database, piiHashSecret: string): Promise<ClaimsMigration> {
  const out: ClaimsMigration = { written: 0, present: 0, conflicts: [] };
  const claimsOf: Record<string, (d: Doc) => ClaimDoc[]> = {
    members: (m) => claimsOfMember(m as Parameters<typeof claimsOfMember>[0], piiHashSecret),
    staff: (s) => claimsOfStaff(s as Parameters<typeof claimsOfStaff>[0]),
    coupons: claimsOfCoupon,
  };
  for (const [collection, of] of Object.entries(claimsOf)) {
    for await (const docs of pages(db, collection)) {
      for (const claim of docs.flatMap(of)) {
        try {
          await db.collection(CLAIMS).add({ data: claim });
          out.written++;
        } catch (e) {
          if (!isDuplicateKeyError(e)) throw e;
          const held = await getById<ClaimDoc>(db, CLAIMS, claim._id);
          if (held?.owner === claim.owner) out.present++;
          else
            out.conflicts.push(
              `${collection}/${claim.owner}: its ${claim.kind} is held by ${held?.owner ?? '?'}`,
            );
        }
      }
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('db-claims.ts')) {
  (async () => {
    const secret = process.env.CRM_PII_HASH_SECRET;
    if (!secret) throw new Error('set CRM_PII_HASH_SECRET (the functions’ secret) to hash phones');
    const res = await migrateClaims(connectDatabase(process.argv), secret);
    console.log(`claims written: ${res.written}, already present: ${res.present}`);
    for (const c of res.conflicts) console.error(`  DUPLICATE ${c}`);
    if (res.conflicts.length)
      console.error(
        `${res.conflicts.length} duplicates already in the data: resolve them, then run again`,
      );
    process.exit(res.conflicts.length ? 1 : 0);
  })().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
