import fs from 'node:fs';
import type { Command } from 'commander';
import { configFromEnv, fail, openConfiguredStorage } from '../runtime.ts';
import { systemActor } from '../../server/access/actor.ts';
import { AppError } from '../../server/errors.ts';
import { resolveScope } from '../../server/modules/cases/resolveScope.ts';
import { buildBulletin } from '../../server/modules/reports/buildBulletin.ts';
import { bulletinPdf, bulletinXlsx } from '../../server/modules/reports/renderBulletin.ts';
import { buildAar } from '../../server/modules/reports/buildAar.ts';
import { aarPdf, aarXlsx } from '../../server/modules/reports/renderAar.ts';

interface BulletinOpts {
  date?: string;
  format: string;
  out?: string;
  scope?: string;
  font?: string;
  fontFamily?: string;
}

async function writeBulletin(kind: 'daily' | 'weekly', opts: BulletinOpts): Promise<void> {
  if (!opts.date || !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) fail('--date is required: YYYY-MM-DD (China time)', 2);
  if (opts.format !== 'xlsx' && opts.format !== 'pdf') fail('--format: must be xlsx or pdf', 2);
  if (!opts.out) fail('--out is required: the file to write', 2);
  const config = configFromEnv();
  const storage = await openConfiguredStorage(config);
  try {
    const actor = systemActor('cli', 'cli');
    const { scope, prefix } = await resolveScope(storage.db, actor, 'report.read', opts.scope);
    const name = opts.scope ? (await storage.db.selectFrom('territory_nodes').select('name_zh').where('code', '=', opts.scope).executeTakeFirst())?.name_zh ?? '' : '';
    const bulletin = await buildBulletin(storage.db, { kind, date: opts.date, scope, prefix, scopeName: name, now: new Date() });
    const body = opts.format === 'xlsx' ? await bulletinXlsx(bulletin) : await bulletinPdf(bulletin, opts.font ? { path: opts.font, ...(opts.fontFamily ? { family: opts.fontFamily } : {}) } : null);
    fs.writeFileSync(opts.out, body);
    console.log(`${bulletin.title} ${opts.date} → ${opts.out} (${body.length} bytes)`);
  } catch (err) {
    if (err instanceof AppError) fail(`--${err.field ?? 'input'}: ${err.message}`, 2);
    throw err;
  } finally {
    await storage.close();
  }
}

interface AarOpts {
  campaign?: string;
  format: string;
  out?: string;
  font?: string;
  fontFamily?: string;
}

/** 专项行动总结评估: the after-action review of one campaign to a file. */
async function writeAar(opts: AarOpts): Promise<void> {
  if (!opts.campaign || !/^[0-9a-f-]{36}$/.test(opts.campaign)) fail('--campaign is required: the campaign id (UUID)', 2);
  if (opts.format !== 'xlsx' && opts.format !== 'pdf') fail('--format: must be xlsx or pdf', 2);
  if (!opts.out) fail('--out is required: the file to write', 2);
  const config = configFromEnv();
  const storage = await openConfiguredStorage(config);
  try {
    const aar = await buildAar(storage.db, { actor: systemActor('cli', 'cli'), campaignId: opts.campaign, now: new Date() });
    const body = opts.format === 'xlsx' ? await aarXlsx(aar) : await aarPdf(aar, opts.font ? { path: opts.font, ...(opts.fontFamily ? { family: opts.fontFamily } : {}) } : null);
    fs.writeFileSync(opts.out, body);
    console.log(`${aar.title} → ${opts.out} (${body.length} bytes)`);
  } catch (err) {
    if (err instanceof AppError) fail(`--${err.field ?? 'input'}: ${err.message}`, 2);
    throw err;
  } finally {
    await storage.close();
  }
}

/** `wangge report daily|weekly|aar`: bulletins (安保日报/周报) and campaign after-action reviews as XLSX or PDF (docs/reports.md). */
export function registerReport(program: Command): void {
  const report = program.command('report').description('简报与总结评估 / bulletins and after-action reviews as XLSX or PDF (docs/reports.md)');
  for (const kind of ['daily', 'weekly'] as const) {
    report
      .command(kind)
      .description(kind === 'daily' ? '安保日报 / daily bulletin of one China day' : '安保周报 / weekly bulletin of the 7 days ending on --date')
      .option('--date <date>', 'YYYY-MM-DD (China time)')
      .option('--format <format>', 'xlsx or pdf', 'xlsx')
      .option('--out <file>', 'file to write')
      .option('--scope <code>', 'division or grid code (default: everything)')
      .option('--font <file>', 'CJK font file to embed in the PDF (default: fonts-wqy-microhei or Noto CJK when installed)')
      .option('--font-family <name>', 'font name inside a .ttc collection')
      .action((opts: BulletinOpts) => writeBulletin(kind, opts));
  }
  report
    .command('aar')
    .description('专项行动总结评估 / after-action review of a campaign')
    .option('--campaign <id>', 'campaign id (UUID)')
    .option('--format <format>', 'xlsx or pdf', 'pdf')
    .option('--out <file>', 'file to write')
    .option('--font <file>', 'CJK font file to embed in the PDF')
    .option('--font-family <name>', 'font name inside a .ttc collection')
    .action((opts: AarOpts) => writeAar(opts));
}
