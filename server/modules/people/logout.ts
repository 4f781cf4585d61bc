import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import { deleteSession } from './people.repository.ts';
import { sha256Hex } from './secrets.ts';

/** End the session behind a cookie token (if any). */
export async function logout(trx: Trx, options: { actor: Actor | null; sessionToken: string | undefined }): Promise<void> {
  if (!options.sessionToken) return;
  await deleteSession(trx, sha256Hex(options.sessionToken));
  if (options.actor) {
    await appendAudit(trx, options.actor, { action: 'auth.logout', recordType: 'user', recordId: options.actor.id });
  }
}
