import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { localDay } from '../../../shared/patrols/dosage.ts';
import { qrValidity } from '../../../shared/patrols/qr.ts';
import type { QrSigner } from './qrSigner.ts';

/**
 * The signed QR payload to print for a site (default: valid 7 days from today). Issuing is audited:
 * whoever can print codes can enable check-ins, so who printed which code is on record.
 */
export async function issueSiteQr(trx: Trx, o: { actor: Actor; now: Date; siteId: string; signer: QrSigner; validFrom?: string | undefined; validDays?: number | undefined }) {
  await requireAccess(trx, { actor: o.actor, action: 'patrol.manage', resource: 'patrolSite', ids: [o.siteId] });
  const from = o.validFrom ?? localDay(o.now.getTime());
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`))) throw new AppError('VALIDATION_FAILED', 'validFrom: not a real date', 'validFrom');
  const claims = { siteId: o.siteId, validFrom: from.replaceAll('-', ''), validDays: o.validDays ?? 7 };
  const validity = qrValidity(claims);
  await appendAudit(trx, o.actor, { action: 'patrol.qr.issue', recordType: 'patrol_site', recordId: o.siteId, after: { validFrom: from, validDays: claims.validDays } });
  return { siteId: o.siteId, payload: o.signer.payload(claims), validFrom: new Date(validity.from).toISOString(), validUntil: new Date(validity.until).toISOString() };
}
