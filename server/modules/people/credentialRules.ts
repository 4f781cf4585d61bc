import type { Config } from '../../config.ts';
import type { ErrorCode } from '../../errors.ts';

/**
 * When a credential (session cookie or API token) still authenticates, at time T. The ONE statement
 * of the rule: the authentication hook (authenticate.ts) applies it to every request, and the live
 * module (live/streamSessions.ts) to every open stream at each re-check, so the two cannot drift — a
 * rule added here ends open streams as surely as it refuses the next request. Pure: the callers read
 * the rows (people.repository.ts selects exactly these columns) and decide what to do with a failure.
 */

/** Days a token without an expiry (made by hand or by an old script) is honoured after its creation. */
export const LEGACY_TOKEN_DAYS = 90;
/** Absolute session lifetime when the configuration does not say (WANGGE_SESSION_MAX_HOURS default). */
export const DEFAULT_SESSION_MAX_HOURS = 12;

/** What the rule reads of a session and its account. */
export interface SessionFacts {
  created_at: string;
  last_seen_at: string;
  disabled: number;
}

/** What the rule reads of an API token and its owner. */
export interface TokenFacts {
  created_at: string;
  /** Absent or null on rows made before expiries existed. */
  expires_at?: string | null;
  revoked_at: string | null;
  disabled: number;
}

/** What the gate reads of the account behind either credential. */
export interface AccountFacts {
  must_change_password?: number | null;
  totp_enabled_at?: string | null;
}

export type CredentialFacts = ({ kind: 'session' } & SessionFacts & AccountFacts) | ({ kind: 'token' } & TokenFacts & AccountFacts);

/** Why a credential no longer authenticates at all (the request is anonymous). */
export type CredentialFailure = 'disabled' | 'idle' | 'lifetime' | 'revoked' | 'expired';

/** What the account must do before anything else works (the credential authenticates, but only for that). */
export type AccountGate = Extract<ErrorCode, 'PASSWORD_CHANGE_REQUIRED' | 'TOTP_ENROLMENT_REQUIRED'> | null;

export type CredentialLimits = Pick<Config, 'sessionIdleMinutes' | 'sessionMaxHours' | 'requireTwoFactorRoles'>;

export interface CredentialVerdict {
  /** Null = the credential authenticates. */
  failure: CredentialFailure | null;
  /** Only meaningful when failure is null. */
  gate: AccountGate;
}

/** Does the configuration require a second factor of someone holding any of these roles? */
export function twoFactorRequired(limits: Pick<Config, 'requireTwoFactorRoles'>, roles: readonly string[]): boolean {
  const required = limits.requireTwoFactorRoles ?? [];
  return required.length > 0 && roles.some((r) => required.includes(r));
}

function failureOf(facts: CredentialFacts, now: number, limits: CredentialLimits): CredentialFailure | null {
  if (facts.disabled !== 0) return 'disabled';
  if (facts.kind === 'session') {
    if (now - Date.parse(facts.last_seen_at) > limits.sessionIdleMinutes * 60_000) return 'idle';
    if (now - Date.parse(facts.created_at) > (limits.sessionMaxHours ?? DEFAULT_SESSION_MAX_HOURS) * 3600_000) return 'lifetime';
    return null;
  }
  if (facts.revoked_at != null) return 'revoked';
  // A token without an expiry predates expiries: honoured LEGACY_TOKEN_DAYS after its creation.
  const expires = facts.expires_at != null ? Date.parse(facts.expires_at) : Date.parse(facts.created_at) + LEGACY_TOKEN_DAYS * 24 * 3600_000;
  return now < expires ? null : 'expired';
}

/**
 * Is this credential still valid at `now`, and is its account gated? `roles` are the role names the
 * person holds (read only when a second factor is required of some role and the account has none).
 */
export function judgeCredential(facts: CredentialFacts, now: Date, limits: CredentialLimits, roles: readonly string[]): CredentialVerdict {
  const failure = failureOf(facts, now.getTime(), limits);
  if (failure) return { failure, gate: null };
  if (Number(facts.must_change_password ?? 0) !== 0) return { failure: null, gate: 'PASSWORD_CHANGE_REQUIRED' };
  if (!facts.totp_enabled_at && twoFactorRequired(limits, roles)) return { failure: null, gate: 'TOTP_ENROLMENT_REQUIRED' };
  return { failure: null, gate: null };
}
