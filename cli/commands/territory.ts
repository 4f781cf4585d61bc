import fs from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { configFromEnv, fail, openConfiguredStorage } from '../runtime.ts';
import { systemActor } from '../../server/access/actor.ts';
import { AppError } from '../../server/errors.ts';
import { importTerritory } from '../../server/modules/territory/importTerritory.ts';
import { exportTerritory } from '../../server/modules/territory/exportTerritory.ts';
import { invalidateTerritoryIndex } from '../../server/modules/territory/gridIndex.ts';
import { formatOf, parseTerritoryFile } from '../../server/modules/territory/parseTerritoryFile.ts';
import { CRS_VALUES, type Crs } from '../../shared/territory/geo.ts';
import { LEVELS, type Level } from '../../shared/territory/codes.ts';

/** Find or create a top-level command (`import`, `export`) that several modules add subcommands to. */
function topLevel(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** `wangge import territory FILE` and `wangge export territory`. */
export function registerTerritory(program: Command): void {
  topLevel(program, 'import', '导入数据 / import data')
    .command('territory')
    .description('导入区划与网格 / import territory from GeoJSON (FeatureCollection) or CSV (code,name,parent,level[,name_en])')
    .argument('<file>', 'GeoJSON or CSV file')
    .option('--crs <crs>', `coordinate system of the file: ${CRS_VALUES.join('|')}`, 'wgs84')
    .option('--format <format>', 'geojson|csv (default: from the file extension)')
    .option('--repair', 'close unclosed rings and split self-intersecting polygons instead of refusing them', false)
    .action(async (file: string, opts: { crs: string; format?: string; repair: boolean }) => {
      if (!(CRS_VALUES as readonly string[]).includes(opts.crs)) fail(`--crs must be one of ${CRS_VALUES.join(', ')}, got "${opts.crs}"`, 2);
      const format = formatOf(file, opts.format);
      if (!format) fail(opts.format ? `--format must be geojson or csv, got "${opts.format}"` : `cannot tell the format of ${file} from its extension; pass --format geojson|csv`, 2);
      let content: string;
      try {
        content = fs.readFileSync(file, 'utf8');
      } catch (err) {
        fail(`cannot read ${file}: ${(err as Error).message}`, 2);
      }
      const parsed = parseTerritoryFile(content, file, format);
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: '导入 importing [{bar}] {value}/{total}' }, cliProgress.Presets.shades_classic) : null;
      let started = false;
      try {
        const summary = await storage.db.transaction().execute((trx) =>
          importTerritory(trx, {
            actor: systemActor('cli', 'cli'),
            parsed,
            crs: opts.crs as Crs,
            repair: opts.repair,
            now: new Date(),
            onProgress: (done, total) => {
              if (!bar) return;
              if (!started) {
                bar.start(total, 0);
                started = true;
              }
              bar.update(done);
            },
          }),
        );
        bar?.stop();
        invalidateTerritoryIndex();
        for (const r of summary.repairs) console.log(`repaired: ${r}`);
        console.log(
          `imported ${summary.file}: ${summary.total} node(s) — ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged`,
        );
      } catch (err) {
        bar?.stop();
        await storage.close();
        if (err instanceof AppError) fail(err.message);
        throw err;
      }
      await storage.close();
    });

  topLevel(program, 'export', '导出数据 / export data')
    .command('territory')
    .description('导出区划与网格 / export stored territory as GeoJSON (WGS84)')
    .option('--format <format>', 'geojson', 'geojson')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--level <level>', `only this level: ${LEVELS.join('|')}`)
    .action(async (opts: { format: string; out?: string; level?: string }) => {
      if (opts.format !== 'geojson') fail(`--format must be geojson, got "${opts.format}"`, 2);
      if (opts.level !== undefined && !(LEVELS as readonly string[]).includes(opts.level)) fail(`--level must be one of ${LEVELS.join(', ')}`, 2);
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      try {
        const fc = await exportTerritory(storage.db, { level: opts.level as Level | undefined });
        const text = `${JSON.stringify(fc)}\n`;
        if (opts.out) {
          fs.writeFileSync(opts.out, text);
          console.error(`exported ${fc.features.length} node(s) to ${opts.out}`);
        } else {
          process.stdout.write(text);
        }
      } finally {
        await storage.close();
      }
    });
}
