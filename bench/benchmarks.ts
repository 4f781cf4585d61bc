import type { Benchmark } from './types.ts';
import { gridLocate } from './grid-locate.ts';
import { webBundle } from './web-bundle.ts';
import { directiveFanout } from './directive-fanout.ts';
import { roster } from './roster.ts';
import { patrolPlan } from './patrol-plan.ts';
import { checkinIngest } from './checkin-ingest.ts';
import { caseIntake } from './case-intake.ts';
import { slaScan } from './sla-scan.ts';

/** Every benchmark, in the order `npm run bench` runs them. Add new ones to this list. */
export const BENCHMARKS: Benchmark[] = [gridLocate, webBundle, roster, patrolPlan, checkinIngest, directiveFanout, caseIntake, slaScan];
