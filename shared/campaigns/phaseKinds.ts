/**
 * The kinds of campaign phase, in their usual order: 准备阶段 / 关键期 / 活动期间 / 收尾阶段. Kept apart
 * from wire.ts (zod) so the web client can import the list itself without bundling zod.
 */
export const PHASE_KINDS = ['preparation', 'key_period', 'event_days', 'wind_down'] as const;
