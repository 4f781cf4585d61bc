import type { Command } from 'commander';
import { fail } from '../runtime.ts';
import { SlaInputError, addWorkingTime, knownCalendarRange, parseOfficeHours, type SlaOptions } from '../../shared/sla/index.ts';

const OPTION_OF_FIELD: Record<string, string> = {
  from: '--from',
  limit: '--limit',
  multiplier: '--multiplier',
  officeHours: '--office-hours',
};

/** Exit 2 with the message rewritten to name the command-line option rather than the field. */
function failInput(err: SlaInputError): never {
  const option = OPTION_OF_FIELD[err.field] ?? `--${err.field}`;
  fail(`${option}: ${err.message.replace(new RegExp(`^${err.field}: `), '')}`, 2);
}

/** `wangge sla due --from ISO_TIME --limit 4wh|3wd|24h`: the deadline arithmetic cases use, for operators. */
export function registerSla(program: Command): void {
  const sla = program.command('sla').description('工作时限计算 / working-time deadline arithmetic (docs/sla.md)');
  sla
    .command('due')
    .description('计算到期时间 / print when a limit started at --from is due, as ISO-8601 China time (+08:00)')
    .option('--from <iso>', 'start time, ISO-8601 (no offset = China time), e.g. 2026-02-13T15:00:00+08:00')
    .option('--limit <limit>', 'time limit: Nwh working hours, Nwd working days, Nh natural hours (e.g. 4wh, 3wd, 24h)')
    .option('--multiplier <factor>', 'scale the limit, e.g. 0.5 in a campaign key period', '1')
    .option('--office-hours <periods>', 'office hours of a working day', '08:30-12:00,13:30-17:30')
    .action((opts: { from?: string; limit?: string; multiplier: string; officeHours: string }) => {
      if (!opts.from) fail('--from is required: the start time, e.g. --from 2026-02-13T15:00:00+08:00', 2);
      if (!opts.limit) fail('--limit is required: e.g. --limit 4wh (working hours), 3wd (working days) or 24h', 2);
      const multiplier = Number(opts.multiplier);
      if (!/^\s*\d+(\.\d+)?\s*$/.test(opts.multiplier)) fail(`--multiplier: "${opts.multiplier}" is not a positive number`, 2);
      try {
        const options: SlaOptions = { multiplier, officeHours: parseOfficeHours(opts.officeHours) };
        const result = addWorkingTime(opts.from, opts.limit, options);
        if (result.calendarUnknownYears.length > 0) {
          const { first, last } = knownCalendarRange();
          console.error(
            `warning: 节假日日历不含 ${result.calendarUnknownYears.join(', ')} 年，按普通周末计算 / the holiday calendar ` +
              `(${first}–${last}) does not know ${result.calendarUnknownYears.join(', ')}: weekends only were assumed; ` +
              `check the official holiday arrangement before relying on this deadline`,
          );
        }
        console.log(result.dueAt);
      } catch (err) {
        if (err instanceof SlaInputError) failInput(err);
        throw err;
      }
    });
}
