import { z } from 'zod';
import { chinaDateField, unitCode, type PhaseKind } from '../../../shared/campaigns/wire.ts';

/**
 * Path and query schemas of the campaigns API (专项行动 / 重大活动安保). Bodies and responses are wire
 * shapes the web client shares: shared/campaigns/wire.ts.
 */

/** The name a phase gets when none is given. */
export const PHASE_NAMES: Record<PhaseKind, string> = {
  preparation: '准备阶段',
  key_period: '关键期',
  event_days: '活动期间',
  wind_down: '收尾阶段',
};

export const idParams = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'id must be a UUID') });

export const statusQuery = z.object({
  date: chinaDateField,
  unit: unitCode.optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

export const dashboardQuery = z.object({ unit: unitCode.optional() });
