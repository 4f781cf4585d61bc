import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import type { Open311KeyRow } from '../../storage/schema.ts';

/** Prefix of Open311 API keys: recognisable in logs and by secret scanners. */
export const OPEN311_KEY_PREFIX = 'o311_';

/** The wire/CLI view of a key: never the secret or its hash. */
export function presentOpen311Key(row: Open311KeyRow) {
  return { id: row.id, name: row.name, createdAt: row.created_at, revokedAt: row.revoked_at, lastUsedAt: row.last_used_at };
}
export type Open311KeyView = ReturnType<typeof presentOpen311Key>;

/**
 * The actor an Open311 key acts as. Open311 is a public intake channel like the resident portal: the
 * key identifies the integration, not a person with a territory. It may only report (case.report
 * everywhere, so reportCase's 属地 check passes); it is never used for anything else, and the audit
 * log names the key.
 */
export function open311Actor(key: Pick<Open311KeyRow, 'id' | 'name'>, sourceIp: string | null): Actor {
  return {
    id: null,
    username: `open311:${key.id}`,
    displayName: `Open311 ${key.name}`,
    assignments: [{ role: 'grid_worker', scopeCode: '', scopePath: '', departmentId: null }],
    sourceIp,
    via: 'token',
  };
}

export function newKeyId(): string {
  return uuidv7();
}
