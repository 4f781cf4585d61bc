import { fork } from 'node:child_process';

/**
 * Load generators run in a child process (in-process load would share the server's event loop and
 * skew latencies). The child answers with one IPC message holding its result, which can be large (the
 * ids of every acknowledged request: 10,000 UUIDs ≈ 400 KB).
 *
 * Two rules learnt the hard way (this was the "check-in ingest stalls at ~7,000" bug): `process.send`
 * is asynchronous — a message larger than the pipe buffer is still being written when it returns, and
 * `process.exit()` right after drops it — so the child exits only from send's callback; and the parent
 * treats a child that exits without having answered as a failure, never as "still running".
 */

/** In the child: answer each job from the parent with `work(job)`, then exit once the answer is written. */
export function serveLoadChild<J, R>(flag: string, work: (job: J) => Promise<R>): void {
  if (process.env[flag] !== '1' || !process.send) return;
  process.on('message', async (job: J) => {
    const result = await work(job);
    process.send!(result as object, undefined, {}, (err) => process.exit(err ? 1 : 0));
  });
  // Tell the parent we listen: a job sent before the listener exists would be lost.
  process.send('ready');
}

/** In the parent: fork `modulePath` with `flag` set, hand it `job`, resolve with its answer. */
export function runLoadChild<J, R>(modulePath: string, flag: string, job: J): Promise<R> {
  const child = fork(modulePath, [], { env: { ...process.env, [flag]: '1' }, execArgv: ['--import', 'tsx'] });
  return new Promise<R>((resolve, reject) => {
    let answered = false;
    child.on('message', (m) => {
      if (m === 'ready') child.send(job as object);
      else {
        answered = true;
        resolve(m as R);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!answered) reject(new Error(`load generator exited (code ${code}, signal ${signal}) without sending its result`));
    });
  });
}

/**
 * Closed-loop load: `connections` workers, each sending request i (0 … requests−1) one at a time and the
 * next only once it is answered, so the load generator never outruns the server. Answers the seconds taken.
 */
export async function closedLoop(connections: number, requests: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < requests) await one(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
}

/** The p-quantile of samples sorted ascending (nearest rank below; 0 when there are none). */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
