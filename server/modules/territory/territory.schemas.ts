import { z } from 'zod';

/** Request schemas of the territory API; the response shapes are in shared/territory/wire.ts. */

/** A query-string number: digits required (an empty string is not 0), then range-checked. */
function coordinate(min: number, max: number, what: string) {
  return z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .pipe(z.coerce.number<string>({ message: `${what} must be a number` }).min(min, `${what} must be ${min}..${max}`).max(max, `${what} must be ${min}..${max}`));
}

export const locateQuery = z.object({
  lat: coordinate(-90, 90, 'latitude'),
  lng: coordinate(-180, 180, 'longitude'),
});

export const codeParams = z.object({
  code: z.string().regex(/^\d{2,15}$/, 'code must be 2–15 digits'),
});

export const nodeQuery = z.object({
  geometry: z.enum(['0', '1']).optional(),
});

export const childrenQuery = z.object({
  parent: z.string().regex(/^\d{2,15}$/, 'parent must be 2–15 digits').optional(),
});

export const gridsQuery = z.object({
  within: z.string().regex(/^\d{2,15}$/, 'within must be 2–15 digits').optional(),
});

export const profileBody = z
  .object({
    households: z.number().int('households must be a whole number').min(0).max(1_000_000).nullable().optional(),
    residents: z.number().int('residents must be a whole number').min(0).max(10_000_000).nullable().optional(),
    description: z.string().max(2000, 'description is at most 2000 characters').nullable().optional(),
  })
  .strict()
  .refine((b) => b.households !== undefined || b.residents !== undefined || b.description !== undefined, {
    message: 'give at least one of households, residents, description',
  });
export type ProfilePatch = z.infer<typeof profileBody>;
