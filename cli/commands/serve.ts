import type { Command } from 'commander';
import { createApp } from '../../server/app.ts';
import { configFromEnv, openConfiguredStorage } from '../runtime.ts';
import { ensureDemoCity, printDemoLogins } from './demo.ts';
import { demoPasswordFile, readDemoPassword } from '../../server/demo/demoPassword.ts';
import { lastDemoSeed } from '../../server/demo/demo.repository.ts';
import { hasAdministrator } from '../../server/modules/people/setupFirstAdmin.ts';
import { countNodes } from '../../server/modules/territory/territory.repository.ts';
import { serverJobs, startScheduler } from '../../server/jobs/scheduler.ts';
import { slaPolicyOf } from '../../server/context.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the server (builds the demo city and its activity first when the database is empty; WANGGE_DEMO, off by default with NODE_ENV=production)')
    .action(async () => {
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      const demo = config.demoOnEmpty ? await ensureDemoCity(config, storage) : null;
      // Read before listening: what to tell the operator at the end (setup to do, where the demo password is).
      const needsSetup = !(await hasAdministrator(storage.db));
      const hasTerritory = (await countNodes(storage.db)) > 0;
      const demoBuiltEarlier = demo === null && (await lastDemoSeed(storage.db)) !== null;
      const app = await createApp(config, { storage });
      // SLA scan, audit checkpoints, idempotency purge, directive and daily-report escalation, patrol gaps
      // (serverJobs, docs/jobs.md); on shared PostgreSQL one process at a time runs each tick.
      // The jobs share the app's live event bus, so 预警/督办/升级 reach open consoles as they happen.
      const scheduler = startScheduler({ config, storage, now: () => new Date(), slaPolicy: slaPolicyOf(config), events: app.events }, serverJobs(), app.log);
      const close = async () => {
        await scheduler.stop();
        await app.close();
        await storage.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port: config.port, host: config.host });
      const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`;
      console.log(`\nwangge ${config.version} is running on ${storage.kind === 'sqlite' ? `SQLite (${config.dataDir})` : 'PostgreSQL'}`);
      console.log(`  open   ${url}`);
      console.log(`  API    ${url}api/docs (after logging in)`);
      if (config.production) console.log('  mode   production (NODE_ENV=production)');
      if (config.production && (demo !== null || demoBuiltEarlier)) {
        console.log('\nWARNING: this database holds the demo city (synthetic people sharing one password); do not put real data into it');
      }
      if (demo) printDemoLogins(demo.logins, demo.password);
      else if (demoBuiltEarlier) {
        const file = demoPasswordFile(config.dataDir);
        if (config.demoPassword === null && readDemoPassword(file) !== null) console.log(`\nDemo city: the demo logins' password is in ${file}`);
      }
      if (needsSetup) {
        // An installation without the demo has no account at all: say how to make the first one.
        console.log('\nNo administrator yet (一次性初始化 / one-time setup):');
        if (!hasTerritory) console.log('  - import your divisions and grids:   npx wangge import territory FILE.geojson');
        console.log('  - create the first administrator:    npx wangge setup --username NAME --scope DIVISION_CODE');
        console.log(`    (asks for the password; docs/operations.md "Going live"${hasTerritory ? '' : '; or WANGGE_DEMO=auto for the demo city'})`);
      }
    });
}
