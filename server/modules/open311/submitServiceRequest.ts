import { AppError } from '../../errors.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import type { PolygonIndex } from '../territory/gridIndex.ts';
import type { Open311KeyRow } from '../../storage/schema.ts';
import { findCategories } from '../cases/lookups.ts';
import { reportCase } from '../cases/reportCase.ts';
import type { SlaPolicy } from '../../../shared/sla/policy.ts';
import type { ServiceRequestInput } from './open311.schemas.ts';
import { touchOpen311Key } from './open311.repository.ts';
import type { Open311Submitted } from '../../../shared/open311/wire.ts';
import { open311Actor } from './open311Keys.ts';
import { serviceNotice } from './open311Requests.ts';
import { attributesFor, leafCategories, type Open311Attribute } from './open311Services.ts';

function bad(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, field);
}

/** attribute[code] values → case details, checked against the service definition. Unknown codes are ignored. */
function detailsFromAttributes(defs: readonly Open311Attribute[], given: Record<string, string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    const field = `attribute[${def.code}]`;
    const values = (given[def.code] ?? []).map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) {
      if (def.required) throw bad(field, `必填 / required for this service (GET services/{service_code}.json)`);
      continue;
    }
    if (def.datatype !== 'multivaluelist' && values.length > 1) throw bad(field, 'send one value');
    if (def.datatype === 'number') {
      const n = Number(values[0]);
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(values[0]!) || !Number.isFinite(n) || n < 0) throw bad(field, `必须是非负数 / must be a non-negative number, got ${JSON.stringify(values[0]!.slice(0, 40))}`);
      out[def.detailsKey] = n;
    } else if (def.datatype === 'singlevaluelist' || def.datatype === 'multivaluelist') {
      const picked = values.map((v) => {
        const match = def.values.find((x) => x.key === v);
        if (!match) throw bad(field, `取值须为 ${def.values.map((x) => x.key).join(', ')} 之一 / must be one of ${def.values.map((x) => x.key).join(', ')}`);
        return match.stored;
      });
      out[def.detailsKey] = def.datatype === 'singlevaluelist' ? picked[0] : picked;
    } else {
      out[def.detailsKey] = values[0]!.slice(0, 2000);
    }
  }
  return out;
}

/**
 * POST requests (GeoReport v2): open a case through the case module's intake (reportCase) with source
 * 'open311' and the submitter's name and phone as reporter fields, in the caller's transaction.
 * Returns the spec's array: [{service_request_id, service_notice, account_id}].
 */
export async function submitServiceRequest(
  trx: Trx,
  o: { key: Pick<Open311KeyRow, 'id' | 'name'>; sourceIp: string | null; now: Date; gridIndex: PolygonIndex; input: ServiceRequestInput; photos?: string[]; slaPolicy?: Readonly<SlaPolicy> | undefined },
): Promise<Open311Submitted> {
  const input = o.input;
  const categories = await findCategories(trx);
  const category = leafCategories(categories).find((c) => c.code === input.serviceCode);
  // GeoReport v2: an unknown service_code is a 404 naming it.
  if (!category) throw new AppError('NOT_FOUND', `service_code: 未找到服务 "${input.serviceCode}" / service_code ${input.serviceCode} was not found (GET services.json lists them)`, 'service_code');

  const attributeDetails = detailsFromAttributes(attributesFor(category), input.attributes);
  // Data minimisation: the device id is not kept; email stays with the case for a reply (personal data).
  const open311 = { keyId: o.key.id, accountId: input.accountId, email: input.email, mediaUrl: input.mediaUrl };
  const actor = open311Actor(o.key, o.sourceIp);
  let result;
  try {
    result = await reportCase(trx, {
      actor,
      now: o.now,
      gridIndex: o.gridIndex,
      source: 'open311',
      categoryCode: category.code,
      description: input.description ?? `${category.name_zh}（Open311 未填写描述 / no description given）`,
      location: { lat: input.lat, lng: input.long },
      address: input.addressString,
      photos: o.photos ?? [],
      reporterName: input.reporterName,
      reporterPhone: input.phone,
      details: { ...attributeDetails, open311 },
      slaPolicy: o.slaPolicy,
    });
  } catch (err) {
    // A point in no grid is the client's input problem: 400 naming lat/long, not a 404.
    if (err instanceof AppError && err.code === 'OUTSIDE_TERRITORY') {
      throw bad('lat', `位置 (${input.lat}, ${input.long}) 不在本系统服务的网格内 / the point (lat ${input.lat}, long ${input.long}) is outside the area this server serves`);
    }
    throw err;
  }
  await touchOpen311Key(trx, o.key.id, o.now.toISOString());
  await appendAudit(trx, actor, {
    action: 'open311.request.create',
    recordType: 'case',
    recordId: result.row.id,
    after: { serviceRequestId: result.row.case_no, serviceCode: category.code, keyId: o.key.id },
  });
  return [{ service_request_id: result.row.case_no, service_notice: serviceNotice(category), account_id: input.accountId }];
}
