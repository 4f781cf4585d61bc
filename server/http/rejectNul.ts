import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * U+0000 (NUL) is refused in any request text — body, query string or path parameter — with
 * 400 VALIDATION_FAILED naming the field. PostgreSQL cannot store it in text (it answered 500) and
 * SQLite stored it silently, so the two databases disagreed; no legitimate input contains it.
 *
 * A preHandler hook, so it runs for every route after authentication (401 first) and schema
 * validation (other 400s first), and before any handler touches the database. Raw uploads (Buffers)
 * are binary and not inspected.
 */
export function rejectNulCharacters(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const field = findNul(request.params, '') ?? findNul(request.query, '') ?? nulFieldOfBody(request.body);
  done(field === null ? undefined : nulError(field));
}

/** The 400 for a NUL in `field`. */
export function nulError(field: string): AppError {
  const name = field === '' ? 'body' : field;
  return new AppError('VALIDATION_FAILED', `${name}: 不能包含空字符 U+0000 / must not contain the NUL character (U+0000)`, name);
}

/**
 * The field of a body holding U+0000, or null. A parsed form ({fields, attributes}: the Open311 form
 * parsers) is named as the client sent it: description, attribute[amount].
 */
export function nulFieldOfBody(body: unknown): string | null {
  if (body && typeof body === 'object' && 'fields' in body && 'attributes' in body) {
    const form = body as { fields: unknown; attributes: unknown };
    const attribute = findNul(form.attributes, '');
    return findNul(form.fields, '') ?? (attribute === null ? null : `attribute[${attribute.split('.')[0]}]`);
  }
  return findNul(body, '');
}

/** The dotted path ('parties.0.name') of the first string or key holding U+0000, or null. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here;
    const hit = findNul(child, here);
    if (hit !== null) return hit;
  }
  return null;
}
