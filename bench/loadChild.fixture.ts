import { fileURLToPath } from 'node:url';
import { serveLoadChild } from './loadChild.ts';

/** Child side of loadChild.test.ts: answers a job with `count` UUID-sized strings (a load result's shape). */
export const FIXTURE_FLAG = 'WANGGE_LOAD_CHILD_FIXTURE';
export const FIXTURE_PATH = fileURLToPath(import.meta.url);

serveLoadChild(FIXTURE_FLAG, async (job: { count: number; exitWithoutAnswer?: boolean }) => {
  if (job.exitWithoutAnswer) process.exit(0);
  return { acknowledged: Array.from({ length: job.count }, (_, i) => `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`) };
});
