import { uuidv7 } from 'uuidv7';
import { systemActor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { inTransaction, type AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { resolveScope } from '../cases/resolveScope.ts';
import { buildBulletin } from './buildBulletin.ts';
import { bulletinPdf, bulletinXlsx } from './renderBulletin.ts';
import { CHINA_OFFSET_MS } from '../../../shared/time/china.ts';

const DAY_MS = 86_400_000;
const LEVELS = new Set(['province', 'city', 'county', 'street', 'community']);

/** China date of `date` shifted by `days`. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Which bulletins are due at `now` for a daily run time `at` ('HH:MM' China time): the daily bulletin of
 * the day before the latest run day, and the weekly bulletin (7 days ending Sunday) of the latest Monday
 * run. Before today's run time the latest run day is yesterday.
 */
export function dueBulletins(now: Date, at: string): { daily: string; weekly: string } {
  const china = new Date(now.getTime() + CHINA_OFFSET_MS).toISOString();
  const today = china.slice(0, 10);
  const runDay = china.slice(11, 16) >= at ? today : addDays(today, -1);
  const weekday = (new Date(`${runDay}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(runDay, -weekday);
  return { daily: addDays(runDay, -1), weekly: addDays(monday, -1) };
}

/**
 * Every bulletin that should exist at `now` looking back `backfillDays` run days (补发): the daily
 * bulletins of the last `backfillDays` days up to the latest due one, the weekly bulletin of each
 * Monday run among them (its date is the Sunday before) and always the latest weekly one — oldest
 * first, a day's daily before its weekly. `backfillDays = 1` is the latest daily and weekly only.
 */
export function dueBulletinsBackfilled(now: Date, at: string, backfillDays: number): { kind: 'daily' | 'weekly'; date: string }[] {
  const due = dueBulletins(now, at);
  const out: { kind: 'daily' | 'weekly'; date: string }[] = [];
  const oldest = addDays(due.daily, -(Math.max(1, Math.floor(backfillDays)) - 1));
  if (due.weekly < oldest) out.push({ kind: 'weekly', date: due.weekly });
  for (let date = oldest; date <= due.daily; date = addDays(date, 1)) {
    out.push({ kind: 'daily', date });
    // The run day after a Sunday is a Monday: that run writes the week ending on this Sunday.
    if (new Date(`${date}T00:00:00Z`).getUTCDay() === 0) out.push({ kind: 'weekly', date });
  }
  return out;
}

/** The scope nodes configured for scheduled bulletins: level names expand to every node of the level. */
export async function bulletinScopeNodes(db: Executor, entries: readonly string[]): Promise<{ code: string; path: string; name: string }[]> {
  const levels = entries.filter((e) => LEVELS.has(e));
  const codes = entries.filter((e) => !LEVELS.has(e));
  const out = new Map<string, { code: string; path: string; name: string }>();
  if (levels.length) for (const n of await db.selectFrom('territory_nodes').select(['code', 'path', 'name_zh']).where('level', 'in', levels as never).orderBy('code').execute()) out.set(n.code, { code: n.code, path: n.path, name: n.name_zh });
  if (codes.length) for (const n of await db.selectFrom('territory_nodes').select(['code', 'path', 'name_zh']).where('code', 'in', codes).orderBy('code').execute()) out.set(n.code, { code: n.code, path: n.path, name: n.name_zh });
  return [...out.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

/**
 * Scheduled job: write the due daily (and weekly) bulletins of each configured scope, XLSX and PDF in one
 * row of `scheduled_bulletins`, back-filling the last `backfillDays` days (default
 * WANGGE_BULLETIN_BACKFILL_DAYS, 7) that have no row yet — a server that was down for days writes the
 * missed ones on its first run, oldest first. Exactly once per (kind, date, scope): an existing row is
 * skipped, and the insert is `on conflict do nothing` on that unique key, so two processes racing (the
 * scheduler's advisory lock makes that rare) still leave one row; the loser's work is discarded.
 */
export async function generateScheduledBulletins(ctx: AppContext, now: Date, o: { at?: string | null; scopes?: readonly string[]; backfillDays?: number } = {}) {
  const at = o.at === undefined ? (ctx.config.bulletinAt === undefined ? '07:30' : ctx.config.bulletinAt) : o.at;
  if (!at) return { generated: 0, skipped: 0 };
  const db = ctx.storage.db;
  const latest = dueBulletins(now, at);
  const due = dueBulletinsBackfilled(now, at, o.backfillDays ?? ctx.config.bulletinBackfillDays ?? 7);
  const nodes = await bulletinScopeNodes(db, o.scopes ?? ctx.config.bulletinScopes ?? ['city', 'county']);
  if (!due.length || !nodes.length) return { generated: 0, skipped: 0 };
  // One read of what is already there in the window instead of one per (kind, date, scope).
  const oldest = due.reduce((m, d) => (d.date < m ? d.date : m), due[0]!.date);
  const existing = new Set(
    (await db.selectFrom('scheduled_bulletins').select(['kind', 'bulletin_date', 'scope_code']).where('bulletin_date', '>=', oldest).execute()).map((r) => `${r.kind}|${r.bulletin_date}|${r.scope_code}`),
  );
  const actor = systemActor('bulletin-job');
  let generated = 0;
  let skipped = 0;
  for (const { kind, date } of due) {
    for (const node of nodes) {
      if (existing.has(`${kind}|${date}|${node.code}`)) {
        skipped += 1;
        continue;
      }
      const { scope, prefix } = await resolveScope(db, actor, 'report.read', node.code);
      const bulletin = await buildBulletin(db, { kind, date, scope, prefix, scopeName: node.name, now });
      const xlsx = await bulletinXlsx(bulletin);
      let pdf: Buffer | null = null;
      let pdfError: string | null = null;
      try {
        pdf = await bulletinPdf(bulletin);
      } catch (err) {
        // No CJK font on this server: keep the XLSX, say why the PDF is missing.
        if (!(err instanceof AppError)) throw err;
        pdfError = err.message;
      }
      const inserted = await inTransaction(ctx, async (trx) => {
        const id = uuidv7();
        const r = await trx
          .insertInto('scheduled_bulletins')
          .values({
            id, kind, bulletin_date: date, scope_code: node.code, scope_path: node.path, title: bulletin.title,
            period_from: bulletin.period.from, period_to: bulletin.period.to, xlsx, pdf, pdf_error: pdfError,
            summary_json: JSON.stringify(bulletin.summary), generated_at: now.toISOString(),
          })
          .onConflict((oc) => oc.columns(['kind', 'bulletin_date', 'scope_code']).doNothing())
          .executeTakeFirst();
        const done = Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
        if (done) await appendAudit(trx, actor, { action: 'bulletin.schedule', recordType: 'bulletin', recordId: id, after: { kind, date, scope: node.code, pdf: pdf !== null, backfill: date !== latest[kind] } });
        return done;
      });
      if (inserted) generated += 1;
      else skipped += 1;
    }
  }
  return { generated, skipped };
}
