import { Command } from 'commander';
import { packageVersion } from './runtime.ts';
import { registerServe } from './commands/serve.ts';
import { registerDemo } from './commands/demo.ts';
import { registerTerritory } from './commands/territory.ts';
import { registerUsers } from './commands/users.ts';
import { registerAudit } from './commands/audit.ts';
import { registerSla } from './commands/sla.ts';
import { registerOpen311 } from './commands/open311.ts';
import { registerSpotcheck } from './commands/spotcheck.ts';
import { registerReport } from './commands/report.ts';

const program = new Command();
program
  .name('wangge')
  .description('wangge (网格): grid-based community governance platform')
  .version(packageVersion())
  .showHelpAfterError();

registerServe(program);
registerDemo(program);
registerTerritory(program);
registerUsers(program);
registerAudit(program);
registerSla(program);
registerOpen311(program);
registerSpotcheck(program);
registerReport(program);

await program.parseAsync(process.argv);
