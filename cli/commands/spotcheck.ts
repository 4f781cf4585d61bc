import { InvalidArgumentError, type Command } from 'commander';
import { configFromEnv, fail, openConfiguredStorage } from '../runtime.ts';
import { AppError } from '../../server/errors.ts';
import { drawSpotCheckSample, type StratumLevel } from '../../server/modules/supervision/drawSpotCheckSample.ts';
import { parseDateOrRange } from '../../server/reporting/periods.ts';

function seedArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n > 0xffffffff) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295');
  return n;
}

function ratioArg(value: string): number {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || !(n > 0 && n < 1)) throw new InvalidArgumentError('must be a number between 0 and 1, e.g. 0.95');
  return n;
}

/** `wangge spotcheck sample`: print a reproducible stratified random sample of closed cases (随机抽查); records nothing. */
export function registerSpotcheck(program: Command): void {
  const spotcheck = program.command('spotcheck').description('随机抽查 / random spot checks of closed cases (docs/supervision.md)');
  spotcheck
    .command('sample')
    .description('抽取样本 / print the sample; the same seed over the same closed cases gives the same sample')
    .requiredOption('--seed <n>', 'PRNG seed (recorded with the sample)', seedArg)
    .requiredOption('--period <date|range>', 'closing date YYYY-MM-DD or range YYYY-MM-DD..YYYY-MM-DD (China time, inclusive)')
    .option('--confidence <level>', 'confidence level', ratioArg, 0.95)
    .option('--margin <e>', 'margin of error', ratioArg, 0.05)
    .option('--scope <code>', 'division or grid code to sample under (default: everything)')
    .option('--stratum <level>', 'stratum level: street or county', 'street')
    .option('--json', 'print JSON')
    .action(async (opts: { seed: number; period: string; confidence: number; margin: number; scope?: string; stratum: string; json?: boolean }) => {
      if (opts.stratum !== 'street' && opts.stratum !== 'county') fail('--stratum: must be street or county', 2);
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      try {
        let period: { from: string; to: string };
        try {
          period = parseDateOrRange(opts.period);
        } catch (err) {
          fail(`--period: ${(err as Error).message.replace(/^period: /, '')}`, 2);
        }
        let scopePath = '';
        if (opts.scope) {
          const node = await storage.db.selectFrom('territory_nodes').select('path').where('code', '=', opts.scope).executeTakeFirst();
          if (!node) fail(`--scope: no territory node ${opts.scope}`, 2);
          scopePath = node.path;
        }
        const draw = await drawSpotCheckSample(storage.db, { seed: opts.seed, period, scopeCode: opts.scope ?? '', scopePath, confidence: opts.confidence, margin: opts.margin, stratumLevel: opts.stratum as StratumLevel });
        if (opts.json) {
          console.log(JSON.stringify(draw, null, 2));
        } else {
          console.log(`seed ${draw.seed}  N=${draw.population}  n=${draw.sampleSize} (z=${draw.z}, n0=${draw.n0})  drawn ${draw.drawn}, unassigned ${draw.unassigned}`);
          for (const s of draw.strata) console.log(`  ${s.stratum} ${s.name}: ${s.sample}/${s.population}`);
          for (const i of draw.items) console.log(`${i.caseNo}\t${i.stratum}\t${i.gridCode}\t${i.inspectorName ?? '(未指派 / unassigned)'}`);
        }
      } catch (err) {
        if (err instanceof AppError) fail(`--${err.field ?? 'input'}: ${err.message}`, 2);
        throw err;
      } finally {
        await storage.close();
      }
    });
}
