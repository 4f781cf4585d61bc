import type { Command } from 'commander';

/** `wangge report daily|weekly|aar`: bulletins and after-action reviews as XLSX or PDF (docs/reports.md). */
export function registerReport(program: Command): void {
  program.command('report').description('简报 / bulletins and after-action reviews (docs/reports.md)');
}
