import { z } from 'zod';

/**
 * Wire shapes of auth, people, departments and API tokens (账号、人员、部门、API令牌): the routes in
 * server/modules/people declare them as response schemas (so the OpenAPI document lists them and
 * responses are serialised through them), and the web client imports their types.
 */

/** GET /api/me `face`: which app shell a person lands in. */
export const FACES = ['console', 'field', 'handler', 'admin'] as const;
export type Face = (typeof FACES)[number];

/** API token scopes: read = GET only. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const signedInUser = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

/** POST /api/auth/login and /api/auth/totp. */
export const loginResponse = z.union([
  z.object({ user: signedInUser }),
  /** The password was right and the person has a second factor: send a code with this challenge to POST /api/auth/totp. */
  z.object({ totpRequired: z.literal(true), challenge: z.string() }),
]);
export type LoginResponse = z.infer<typeof loginResponse>;

/** POST /api/me/password. */
export const changePasswordResponse = z.object({
  /** How many of the person's other sessions ended with the change. */
  sessionsEnded: z.number(),
});
export type ChangePasswordResponse = z.infer<typeof changePasswordResponse>;

/** POST /api/people/:id/password-reset. */
export const passwordResetResponse = z.object({
  /** Shown once to the admin, who hands it over; the person must change it at first login. */
  temporaryPassword: z.string(),
  sessionsEnded: z.number(),
});
export type PasswordResetResponse = z.infer<typeof passwordResetResponse>;

/** POST /api/me/totp/setup. */
export const totpSetupResponse = z.object({
  /** Base32 shared secret, for typing into an authenticator app by hand. */
  secret: z.string(),
  /** otpauth:// URI, shown as a QR code. */
  uri: z.string(),
});
export type TotpSetupResponse = z.infer<typeof totpSetupResponse>;

/** POST /api/me/totp/confirm. */
export const totpConfirmResponse = z.object({
  /** One-time recovery codes, shown once; only their sha256 is stored. */
  recoveryCodes: z.array(z.string()),
});
export type TotpConfirmResponse = z.infer<typeof totpConfirmResponse>;

/** One role assignment (角色): role, its names, and the territory (and department) it covers. */
export const roleView = z.object({
  role: z.string(),
  roleName: z.object({ zh: z.string(), en: z.string() }),
  scopeCode: z.string(),
  scopeName: z.string().nullable(),
  /** Level of the scope node (province … grid); null if the node is gone. */
  scopeLevel: z.string().nullable(),
  departmentId: z.string().nullable(),
});
export type RoleView = z.infer<typeof roleView>;

/** GET /api/me: the signed-in person. */
export const meResponse = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  /** Widest scope first. */
  roles: z.array(roleView),
  /** Every action any of the person's roles allows (shared/access/roles.ts). */
  actions: z.array(z.string()),
  face: z.enum(FACES),
  /** A temporary password (admin reset) must be changed before anything else works. */
  mustChangePassword: z.boolean(),
  /** A TOTP second factor is enrolled. */
  totpEnabled: z.boolean(),
  /** The person's role requires a second factor (WANGGE_REQUIRE_2FA). */
  totpRequired: z.boolean(),
});
export type MeView = z.infer<typeof meResponse>;

/** GET /api/people/:id and the rows of GET /api/people. */
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

/** GET /api/people: one page. */
export const peopleListResponse = z.object({
  items: z.array(personView),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});
export type PeopleListResponse = z.infer<typeof peopleListResponse>;

/** One department (职能部门) of GET /api/departments. */
export const departmentView = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.string().describe('e.g. urban_management'),
  name: z.string(),
  nameEn: z.string().nullable(),
  /** The territory node the department serves. */
  territoryCode: z.string(),
});
export type DepartmentView = z.infer<typeof departmentView>;

/** GET /api/departments. */
export const departmentsResponse = z.object({ departments: z.array(departmentView) });
export type DepartmentsResponse = z.infer<typeof departmentsResponse>;

/** One API token, without its secret (GET /api/tokens, DELETE /api/tokens/:id). */
export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof tokenView>;

/** POST /api/tokens. */
export const newTokenResponse = tokenView.extend({
  /** The secret itself: shown once, never stored (only its sha256 is). */
  token: z.string(),
});
export type NewTokenResponse = z.infer<typeof newTokenResponse>;

/** GET /api/tokens. */
export const tokenListResponse = z.object({ items: z.array(tokenView) });
export type TokenListResponse = z.infer<typeof tokenListResponse>;
