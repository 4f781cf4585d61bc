import type { Command } from 'commander';
import { createApp } from '../../server/app.ts';
import { configFromEnv, openConfiguredStorage } from '../runtime.ts';
import { ensureDemoCity } from './demo.ts';
import { serverJobs, startScheduler } from '../../server/jobs/scheduler.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the server (builds the demo city and its activity first when the database is empty; WANGGE_DEMO)')
    .action(async () => {
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      const demoLogins = config.demoOnEmpty ? await ensureDemoCity(config, storage) : null;
      const app = await createApp(config, { storage });
      // SLA scan, audit checkpoints, idempotency purge, directive and daily-report escalation, patrol gaps
      // (serverJobs, docs/jobs.md); on shared PostgreSQL one process at a time runs each tick.
      // The jobs share the app's live event bus, so 预警/督办/升级 reach open consoles as they happen.
      const scheduler = startScheduler({ config, storage, now: () => new Date(), events: app.events }, serverJobs(), app.log);
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
      console.log(`  API    ${url}api/docs`);
      if (demoLogins) {
        console.log('\nDemo logins (password for all: demo1234):');
        for (const l of demoLogins) console.log(`  ${l.username.padEnd(22)} ${l.description}`);
      }
    });
}
