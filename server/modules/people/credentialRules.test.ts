import assert from 'node:assert/strict';
import { it } from 'node:test';
import { judgeCredential, type CredentialLimits } from './credentialRules.ts';

// The one rule behind the authentication hook and the live streams' re-check (issue 12, findings 8 and 9).
const T0 = Date.parse('2026-12-07T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();
const limits: CredentialLimits = { sessionIdleMinutes: 30, sessionMaxHours: 12, requireTwoFactorRoles: ['admin'] };
const session = { kind: 'session' as const, created_at: iso(0), last_seen_at: iso(0), disabled: 0 };
const token = { kind: 'token' as const, created_at: iso(0), expires_at: iso(24 * 60), revoked_at: null, disabled: 0 };

it('a session fails when idle past the timeout, past its absolute lifetime, or its account is disabled', () => {
  assert.equal(judgeCredential(session, at(30), limits, []).failure, null, 'exactly the idle timeout still holds');
  assert.equal(judgeCredential(session, at(31), limits, []).failure, 'idle');
  const busy = { ...session, last_seen_at: iso(12 * 60) };
  assert.equal(judgeCredential(busy, at(12 * 60), limits, []).failure, null);
  assert.equal(judgeCredential(busy, at(12 * 60 + 1), limits, []).failure, 'lifetime');
  assert.equal(judgeCredential({ ...session, disabled: 1 }, at(0), limits, []).failure, 'disabled');
});

it('a token fails when revoked, at its expiry, 90 days after creation without one, or its owner is disabled', () => {
  assert.equal(judgeCredential(token, at(24 * 60 - 1), limits, []).failure, null);
  assert.equal(judgeCredential(token, at(24 * 60), limits, []).failure, 'expired');
  assert.equal(judgeCredential({ ...token, revoked_at: iso(1) }, at(2), limits, []).failure, 'revoked');
  const legacy = { ...token, expires_at: null };
  assert.equal(judgeCredential(legacy, at(90 * 24 * 60 - 1), limits, []).failure, null);
  assert.equal(judgeCredential(legacy, at(90 * 24 * 60), limits, []).failure, 'expired');
  assert.equal(judgeCredential({ ...token, disabled: 1 }, at(0), limits, []).failure, 'disabled');
});

it('a valid credential carries its account’s gate: temporary password first, then a missing mandatory second factor', () => {
  assert.deepEqual(judgeCredential({ ...token, must_change_password: 1 }, at(0), limits, ['admin']), { failure: null, gate: 'PASSWORD_CHANGE_REQUIRED' });
  assert.deepEqual(judgeCredential(session, at(0), limits, ['admin']), { failure: null, gate: 'TOTP_ENROLMENT_REQUIRED' });
  assert.deepEqual(judgeCredential({ ...session, totp_enabled_at: iso(0) }, at(0), limits, ['admin']), { failure: null, gate: null });
  assert.deepEqual(judgeCredential(session, at(0), limits, ['grid_worker']), { failure: null, gate: null });
  assert.deepEqual(judgeCredential(session, at(0), { ...limits, requireTwoFactorRoles: [] }, ['admin']), { failure: null, gate: null });
});
