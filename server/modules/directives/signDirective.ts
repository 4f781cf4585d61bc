import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { SignDirectiveBody, SignDirectiveResponse } from '../../../shared/directives/wire.ts';
import { bumpCounters, findDirective, findPersonDeliveries, signDeliveries } from './directives.repository.ts';
import { ancestorPaths } from '../territory/lookups.ts';

/** The sign body as validated (where the phone was, if it knows), plus who signs, when, and which directive. */
export type SignDirectiveOptions = NonNullable<SignDirectiveBody> & { actor: Actor; now: Date; directiveId: string };

/**
 * 签收: sign every delivery of this directive that reached the caller. Idempotent by nature as well as
 * by Idempotency-Key: a second sign (an offline phone replaying with a new key) changes nothing and
 * answers with the original signing time (alreadySigned: true).
 */
export async function signDirective(trx: Trx, o: SignDirectiveOptions): Promise<SignDirectiveResponse> {
  if (!o.actor.id) throw notFound('directive');
  // A location needs both coordinates; one alone is dropped.
  const location = o.lat !== undefined && o.lng !== undefined ? { lat: o.lat, lng: o.lng } : null;
  // Unreadable → 404; a reader whose role may not sign → 403; then only one's own deliveries can be signed.
  await requireAccess(trx, { actor: o.actor, action: 'directive.sign', resource: 'directive', ids: [o.directiveId] });
  const directive = await findDirective(trx, o.directiveId);
  const before = directive ? await findPersonDeliveries(trx, o.directiveId, o.actor.id) : [];
  if (!directive || before.length === 0) throw notFound('directive');
  const nowIso = o.now.toISOString();
  const changed = await signDeliveries(trx, { directiveId: o.directiveId, personId: o.actor.id, at: nowIso, lat: location?.lat ?? null, lng: location?.lng ?? null });
  if (changed > 0) {
    // Roll-up counters: +1 signed on every level above each newly signed delivery (≤ 6 rows each, by key).
    const bumps = new Map<string, { signed: number; own_signed: number }>();
    for (const d of before.filter((d) => d.signed_at === null)) {
      for (const p of ancestorPaths(d.territory_path)) {
        const b = bumps.get(p) ?? { signed: 0, own_signed: 0 };
        b.signed += 1;
        if (p === d.territory_path) b.own_signed += 1;
        bumps.set(p, b);
      }
    }
    for (const [p, add] of bumps) await bumpCounters(trx, o.directiveId, p, add);
    await appendAudit(trx, o.actor, { action: 'directive.sign', recordType: 'directive', recordId: o.directiveId, after: { signedAt: nowIso, deliveries: changed, location } });
  }
  const after = await findPersonDeliveries(trx, o.directiveId, o.actor.id);
  const signedAt = after.map((d) => d.signed_at!).sort()[0]!;
  return {
    directiveId: o.directiveId,
    signedAt,
    alreadySigned: changed === 0,
    deliveries: after.map((d) => ({ unitCode: d.unit_code, role: d.role, signedAt: d.signed_at })),
  };
}
