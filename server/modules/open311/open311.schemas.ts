import { AppError } from '../../errors.ts';

/**
 * Parsing of GeoReport v2 input. POST bodies are application/x-www-form-urlencoded with
 * `attribute[code]=value` (and `attribute[code][]=v1&attribute[code][]=v2` for multivaluelist), so
 * validation is by hand here rather than through a JSON schema; every failure is a VALIDATION_FAILED
 * naming the Open311 field, which the routes render as a spec error (400).
 */

/** A parsed form: scalar fields (first occurrence wins) and attribute values by code. */
export interface Open311Form {
  fields: Record<string, string>;
  attributes: Record<string, string[]>;
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;

/** Parse an urlencoded body (node's URLSearchParams: '+' is a space, %-escapes are UTF-8). */
export function parseFormBody(text: string): Open311Form {
  const form = emptyForm();
  for (const [name, value] of new URLSearchParams(text)) addField(form, name, value);
  return form;
}

/** A form with no fields yet (null-prototype maps: a field named `__proto__` is just a name). */
export function emptyForm(): Open311Form {
  return { fields: Object.create(null), attributes: Object.create(null) };
}

/** Add one submitted name=value: `attribute[code]` (or `attribute[code][]`) values collect; a repeated plain field keeps its first value. */
export function addField(form: Open311Form, name: string, value: string): void {
  const m = ATTRIBUTE_KEY.exec(name);
  if (m) {
    (form.attributes[m[1]!] ??= []).push(value);
  } else if (!(name in form.fields)) {
    form.fields[name] = value;
  }
}

/** A JSON body (some clients send one) in the same shape: `attribute` may be an object. */
export function formFromObject(body: unknown): Open311Form {
  const form = emptyForm();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return form;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === 'attribute' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [code, v] of Object.entries(value as Record<string, unknown>)) {
        for (const item of Array.isArray(v) ? v : [v]) if (item !== null && item !== undefined) (form.attributes[code] ??= []).push(String(item));
      }
    } else if (value !== null && value !== undefined && typeof value !== 'object') {
      addField(form, name, String(value));
    }
  }
  return form;
}

function bad(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, field);
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parse a decimal number within [min, max] or throw naming the field. */
export function parseCoordinate(field: string, text: string, min: number, max: number): number {
  const t = text.trim();
  if (!NUMBER.test(t)) throw bad(field, `必须是数字 / must be a decimal number in WGS84 degrees, got ${JSON.stringify(text.slice(0, 40))}`);
  const n = Number(t);
  if (!Number.isFinite(n) || n < min || n > max) throw bad(field, `必须在 ${min}..${max} 之间 / must be between ${min} and ${max} (WGS84 degrees), got ${t}`);
  return n;
}

function optionalText(f: Record<string, string>, field: string, max: number): string | null {
  const v = f[field];
  if (v === undefined) return null;
  const t = v.trim();
  if (t.length === 0) return null;
  if (t.length > max) throw bad(field, `最多 ${max} 个字符 / at most ${max} characters (got ${t.length})`);
  return t;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const PHONE = /^[0-9+\-\s()]{5,20}$/;
const CJK = /[\u3400-\u9fff]/;

export interface ServiceRequestInput {
  serviceCode: string;
  lat: number;
  long: number;
  addressString: string | null;
  description: string | null;
  mediaUrl: string | null;
  email: string | null;
  phone: string | null;
  reporterName: string | null;
  deviceId: string | null;
  accountId: string | null;
  attributes: Record<string, string[]>;
}

/** Validate a POST requests form (api_key is checked before this). */
export function parseServiceRequest(form: Open311Form): ServiceRequestInput {
  const f = form.fields;
  const serviceCode = (f['service_code'] ?? '').trim();
  if (!serviceCode) throw bad('service_code', '缺少服务代码 / service_code was not provided (GET services.json lists them)');

  const hasLat = (f['lat'] ?? '').trim() !== '';
  const hasLong = (f['long'] ?? '').trim() !== '';
  if (!hasLat || !hasLong) {
    if (hasLat || hasLong) throw bad(hasLat ? 'long' : 'lat', 'lat 与 long 须同时提供 / lat and long must both be sent');
    if ((f['address_string'] ?? '').trim() || (f['address_id'] ?? '').trim()) {
      throw bad(
        'lat',
        '本系统需要 WGS84 坐标来确定所属网格，不能仅凭地址受理 / this server needs lat and long (WGS84) to find the grid; address_string or address_id alone cannot be located — send lat and long as well',
      );
    }
    throw bad('lat', '缺少位置 / a location is required: send lat and long (WGS84)');
  }
  const lat = parseCoordinate('lat', f['lat']!, -90, 90);
  const long = parseCoordinate('long', f['long']!, -180, 180);

  const description = optionalText(f, 'description', 4000);
  const mediaUrl = optionalText(f, 'media_url', 2000);
  if (mediaUrl !== null) {
    let ok = false;
    try {
      const u = new URL(mediaUrl);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) throw bad('media_url', '必须是 http(s) 链接 / must be an http or https URL');
  }
  const email = optionalText(f, 'email', 320);
  if (email !== null && !EMAIL.test(email)) throw bad('email', '邮箱格式不正确 / not an email address');
  const phone = optionalText(f, 'phone', 20);
  if (phone !== null && !PHONE.test(phone)) throw bad('phone', '电话号码格式不正确 / not a phone number (digits, +, -, spaces)');
  const first = optionalText(f, 'first_name', 50);
  const last = optionalText(f, 'last_name', 50);
  // Chinese names are written family name first, without a space.
  const reporterName = first && last ? (CJK.test(first + last) ? `${last}${first}` : `${first} ${last}`) : (first ?? last);

  return {
    serviceCode,
    lat,
    long,
    addressString: optionalText(f, 'address_string', 300),
    description,
    mediaUrl,
    email,
    phone,
    reporterName,
    deviceId: optionalText(f, 'device_id', 200),
    accountId: optionalText(f, 'account_id', 200),
    attributes: form.attributes,
  };
}

/** Query of GET requests. */
export interface ServiceRequestQuery {
  serviceRequestIds: string[] | null;
  serviceCodes: string[] | null;
  startDate: Date | null;
  endDate: Date | null;
  statuses: ('open' | 'closed')[] | null;
}

// W3C/ISO 8601 date or date-time; a time needs a zone (Z or ±hh:mm), as the spec says.
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function parseDate(field: string, text: string): Date {
  const t = text.trim();
  const d = new Date(t);
  if (!W3C_DATETIME.test(t) || Number.isNaN(d.getTime())) {
    throw bad(field, `必须是 ISO 8601 时间 / must be an ISO 8601 (w3) date-time with a time zone, e.g. 2026-01-01T00:00:00Z; got ${JSON.stringify(t.slice(0, 40))}`);
  }
  return d;
}

function list(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : null;
}

/** Validate the query string of GET requests. */
export function parseServiceRequestQuery(q: Record<string, unknown>): ServiceRequestQuery {
  const s = (k: string): string | undefined => {
    const v = q[k];
    if (Array.isArray(v)) return v.map(String).join(',');
    return v === undefined ? undefined : String(v);
  };
  const serviceRequestIds = list(s('service_request_id'));
  if (serviceRequestIds && serviceRequestIds.length > 1000) throw bad('service_request_id', 'at most 1000 ids per call');
  const statuses = list(s('status'));
  for (const st of statuses ?? []) if (st !== 'open' && st !== 'closed') throw bad('status', `必须是 open 或 closed / must be open or closed (comma separated), got ${JSON.stringify(st)}`);
  const start = s('start_date');
  const end = s('end_date');
  return {
    serviceRequestIds,
    serviceCodes: list(s('service_code')),
    startDate: start !== undefined && start.trim() !== '' ? parseDate('start_date', start) : null,
    endDate: end !== undefined && end.trim() !== '' ? parseDate('end_date', end) : null,
    statuses: statuses as ('open' | 'closed')[] | null,
  };
}
