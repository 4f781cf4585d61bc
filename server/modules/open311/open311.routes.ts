import { createHash, randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { AppError, httpStatusFor } from '../../errors.ts';
import { perAccountLimiter, perAddress, RATE_LIMITS } from '../../http/rateLimits.ts';
import { FsAttachmentStore } from '../../attachments/store.ts';
import { storeAttachment } from '../../attachments/storeAttachment.ts';
import { parseIdempotencyKey, requestFingerprint, runIdempotent } from '../../http/idempotency.ts';
import type { Trx } from '../../storage/db.ts';
import type { Open311KeyRow } from '../../storage/schema.ts';
import { findCategories, findCategory } from '../cases/lookups.ts';
import { sha256Hex } from '../people/secrets.ts';
import { getGridIndex } from '../territory/gridIndex.ts';
import { getServiceRequest, listServiceRequests } from './listServiceRequests.ts';
import { findOpen311KeyByHash } from './open311.repository.ts';
import { formFromObject, parseFormBody, parseServiceRequest, parseServiceRequestQuery, type Open311Form } from './open311.schemas.ts';
import { leafCategories, presentServiceDefinition, presentServices, type Open311Service, type Open311ServiceDefinition } from './open311Services.ts';
import type { Open311ServiceRequest } from './open311Requests.ts';
import { submitServiceRequest } from './submitServiceRequest.ts';
import { MAX_FIELD_BYTES, MEDIA_FIELD, readMultipartForm } from './multipartForm.ts';
import { open311Actor } from './open311Keys.ts';
import { fields, toXml, type XmlNode } from './xml.ts';
import { nulError, nulFieldOfBody } from '../../http/rejectNul.ts';
import {
  open311Discovery,
  open311ServiceDefinition,
  open311ServiceRequests,
  open311Services,
  open311Submitted,
  open311Tokens,
  type Open311Discovery,
} from '../../../shared/open311/wire.ts';

/** Mount point of the GeoReport v2 endpoint. */
export const OPEN311_PREFIX = '/open311/v2';
/** When this endpoint's behaviour last changed (discovery `changeset`). */
export const OPEN311_CHANGESET = '2026-11-27T08:00:00Z';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
const FORMATS = ['json', 'xml'] as const;
type Format = (typeof FORMATS)[number];
const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

/** `services.json` → json; anything else (including no suffix) answers in JSON too. */
function formatOfUrl(url: string): Format {
  return /\.xml$/i.test(url.split('?')[0]!) ? 'xml' : 'json';
}

/**
 * The 200 of a GeoReport route for the OpenAPI document: the JSON shape, or the same fields as XML.
 * Bodies are rendered to text by `send` below, so Fastify never passes them through these schemas.
 */
function answers(formats: readonly Format[], json: z.ZodType, what: string) {
  const content: Record<string, { schema: z.ZodType }> = {};
  if (formats.includes('json')) content['application/json'] = { schema: json };
  if (formats.includes('xml')) content['text/xml'] = { schema: z.string().describe(`${what}: the same fields as XML elements (GeoReport v2)`) };
  return { 200: { description: what, content } };
}

/** `{id}.{format}` path segment → id and format, or null. */
function splitFile(file: string): { id: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  return m ? { id: m[1]!, format: m[2]!.toLowerCase() as Format } : null;
}

// ---- XML shapes (root elements as in the spec) ----

function servicesXml(services: Open311Service[]): XmlNode {
  return ['services', services.map((s) => ['service', fields(s)] as XmlNode)];
}

function definitionXml(d: Open311ServiceDefinition): XmlNode {
  return [
    'service_definition',
    [
      ['service_code', d.service_code],
      [
        'attributes',
        d.attributes.map(
          (a) =>
            [
              'attribute',
              [
                ...fields({ variable: a.variable, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatype_description, order: a.order, description: a.description }),
                ['values', a.values.map((v) => ['value', fields(v)] as XmlNode)],
              ],
            ] as XmlNode,
        ),
      ],
    ],
  ];
}

function requestsXml(items: readonly Record<string, string | number | boolean | null>[]): XmlNode {
  return ['service_requests', items.map((r) => ['request', fields(r)] as XmlNode)];
}

function errorsXml(errors: { code: number; description: string }[]): XmlNode {
  return ['errors', errors.map((e) => ['error', fields(e)] as XmlNode)];
}

function send(reply: FastifyReply, format: Format, status: number, json: unknown, xml: () => XmlNode): FastifyReply {
  const body = format === 'xml' ? toXml(xml()) : JSON.stringify(json);
  return reply.status(status).type(CONTENT_TYPE[format]).send(body);
}

/** Spec error shape: JSON `[{"code":400,"description":"…"}]`, XML `<errors><error>…`. */
function sendError(reply: FastifyReply, format: Format, status: number, description: string): FastifyReply {
  const errors = [{ code: status, description }];
  return send(reply, format, status, errors, () => errorsXml(errors));
}

/** AppError → GeoReport status: only 400, 403 and 404 are meaningful to Open311 clients (plus idempotency codes). */
function statusOf(err: AppError): number {
  switch (err.code) {
    case 'OUTSIDE_TERRITORY':
    case 'VALIDATION_FAILED':
    case 'INVALID_GEOMETRY':
      return 400;
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return 403;
    default:
      return httpStatusFor(err.code);
  }
}

/** The api_key of a POST (form field, or query string as some clients send it): 403 when missing, unknown or revoked. */
async function requireKey(ctx: AppContext, request: FastifyRequest, form: Open311Form): Promise<Open311KeyRow> {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.['api_key'];
  const apiKey = (form.fields['api_key'] ?? (typeof fromQuery === 'string' ? fromQuery : '')).trim();
  if (!apiKey) throw new AppError('FORBIDDEN', 'api_key: 缺少 API 密钥 / api_key was not provided', 'api_key');
  const key = await findOpen311KeyByHash(ctx.storage.db, sha256Hex(apiKey));
  if (!key || key.revoked_at !== null) throw new AppError('FORBIDDEN', 'api_key: API 密钥无效或已吊销 / api_key is invalid or has been revoked', 'api_key');
  return key;
}

/** Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/, JSON and XML. */
export async function open311Routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(
    async (api) => {
      // Scoped to this plugin: the rest of the API keeps refusing form bodies.
      api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
        done(null, parseFormBody(body as string));
      });
      // multipart/form-data too (curl -F, HTML forms, Python requests with files=): the same fields plus
      // an optional photo in `media`. Limits are enforced while streaming (readMultipartForm).
      const maxMediaBytes = ctx.config.maxUploadBytes;
      await api.register(multipart, { limits: { fileSize: maxMediaBytes, files: 1, fields: 200, parts: 201, fieldSize: MAX_FIELD_BYTES } });
      const store = new FsAttachmentStore(ctx.config.dataDir);
      // Per API key (the account of an Open311 client); the per-address limit is on the route.
      const submitPerKey = perAccountLimiter(api, 'open311-submit', RATE_LIMITS.open311Submit);

      api.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
        const format = formatOfUrl(request.url);
        if (err instanceof AppError) return sendError(reply, format, statusOf(err), err.message);
        const fe = err as FastifyError;
        if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
          return sendError(reply, format, 415, 'body: 请以 application/x-www-form-urlencoded 或 multipart/form-data 提交 / send the request as application/x-www-form-urlencoded (GeoReport v2) or multipart/form-data');
        }
        // The per-address limit (Retry-After is already set by @fastify/rate-limit).
        if (fe.statusCode === 429) return sendError(reply, format, 429, '请求过于频繁，请稍后再试 / too many requests from this address, retry later (see Retry-After)');
        if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendError(reply, format, fe.statusCode, `body: ${fe.message}`);
        const errorId = randomUUID();
        request.log.error({ err, errorId }, 'unhandled error in open311');
        return sendError(reply, format, 500, `internal error ${errorId}`);
      });
      // Open311 is a public API for other people's apps, many of them in browsers on other origins: allow
      // cross-origin reads and form posts (no cookies are involved; POST is authorised by api_key).
      api.addHook('onSend', async (_request, reply, payload) => {
        reply.header('access-control-allow-origin', '*');
        reply.header('access-control-expose-headers', 'Idempotency-Replayed');
        reply.header('cross-origin-resource-policy', 'cross-origin');
        return payload;
      });
      api.options('/*', { schema: { hide: true } }, async (_request, reply) =>
        reply
          .status(204)
          .header('access-control-allow-methods', 'GET, POST, OPTIONS')
          .header('access-control-allow-headers', 'Content-Type, Idempotency-Key')
          .header('access-control-max-age', '86400')
          .send(),
      );

      api.setNotFoundHandler((request, reply) =>
        sendError(reply, formatOfUrl(request.url), 404, `no such resource ${request.method} ${request.url.split('?')[0]} (see ${OPEN311_PREFIX}/discovery.json)`),
      );

      // The web client's GET /* catch-all would otherwise answer unknown Open311 paths in the console's error shape.
      api.get('/*', { schema: { hide: true } }, async (request, reply) =>
        sendError(reply, formatOfUrl(request.url), 404, `no such resource GET ${request.url.split('?')[0]} (see ${OPEN311_PREFIX}/discovery.json)`),
      );

      const schema = { tags: ['open311'] };

      for (const format of FORMATS) {
        api.get(`/discovery.${format}`, { schema: { ...schema, summary: `Open311 service discovery (${format})`, response: answers([format], open311Discovery, 'endpoints, formats and where to get a key') } }, async (request, reply) => {
          const url = `${request.protocol}://${request.host}${OPEN311_PREFIX}/`;
          const discovery: Open311Discovery = {
            changeset: OPEN311_CHANGESET,
            contact: '请联系本系统的运维单位 / Contact the operator of this wangge installation',
            key_service: 'API 密钥由运维人员签发：wangge open311 key create --name 名称 / Keys are issued by the operator (wangge open311 key create --name NAME)',
            endpoints: [{ specification: SPECIFICATION, url, changeset: OPEN311_CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
          };
          return send(reply, format, 200, discovery, () => [
            'discovery',
            [
              ...fields({ changeset: discovery.changeset, contact: discovery.contact, key_service: discovery.key_service }),
              [
                'endpoints',
                discovery.endpoints.map((e) => ['endpoint', [...fields({ specification: e.specification, url: e.url, changeset: e.changeset, type: e.type }), ['formats', e.formats.map((f) => ['format', f] as XmlNode)]]] as XmlNode),
              ],
            ],
          ]);
        });

        api.get(`/services.${format}`, { schema: { ...schema, summary: `GeoReport v2 service list (${format})`, response: answers([format], open311Services, 'services (case categories) a request may be filed under') } }, async (_request, reply) => {
          const services = presentServices(await findCategories(ctx.storage.db));
          return send(reply, format, 200, services, () => servicesXml(services));
        });

        api.get(`/requests.${format}`, { schema: { ...schema, summary: `GeoReport v2 service requests (${format}); last 90 days, at most 1000`, response: answers([format], open311ServiceRequests, 'service requests') } }, async (request, reply) => {
          const query = parseServiceRequestQuery((request.query ?? {}) as Record<string, unknown>);
          const items = await listServiceRequests(ctx.storage.db, { now: ctx.now(), query });
          return send(reply, format, 200, items, () => requestsXml(items));
        });

        api.post(`/requests.${format}`, { config: { rateLimit: perAddress(RATE_LIMITS.open311Submit) }, schema: { ...schema, summary: `GeoReport v2 create a service request (${format}; form-encoded, api_key)`, response: answers([format], open311Submitted, 'the new service request') } }, async (request, reply) => {
          let form: Open311Form;
          let media: Buffer | null = null;
          if (request.isMultipart()) {
            ({ form, media } = await readMultipartForm(request, maxMediaBytes));
          } else {
            const body = request.body;
            form = body && typeof body === 'object' && 'fields' in body && 'attributes' in body ? (body as Open311Form) : formFromObject(body);
          }
          // Multipart fields are read here, after the hooks: the same U+0000 refusal as every other body.
          const nulField = nulFieldOfBody(form);
          if (nulField !== null) throw nulError(nulField);
          const key = await requireKey(ctx, request, form);
          await submitPerKey(request, reply, key.id);
          const input = parseServiceRequest(form);
          // Fetched before the transaction: cached per process (a query on the db handle inside a SQLite transaction would wait forever).
          const gridIndex = await getGridIndex(ctx.storage.db);
          const sourceIp = request.ip ?? null;
          const storePhoto = async (trx: Trx, bytes: Buffer) => {
            try {
              return await storeAttachment(trx, { actor: open311Actor(key, sourceIp), store, bytes, maxBytes: maxMediaBytes, stripLocation: true, now: ctx.now() });
            } catch (err) {
              // The attachment checks name their field 'file'; in Open311 the photo is `media`.
              if (err instanceof AppError && err.field === 'file') throw new AppError(err.code, `${MEDIA_FIELD}: ${err.message.replace(/^file: /, '')}`, MEDIA_FIELD, err.details);
              throw err;
            }
          };
          const run = async (trx: Trx) => {
            // The photo is stored like a resident's upload: type sniffed from the bytes, location metadata
            // stripped, content-addressed; the case lists it among its photos (visible to staff only).
            const photos = media ? [(await storePhoto(trx, media)).sha256] : [];
            return submitServiceRequest(trx, { key, sourceIp, now: ctx.now(), gridIndex, input, photos, slaPolicy: ctx.slaPolicy });
          };

          // Open311 has no idempotency key of its own; a client that sends Idempotency-Key gets exactly-once.
          let created: unknown;
          if (request.headers['idempotency-key'] !== undefined) {
            const idemKey = parseIdempotencyKey(request.headers['idempotency-key']);
            const res = await runIdempotent(
              ctx,
              { principal: `apikey:${key.id}`, key: idemKey, fingerprint: requestFingerprint(request.method, request.url, { fields: form.fields, attributes: form.attributes, media: media ? createHash('sha256').update(media).digest('hex') : null }) },
              async (trx) => ({ status: 200, body: await run(trx) }),
            );
            if (res.replayed) reply.header('Idempotency-Replayed', 'true');
            created = JSON.parse(res.bodyText);
          } else {
            created = await inTransaction(ctx, run);
          }
          const items = created as Record<string, string | null>[];
          // 200, not 201: the spec's examples and most GeoReport v2 servers (and so their clients) use 200.
          return send(reply, format, 200, items, () => requestsXml(items));
        });
      }

      api.get('/services/:file', { schema: { ...schema, summary: 'GeoReport v2 service definition: services/{service_code}.{json|xml}', response: answers(FORMATS, open311ServiceDefinition, 'the attributes of one service') } }, async (request, reply) => {
        const file = splitFile((request.params as { file: string }).file);
        if (!file) return sendError(reply, 'json', 404, 'use services/{service_code}.json or .xml');
        const category = await findCategory(ctx.storage.db, file.id);
        const active = category && category.active === 1 ? leafCategories(await findCategories(ctx.storage.db)).find((c) => c.code === category.code) : undefined;
        if (!active) return sendError(reply, file.format, 404, `service_code ${file.id} was not found`);
        const definition = presentServiceDefinition(active);
        return send(reply, file.format, 200, definition, () => definitionXml(definition));
      });

      api.get('/requests/:file', { schema: { ...schema, summary: 'GeoReport v2 one service request: requests/{service_request_id}.{json|xml}', response: answers(FORMATS, open311ServiceRequests, 'the service request (an array of one)') } }, async (request, reply) => {
        const file = splitFile((request.params as { file: string }).file);
        if (!file) return sendError(reply, 'json', 404, 'use requests/{service_request_id}.json or .xml');
        const items: Open311ServiceRequest[] = await getServiceRequest(ctx.storage.db, { serviceRequestId: file.id });
        return send(reply, file.format, 200, items, () => requestsXml(items));
      });

      // Requests are created synchronously, so a token is simply the service_request_id.
      api.get('/tokens/:file', { schema: { ...schema, summary: 'GeoReport v2 token → service_request_id: tokens/{token}.{json|xml}', response: answers(FORMATS, open311Tokens, 'the service_request_id of a token') } }, async (request, reply) => {
        const file = splitFile((request.params as { file: string }).file);
        if (!file) return sendError(reply, 'json', 404, 'use tokens/{token}.json or .xml');
        try {
          const [item] = await getServiceRequest(ctx.storage.db, { serviceRequestId: file.id });
          const items = [{ service_request_id: item!.service_request_id, token: file.id }];
          return send(reply, file.format, 200, items, () => requestsXml(items));
        } catch (err) {
          if (err instanceof AppError && err.code === 'NOT_FOUND') return sendError(reply, file.format, 404, `token ${file.id} was not found`);
          throw err;
        }
      });
    },
    { prefix: OPEN311_PREFIX },
  );
}
