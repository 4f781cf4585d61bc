import { z } from 'zod';
import { LEVELS } from '../../../shared/territory/codes.ts';

/** Request and response schemas of the territory API; types are inferred from them. */

const level = z.enum(LEVELS as unknown as ['province', 'city', 'county', 'street', 'community', 'grid']);

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

const nodeRef = z.object({ code: z.string(), name: z.string(), level });

export const locateResponse = z.object({
  grid: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), level }),
  ancestors: z.array(nodeRef),
});
export type LocateResult = z.infer<typeof locateResponse>;

export const codeParams = z.object({
  code: z.string().regex(/^\d{2,15}$/, 'code must be 2–15 digits'),
});

export const nodeQuery = z.object({
  geometry: z.enum(['0', '1']).optional(),
});

const bbox = z.object({ minLng: z.number(), minLat: z.number(), maxLng: z.number(), maxLat: z.number() }).nullable();

export const nodeResponse = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  level,
  parent: nodeRef.nullable(),
  children: z.array(nodeRef),
  bbox,
  geometry: z.any().optional(),
  profile: z.object({
    households: z.number().nullable(),
    residents: z.number().nullable(),
    description: z.string().nullable(),
  }),
  actions: z.array(z.string()),
});
export type NodeView = z.infer<typeof nodeResponse>;

export const childrenQuery = z.object({
  parent: z.string().regex(/^\d{2,15}$/, 'parent must be 2–15 digits').optional(),
});

export const childrenResponse = z.object({
  nodes: z.array(nodeRef.extend({ nameEn: z.string().nullable(), parent: z.string().nullable() })),
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
