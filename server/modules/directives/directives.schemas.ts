import { z } from 'zod';
import { unitCode, uuid } from '../../../shared/directives/wire.ts';

/**
 * Path and query schemas of the directives API (通知/部署/指令). Bodies and responses are wire shapes the
 * web client shares: shared/directives/wire.ts.
 */

export const idParams = z.object({ id: uuid('id') });

export const rollupQuery = z.object({
  unit: unitCode.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const listQuery = z.object({
  campaignId: uuid('campaignId').optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
