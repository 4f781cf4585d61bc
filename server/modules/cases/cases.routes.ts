import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireAccess } from '../../access/access.ts';
import { publicActor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import { requireActor } from '../../http/actor.ts';
import { withIdempotency } from '../../http/idempotency.ts';
import { perAccountLimiter, perAddress, perLoggedInAccount, RATE_LIMITS } from '../../http/rateLimits.ts';
import { FsAttachmentStore } from '../../attachments/store.ts';
import { storeAttachment } from '../../attachments/storeAttachment.ts';
import { newUploaderToken, requireReadableAttachment } from '../../attachments/attachmentAccess.ts';
import { getGridIndex } from '../territory/gridIndex.ts';
import { applyCaseAction } from './applyCaseAction.ts';
import { decideDisputeEscalation, requestDisputeEscalation } from './escalateDispute.ts';
import { getCase, presentCaseFor } from './getCase.ts';
import { getPublicCaseStatus } from './getPublicCaseStatus.ts';
import { hazardRoutes } from './hazards.routes.ts';
import { listCases } from './listCases.ts';
import { listCategories } from './listCategories.ts';
import { listNotifications } from './listNotifications.ts';
import { listPossibleDuplicates } from './listPossibleDuplicates.ts';
import { mergeCase } from './mergeCase.ts';
import { readNotification } from './readNotification.ts';
import { reportCase } from './reportCase.ts';
import { setCasePublication } from './setCasePublication.ts';
import { suggestHandler } from './suggestHandler.ts';
import { unknownYearsWarning } from './stages.ts';
import { decideEscalationBody, escalateBody, idParams, listQuery, mergeBody, notificationsQuery, shaParams, trackingParams } from './cases.schemas.ts';
import {
  actionBody,
  attachmentBytes,
  notModified,
  caseDetailResponse,
  caseListResponse,
  caseResponse,
  categoriesResponse,
  notificationsResponse,
  okResponse,
  possibleDuplicatesResponse,
  publicationBody,
  publicCaseStatus,
  publicReportBody,
  publicReportResponse,
  reportBody,
  reportResponse,
  suggestedHandler,
  uploadResponse,
} from '../../../shared/cases/wire.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** A deadline in a year the holiday calendar does not know is flagged on the case and logged, never guessed silently. */
export function logUnknownYears(request: FastifyRequest, caseNo: string, years: readonly number[]): void {
  if (years.length === 0) return;
  request.log.warn({ caseNo, calendarUnknownYears: years }, unknownYearsWarning(years));
}


/** Cases (案件闭环): categories, intake (staff and residents), uploads, actions, lists, inbox, dispute ladder. */
export async function caseRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const store = new FsAttachmentStore(ctx.config.dataDir);

  // Hazard register and mediation (风险隐患台账, 调解) live in their own route file.
  await hazardRoutes(fastify, ctx);

  // Images up to the configured size (WANGGE_MAX_UPLOAD_MB); one byte more reaches acceptUpload, which names the limit.
  const maxUploadBytes = ctx.config.maxUploadBytes;
  // Per-address limits from the route config, per-account ones (a staff login using these) as preHandlers.
  const submitPerAccount = perLoggedInAccount(perAccountLimiter(fastify, 'public-submit', RATE_LIMITS.publicSubmit));
  const lookupPerAccount = perLoggedInAccount(perAccountLimiter(fastify, 'status-lookup', RATE_LIMITS.statusLookup));
  const uploadPerAccount = perLoggedInAccount(perAccountLimiter(fastify, 'upload', RATE_LIMITS.upload));
  app.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: maxUploadBytes + 1 }, (_req, body, done) => done(null, body));

  app.get('/api/categories', { preValidation: authenticated, schema: { tags: ['cases'], summary: '案件分类 / case taxonomy with stage limits and criteria', security, response: { 200: categoriesResponse } } }, async () => ({
    categories: await listCategories(ctx.storage.db, ctx.slaPolicy),
  }));

  app.post(
    '/api/cases',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '上报案件 / report a case (Idempotency-Key required)', security, body: reportBody, response: { 201: reportResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const b = request.body;
      const gridIndex = await getGridIndex(ctx.storage.db);
      return withIdempotency(ctx, request, reply, async (trx) => {
        // The kind-specific part of the body (hazard or dispute) becomes the case's details.
        const r = await reportCase(trx, { ...b, actor, now: ctx.now(), slaPolicy: ctx.slaPolicy, gridIndex, source: b.source ?? 'grid_worker', details: b.hazard ?? b.dispute ?? null });
        logUnknownYears(request, r.row.case_no, r.calendarUnknownYears);
        return { status: 201, body: { case: await presentCaseFor(trx, actor, r.row), possibleDuplicates: r.possibleDuplicates } };
      });
    },
  );

  app.post(
    '/api/cases/public',
    { config: { rateLimit: perAddress(RATE_LIMITS.publicSubmit) }, preHandler: submitPerAccount, schema: { tags: ['cases'], summary: '群众诉求 / resident submission (no login; Idempotency-Key required)', body: publicReportBody, response: { 201: publicReportResponse } } },
    async (request, reply) => {
      const b = request.body;
      const actor = publicActor(request.ip ?? null);
      const gridIndex = await getGridIndex(ctx.storage.db);
      return withIdempotency(
        ctx,
        request,
        reply,
        async (trx) => {
          const { contact, ...report } = b;
          const r = await reportCase(trx, { ...report, actor, now: ctx.now(), slaPolicy: ctx.slaPolicy, gridIndex, source: 'public', reporterName: contact?.name ?? null, reporterPhone: contact?.phone ?? null });
          logUnknownYears(request, r.row.case_no, r.calendarUnknownYears);
          return { status: 201, body: { trackingCode: r.row.tracking_code, caseNo: r.row.case_no, state: r.row.state } };
        },
        { principal: `public:${request.ip ?? 'unknown'}` },
      );
    },
  );

  app.get(
    '/api/public/cases/:trackingCode',
    { config: { rateLimit: perAddress(RATE_LIMITS.statusLookup) }, preHandler: lookupPerAccount, schema: { tags: ['cases'], summary: '查询办理进度 / status of a resident submission', params: trackingParams, response: { 200: publicCaseStatus } } },
    async (request) => getPublicCaseStatus(ctx.storage.db, { trackingCode: request.params.trackingCode }),
  );

  app.post(
    '/api/uploads',
    { config: { rateLimit: perAddress(RATE_LIMITS.upload) }, preHandler: uploadPerAccount, schema: { tags: ['cases'], summary: '上传图片 / upload an image (raw body, image/*)', response: { 201: uploadResponse } } },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file: send the image as the raw body with Content-Type image/jpeg, image/png or image/webp', 'file');
      const actor = request.actor ?? publicActor(request.ip ?? null);
      // An anonymous uploader gets a token (shown once): the only key to the file until a record references it.
      const uploader = request.actor === null ? newUploaderToken() : null;
      const attachment = await inTransaction(ctx, (trx) =>
        // Resident uploads lose location metadata (EXIF GPS, XMP) before anything is stored.
        storeAttachment(trx, { actor, store, bytes: body, maxBytes: maxUploadBytes, stripLocation: request.actor === null, now: ctx.now(), uploaderTokenHash: uploader?.hash ?? null }),
      );
      return reply.status(201).send({ sha256: attachment.sha256, mime: attachment.mime, size: attachment.size, ...(uploader ? { uploadToken: uploader.token } : {}) });
    },
  );

  app.get(
    '/api/attachments/:sha256',
    {
      schema: {
        tags: ['cases'],
        summary: '下载附件 / an uploaded image: readable through a record you may read, or your own upload not yet referenced (anonymous: X-Upload-Token)',
        security: [...security, {}],
        params: shaParams,
        // The bytes are streamed (a stream never reaches the JSON serialiser); declared for the OpenAPI document.
        response: { 200: attachmentBytes, 304: notModified },
      },
    },
    async (request, reply) => {
      const token = request.headers['x-upload-token'];
      const uploadToken = typeof token === 'string' && token.length > 0 && token.length <= 200 ? token : null;
      // Anonymous and no uploader token: 401 as before (nothing about the file is revealed).
      if (!request.actor && !uploadToken) requireActor(request);
      const row = await requireReadableAttachment(ctx.storage.db, { actor: request.actor, sha256: request.params.sha256, uploadToken, now: ctx.now() });
      // Private and revalidated on every use (who may read it can change); the content never does, so
      // its hash is the ETag and a revalidation after the check above costs no bytes.
      const etag = `"${request.params.sha256}"`;
      reply.header('cache-control', 'private, no-cache').header('vary', 'cookie, authorization, x-upload-token').header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      const stream = await store.stream(request.params.sha256);
      if (!stream) throw new AppError('NOT_FOUND', 'attachment not found');
      return reply.type(row.mime).send(stream);
    },
  );

  app.get(
    '/api/cases',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '案件列表 / cases in your scope', security, querystring: listQuery, response: { 200: caseListResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      return listCases(ctx.storage.db, {
        actor,
        now: ctx.now(),
        state: q.state,
        categoryCode: q.category,
        gridCode: q.grid,
        overdue: q.overdue === '1',
        assignedToMe: q.assignedToMe === '1',
        limit: q.limit,
        cursor: q.cursor,
      });
    },
  );

  app.get(
    '/api/cases/:id',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '案件详情 / case with timeline, ledger, hazard register or mediation, actions', security, params: idParams, response: { 200: caseDetailResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const detail = await inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'case.read', resource: 'case', ids: [request.params.id] });
        return getCase(trx, { actor, caseId: request.params.id, now: ctx.now() });
      });
      // Unmasked personal data is never kept by a cache — the service worker's offline copies included (web/sw.js).
      if (!detail.case.personalDataMasked) void reply.header('cache-control', 'private, no-store');
      return detail;
    },
  );

  app.get(
    '/api/cases/:id/suggested-handler',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '派遣建议 / suggested department', security, params: idParams, response: { 200: suggestedHandler } } },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'case.read', resource: 'case', ids: [request.params.id] });
        return suggestHandler(trx, { caseId: request.params.id });
      });
    },
  );

  app.post(
    '/api/cases/:id/actions',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '办理动作 / apply a workflow action (Idempotency-Key optional)', security, params: idParams, body: actionBody, response: { 200: caseResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const b = request.body;
      const run = async (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => {
        await requireAccess(trx, { actor, action: 'case.act', resource: 'case', ids: [id] });
        const row = await applyCaseAction(trx, { ...b, actor, now: ctx.now(), slaPolicy: ctx.slaPolicy, caseId: id, log: request.log });
        return { case: await presentCaseFor(trx, actor, row) };
      };
      // The field app replays queued actions with a key; a replay answers the first result.
      if (request.headers['idempotency-key'] !== undefined) {
        return withIdempotency(ctx, request, reply, async (trx) => ({ status: 200, body: await run(trx) }));
      }
      return inTransaction(ctx, run);
    },
  );

  app.post(
    '/api/cases/:id/publication',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '公开 / list a resident report on the public feed, or take it off (case.publish)', security, params: idParams, body: publicationBody, response: { 200: caseResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'case.publish', resource: 'case', ids: [request.params.id] });
        const row = await setCasePublication(trx, { actor, now: ctx.now(), caseId: request.params.id, public: request.body.public });
        return { case: await presentCaseFor(trx, actor, row) };
      });
    },
  );

  app.get(
    '/api/cases/:id/possible-duplicates',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '疑似重复 / open cases of the same category nearby (merge candidates)', security, params: idParams, response: { 200: possibleDuplicatesResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'case.read', resource: 'case', ids: [request.params.id] });
        return listPossibleDuplicates(trx, { actor, caseId: request.params.id });
      });
    },
  );

  app.post(
    '/api/cases/:id/merge',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '合并重复案件 / merge a duplicate into another case', security, params: idParams, body: mergeBody, response: { 200: caseResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'case.act', resource: 'case', ids: [request.params.id] });
        const row = await mergeCase(trx, { ...request.body, actor, now: ctx.now(), caseId: request.params.id });
        return { case: await presentCaseFor(trx, actor, row) };
      });
    },
  );

  app.post(
    '/api/cases/:id/escalate-dispute',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '矛盾纠纷上交申请 / ask to move a dispute one level up', security, params: idParams, body: escalateBody, response: { 200: caseResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'case.act', resource: 'case', ids: [request.params.id] });
        const row = await requestDisputeEscalation(trx, { ...request.body, actor, now: ctx.now(), caseId: request.params.id });
        return { case: await presentCaseFor(trx, actor, row) };
      });
    },
  );

  app.post(
    '/api/cases/:id/escalate-dispute/decision',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '审批上交申请 / the level leader approves or denies', security, params: idParams, body: decideEscalationBody, response: { 200: caseResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'case.act', resource: 'case', ids: [request.params.id] });
        const row = await decideDisputeEscalation(trx, { actor, now: ctx.now(), caseId: request.params.id, approve: request.body.decision === 'approve', reason: request.body.reason ?? null });
        return { case: await presentCaseFor(trx, actor, row) };
      });
    },
  );

  app.get(
    '/api/notifications',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '消息 / my notification inbox', security, querystring: notificationsQuery, response: { 200: notificationsResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      return listNotifications(ctx.storage.db, { actor, unreadOnly: q.unread === '1', limit: q.limit, cursor: q.cursor });
    },
  );

  app.post(
    '/api/notifications/:id/read',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '标记已读 / mark a notification read', security, params: idParams, response: { 200: okResponse } } },
    async (request) => {
      const actor = requireActor(request);
      await inTransaction(ctx, (trx) => readNotification(trx, { actor, id: request.params.id, now: ctx.now() }));
      return { ok: true as const };
    },
  );
}
