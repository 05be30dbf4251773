/**
 * `npm run db:phone-tail [-- --emulator <url>]`: the migration of an environment holding
 * members from before 我的顾客's search — writes `phoneTail` (the phone's last 4 digits,
 * domain/customers/search.ts) on every member that lacks it, in `_id` order, 500 at a time.
 * Idempotent (a member that has it is skipped; the update is conditional on its absence), so
 * a run cut short is finished by running it again. Signups write it themselves.
 */
import type { Database } from '../cloudfunctions/_shared/db';
import { phoneTail } from '../src/domain/customers/search';
import { connectDatabase } from './cloudDb';

const PAGE = 500;

export async function migratePhoneTails(db: Database): Promise<{ written: number; seen: number }> {
  const _ = db.command;
  let after = '';
  const out = { written: 0, seen: 0 };
  for (;;) {
    const res = await db
      .collection('members')
      .where({ _id: _.gt(after) })
      .field({ phone: true, phoneTail: true })
      .orderBy('_id', 'asc')
      .limit(PAGE)
      .get();
    const docs = res.data as { _id: string; phone: string; phoneTail?: string | null }[];
    for (const m of docs) {
      out.seen++;
      if (m.phoneTail !== undefined) continue;
      const r = await db
        .collection('members')
        .where({ _id: m._id, phoneTail: _.exists(false) })
        .update({ data: { phoneTail: phoneTail(m.phone) } });
      out.written += r.stats.updated;
    }
    if (docs.length < PAGE) return out;
    after = docs[docs.length - 1]._id;
  }
}

if (process.argv[1]?.endsWith('db-phone-tail.ts')) {
  migratePhoneTails(connectDatabase(process.argv))
    .then((r) => console.log(`phoneTail written: ${r.written} of ${r.seen} members`))
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
