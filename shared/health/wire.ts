import { z } from 'zod';

/** GET /api/health: liveness plus which database answered, and the running version. */
export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponse>;
