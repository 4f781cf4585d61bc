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
 * The actor an Open311 key acts as: the integration, not a person, and with no role anywhere. It can
 * only report, because reportCase treats source 'open311' as an external intake channel (like the
 * resident portal) exempt from the 属地 check. The audit log names the key: `open311:<id> (Open311 <name>) via token`.
 */
export function open311Actor(key: Pick<Open311KeyRow, 'id' | 'name'>, sourceIp: string | null): Actor {
  return {
    id: null,
    username: `open311:${key.id}`,
    displayName: `Open311 ${key.name}`,
    assignments: [],
    sourceIp,
    via: 'token',
  };
}

export function newKeyId(): string {
  return uuidv7();
}
