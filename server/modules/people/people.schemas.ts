import { z } from 'zod';
import { ROLES } from '../../../shared/access/roles.ts';
import { TOKEN_SCOPES } from '../../../shared/people/wire.ts';

/** Request schemas of auth, people and API tokens; the response shapes are in shared/people/wire.ts. */

const role = z.enum(ROLES as unknown as [string, ...string[]], { message: `role must be one of ${ROLES.join(', ')}` });
const code = (what: string) => z.string().regex(/^\d{2,15}$/, `${what} must be a 2–15 digit division or grid code`);

export const loginBody = z.object({
  username: z.string({ message: 'username is required' }).min(1, 'username is required').max(100, 'username is too long'),
  password: z.string({ message: 'password is required' }).min(1, 'password is required').max(1000, 'password is too long'),
});

export const totpLoginBody = z.object({
  challenge: z.string({ message: 'challenge is required' }).min(1, 'challenge is required').max(200, 'challenge is too long'),
  code: z.string({ message: 'code is required' }).trim().min(6, 'code must be a 6-digit code or a recovery code').max(40, 'code is too long'),
});

/** Minimum length of a password chosen by a person (HTTP and CLI alike; ASVS 5.0 6.2.1 asks for at least 8, we ask 10). */
export const MIN_PASSWORD_LENGTH = 10;

/** A new password: long enough, not absurdly long (scrypt input), checked against the username by passwordProblem. */
export const newPassword = (field: string) =>
  z
    .string({ message: `${field} is required` })
    .min(MIN_PASSWORD_LENGTH, `${field} must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1000, `${field} is too long`);

/** The checks a schema cannot make alone (username, common passwords, context words) live in passwordPolicy.ts. */
export { passwordProblem } from './passwordPolicy.ts';

export const changePasswordBody = z.object({
  currentPassword: z.string({ message: 'currentPassword is required' }).min(1, 'currentPassword is required').max(1000, 'currentPassword is too long'),
  newPassword: newPassword('newPassword'),
});

export const passwordResetBody = z.object({
  /** The administrator's OWN password again: a stolen admin session alone must not hand out accounts. */
  password: z.string({ message: 'password is required (your own, to confirm)' }).min(1, 'password is required (your own, to confirm)').max(1000, 'password is too long'),
  /** Also remove the person's second factor (lost phone and recovery codes). */
  resetTwoFactor: z.boolean({ message: 'resetTwoFactor must be true or false' }).optional(),
});

/** Starting enrolment needs the password again, so a stolen session cannot bind the thief's authenticator. */
export const totpSetupBody = z.object({
  password: z.string({ message: 'password is required' }).min(1, 'password is required').max(1000, 'password is too long'),
});

export const totpCodeBody = z.object({
  code: z.string({ message: 'code is required' }).trim().regex(/^\d{6}$/, 'code must be the 6-digit code from your authenticator app'),
});

export const totpDisableBody = z.object({
  password: z.string({ message: 'password is required' }).min(1, 'password is required').max(1000, 'password is too long'),
  code: z.string({ message: 'code is required' }).trim().min(6, 'code must be a 6-digit code or a recovery code').max(40, 'code is too long'),
});

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

export const idParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be 1–64 letters, digits, - or _'),
});

/** The one definition of a valid new account, used by the HTTP route and by `wangge users add`. */
export const createUserInput = z.object({
  username: z
    .string({ message: 'username is required' })
    .regex(/^[a-z0-9_.-]{3,40}$/, 'username must be 3–40 characters of a-z, 0-9, _ . -'),
  password: newPassword('password'),
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

/** Default and longest lifetime of an API token, in days. */
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

export const tokenBody = z.object({
  name: z.string({ message: 'name is required' }).trim().min(1, 'name is required').max(100, 'name is at most 100 characters'),
  /** Fresh proof that the person is at the keyboard: a stolen session cookie alone cannot mint a token. */
  password: z.string({ message: 'password is required (confirm your password to create a token)' }).min(1, 'password is required (confirm your password to create a token)').max(1000, 'password is too long'),
  scope: z.enum(TOKEN_SCOPES, { message: 'scope must be read (GET only) or write' }).default('read'),
  expiresInDays: z
    .number({ message: `expiresInDays must be a whole number of days from 1 to ${TOKEN_MAX_DAYS}` })
    .int(`expiresInDays must be a whole number of days from 1 to ${TOKEN_MAX_DAYS}`)
    .min(1, `expiresInDays must be a whole number of days from 1 to ${TOKEN_MAX_DAYS}`)
    .max(TOKEN_MAX_DAYS, `expiresInDays must be a whole number of days from 1 to ${TOKEN_MAX_DAYS}`)
    .default(TOKEN_DEFAULT_DAYS),
});

/** GET /api/departments: optional territory node and department kind (e.g. urban_management). */
export const departmentsQuery = z.object({
  scope: code('scope').optional(),
  kind: z.string().regex(/^[a-z_]{1,40}$/, 'kind must be a department kind such as urban_management').optional(),
});
