import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

/**
 * CPU profile of one measured phase of a benchmark, in the server process only (setup, warm-up and
 * baselines stay out of it). Off unless `WANGGE_BENCH_PROFILE=DIR` is set; then `DIR/NAME.cpuprofile`
 * is written, which Chrome DevTools (Performance → Load profile) or speedscope open. A whole-run
 * `node --cpu-prof` mixes in the demo-city build and module loading, which hides the hot path.
 */
export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env['WANGGE_BENCH_PROFILE'];
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`CPU profile of the measured phase: ${file}`);
  }
}
