/** Working-time SLA arithmetic on the official Chinese holiday calendar (see docs/sla.md). */
export * from './calendar.ts';
export * from './workingTime.ts';
