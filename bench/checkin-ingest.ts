import type { Benchmark, BenchResult } from './types.ts';
export const checkinIngest: Benchmark = { name: 'checkin-ingest', async run(): Promise<BenchResult> { throw new Error('todo'); } };
