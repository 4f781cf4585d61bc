import { Command } from 'commander';
import { packageVersion } from './runtime.ts';

type Register = (program: Command) => void;

/**
 * Each top-level command and the module that defines it. Only the module for the command being run is
 * loaded: `wangge sla due` should not pay for loading the whole server (each module pulls in its part of
 * it). Help without a command loads them all so the listing is complete.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./commands/serve.ts')).registerServe,
  demo: async () => (await import('./commands/demo.ts')).registerDemo,
  import: async () => (await import('./commands/territory.ts')).registerTerritory,
  export: async () => (await import('./commands/territory.ts')).registerTerritory,
  users: async () => (await import('./commands/users.ts')).registerUsers,
  setup: async () => (await import('./commands/setup.ts')).registerSetup,
  audit: async () => (await import('./commands/audit.ts')).registerAudit,
  sla: async () => (await import('./commands/sla.ts')).registerSla,
  open311: async () => (await import('./commands/open311.ts')).registerOpen311,
  spotcheck: async () => (await import('./commands/spotcheck.ts')).registerSpotcheck,
  report: async () => (await import('./commands/report.ts')).registerReport,
};

const program = new Command();
program
  .name('wangge')
  .description('wangge (网格): grid-based community governance platform')
  .version(packageVersion())
  .showHelpAfterError();

const first = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const loaders = first && COMMANDS[first] ? [COMMANDS[first]] : Object.values(COMMANDS);
const registered = new Set<Register>();
for (const load of loaders) {
  const register = await load();
  // import and export share one module (territory); register it once.
  if (registered.has(register)) continue;
  registered.add(register);
  register(program);
}

await program.parseAsync(process.argv);
