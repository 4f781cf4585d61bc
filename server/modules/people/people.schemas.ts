import { z } from 'zod';
import { ROLES } from '../../../shared/access/roles.ts';

/** Request and response schemas of auth, people and API tokens; types are inferred from them. */

const role = z.enum(ROLES as unknown as [string, ...string[]], { message: `role must be one of ${ROLES.join(', ')}` });
const code = (what: string) => z.string().regex(/^\d{2,15}$/, `${what} must be a 2–15 digit division or grid code`);

export const loginBody = z.object({
  username: z.string({ message: 'username is required' }).min(1, 'username is required').max(100, 'username is too long'),
  password: z.string({ message: 'password is required' }).min(1, 'password is required').max(1000, 'password is too long'),
});

export const loginResponse = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
});

export const roleView = z.object({
  role: z.string(),
  roleName: z.object({ zh: z.string(), en: z.string() }),
  scopeCode: z.string(),
  scopeName: z.string().nullable(),
  scopeLevel: z.string().nullable(),
  departmentId: z.string().nullable(),
});
export type RoleView = z.infer<typeof roleView>;

export const FACES = ['console', 'field', 'handler', 'admin'] as const;
export type Face = (typeof FACES)[number];

export const meResponse = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  roles: z.array(roleView),
  actions: z.array(z.string()),
  face: z.enum(FACES),
});
export type MeView = z.infer<typeof meResponse>;

export const personView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** Masked (138****5678) unless the caller may read this person's personal data. */
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  disabled: z.boolean(),
  roles: z.array(roleView),
});
export type PersonView = z.infer<typeof personView>;

/** Listing limits: a page is small; nobody pages through a province's people in one request. */
export const MAX_PAGE = 200;

const pageNumber = (what: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${what} must be ${min}..${max}`).max(max, `${what} must be ${min}..${max}`))
    .optional()
    .transform((v) => v ?? fallback);

export const peopleQuery = z.object({
  scope: code('scope').optional(),
  role: role.optional(),
  q: z.string().max(100, 'q is at most 100 characters').optional(),
  limit: pageNumber('limit', 1, MAX_PAGE, 50),
  offset: pageNumber('offset', 0, 10_000_000, 0),
});

export const peopleListResponse = z.object({
  items: z.array(personView),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

export const idParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be 1–64 letters, digits, - or _'),
});

/** The one definition of a valid new account, used by the HTTP route and by `wangge users add`. */
export const createUserInput = z.object({
  username: z
    .string({ message: 'username is required' })
    .regex(/^[a-z0-9_.-]{3,40}$/, 'username must be 3–40 characters of a-z, 0-9, _ . -'),
  password: z.string({ message: 'password is required' }).min(8, 'password must be at least 8 characters').max(1000, 'password is too long'),
  role,
  scope: code('scope'),
  displayName: z.string().trim().min(1, 'displayName must not be empty').max(100, 'displayName is at most 100 characters').optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'phone must be 5–20 digits (spaces, - and a leading + allowed)')
    .optional(),
  department: z.string().min(1).max(64, 'department is at most 64 characters').optional(),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const tokenBody = z.object({
  name: z.string({ message: 'name is required' }).trim().min(1, 'name is required').max(100, 'name is at most 100 characters'),
});

export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof tokenView>;

export const newTokenResponse = tokenView.extend({
  /** The secret itself: shown once, never stored (only its sha256 is). */
  token: z.string(),
});

export const tokenListResponse = z.object({ items: z.array(tokenView) });

/** GET /api/departments: optional territory node and department kind (e.g. urban_management). */
export const departmentsQuery = z.object({
  scope: code('scope').optional(),
  kind: z.string().regex(/^[a-z_]{1,40}$/, 'kind must be a department kind such as urban_management').optional(),
});
