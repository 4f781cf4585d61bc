import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { httpStatusFor } from '../../errors.ts';
import { requireNode, scopePathsFor } from '../../access/access.ts';
import { requireActor } from '../../http/actor.ts';
import { withIdempotency } from '../../http/idempotency.ts';
import { getGridIndex } from '../territory/gridIndex.ts';
import { CheckinBatcher } from './checkinBatcher.ts';
import { createPlan, getPlan } from './createPlan.ts';
import { createSite } from './createSite.ts';
import { getCompliance, listUncoveredSites } from './getCompliance.ts';
import { getMyRoute } from './getMyRoute.ts';
import { issueSiteQr } from './issueSiteQr.ts';
import { sitesUnder, sitesUnderIncludingInactive } from './patrols.repository.ts';
import { updateSite } from './updateSite.ts';
import { listPlans } from './listPlans.ts';
import { complianceQuery, idParams, listPlansQuery, listSitesQuery, myRouteQuery, planQuery, qrQuery, uncoveredQuery } from './patrols.schemas.ts';
import {
  checkinBatchBody, checkinBatchResponse, checkinBody, checkinOutcome, checkinRefusal, complianceResponse, createdPlanResponse, createPlanBody, createSiteBody, myRouteResponse,
  planListResponse, planResponse, siteListResponse, siteQrResponse, siteResponse, uncoveredResponse, updateSiteBody, type CheckinOutcomeView,
} from '../../../shared/patrols/wire.ts';
import { QrSigner } from './qrSigner.ts';
import type { CheckinOutcome, RefusalStatus } from './recordCheckins.ts';
import { presentSite, toSite } from './sites.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** Wire shape of one check-in outcome. */
function presentOutcome(clientNonce: string, o: CheckinOutcome): CheckinOutcomeView {
  return o.status === 'refused' ? { clientNonce, status: o.status, error: o.error } : { clientNonce, status: o.status, id: o.id };
}

/** Patrols (巡逻防控): key sites, QR codes, shift plans, check-ins (group commit), compliance. */
export async function patrolRoutes(fastify: FastifyInstance, ctx: AppContext, options: { batcher?: CheckinBatcher } = {}): Promise<CheckinBatcher> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const signer = QrSigner.forDataDir(ctx.config.dataDir);
  const batcher = options.batcher ?? new CheckinBatcher(ctx, signer);
  fastify.addHook('onClose', async () => batcher.close());
  // Reachable for the checkin-ingest benchmark and tests (app.patrolCheckinBatcher).
  if (!fastify.hasDecorator('patrolCheckinBatcher')) fastify.decorate('patrolCheckinBatcher', batcher);
  const tags = ['patrols'];

  app.post('/api/patrols/sites', { preValidation: authenticated, schema: { tags, summary: '新增重点部位 / register a key site (Idempotency-Key required)', security, body: createSiteBody, response: { 201: siteResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const gridIndex = await getGridIndex(ctx.storage.db);
    return withIdempotency(ctx, request, reply, async (trx) => {
      const site = await createSite(trx, { ...request.body, actor, now: ctx.now(), gridIndex });
      return { status: 201, body: { site: presentSite(site) } };
    });
  });

  app.get('/api/patrols/sites', { preValidation: authenticated, schema: { tags, summary: '重点部位列表 / key sites in scope', security, querystring: listSitesQuery, response: { 200: siteListResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => {
      let paths = scopePathsFor(actor, 'patrol.read');
      if (request.query.scope) {
        const node = await requireNode(trx, { actor, action: 'patrol.read', code: request.query.scope });
        paths = [node.path];
      }
      const rows = request.query.includeInactive === '1' ? await sitesUnderIncludingInactive(trx, paths, null) : await sitesUnder(trx, paths);
      return { sites: rows.map((r) => presentSite(toSite(r))) };
    });
  });

  app.patch('/api/patrols/sites/:id', { preValidation: authenticated, schema: { tags, summary: '修改或停用重点部位 / edit, deactivate or reactivate a key site (expectedUpdatedAt)', security, params: idParams, body: updateSiteBody, response: { 200: siteResponse } } }, async (request) => {
    const actor = requireActor(request);
    const gridIndex = await getGridIndex(ctx.storage.db);
    const site = await inTransaction(ctx, (trx) => updateSite(trx, { ...request.body, actor, now: ctx.now(), gridIndex, siteId: request.params.id }));
    return { site: presentSite(site) };
  });

  app.get('/api/patrols/sites/:id/qr', { preValidation: authenticated, schema: { tags, summary: '部位巡逻二维码 / printable signed QR payload of a site', security, params: idParams, querystring: qrQuery, response: { 200: siteQrResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => issueSiteQr(trx, { ...request.query, actor, now: ctx.now(), siteId: request.params.id, signer }));
  });

  app.post('/api/patrols/plans', { preValidation: authenticated, schema: { tags, summary: '排定巡逻方案 / plan a shift (Idempotency-Key required)', security, body: createPlanBody, response: { 201: createdPlanResponse } } }, async (request, reply) => {
    const actor = requireActor(request);
    const b = request.body;
    return withIdempotency(ctx, request, reply, async (trx) => ({
      status: 201,
      body: { plan: await createPlan(trx, { ...b, actor, now: ctx.now(), shiftStart: new Date(b.shiftStart), shiftEnd: new Date(b.shiftEnd) }) },
    }));
  });

  app.get('/api/patrols/plans', { preValidation: authenticated, schema: { tags, summary: '巡逻方案列表 / recent shift plans in a scope with their coverage', security, querystring: listPlansQuery, response: { 200: planListResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => listPlans(trx, { actor, scopeCode: request.query.scope, limit: request.query.limit }));
  });

  app.get('/api/patrols/plans/:id', { preValidation: authenticated, schema: { tags, summary: '巡逻方案与路线 / a plan with its visits (one worker’s route with workerId)', security, params: idParams, querystring: planQuery, response: { 200: planResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, async (trx) => ({ plan: await getPlan(trx, { actor, id: request.params.id, workerId: request.query.workerId }) }));
  });

  app.get('/api/patrols/my-route', { preValidation: authenticated, schema: { tags, summary: '今日巡逻 / my planned visits for a day, with sites and my check-ins', security, querystring: myRouteQuery, response: { 200: myRouteResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => getMyRoute(trx, { actor, date: request.query.date, now: ctx.now() }));
  });

  // One check-in: 201 accepted, 200 duplicate (already applied), or the refusal's own status.
  app.post('/api/patrols/checkin', { preValidation: authenticated, schema: { tags, summary: '巡逻打卡 / one arrival or departure (QR or GPS)', security, body: checkinBody, response: { 200: checkinOutcome, 201: checkinOutcome, 400: checkinRefusal, 403: checkinRefusal, 404: checkinRefusal, 422: checkinRefusal } } }, async (request, reply) => {
    const actor = requireActor(request);
    const outcome = await batcher.submit({ actor, input: request.body });
    if (outcome.status === 'refused') return reply.status(httpStatusFor(outcome.error.code) as RefusalStatus).send({ error: outcome.error });
    return reply.status(outcome.status === 'accepted' ? 201 : 200).send(presentOutcome(request.body.clientNonce, outcome));
  });

  // An offline queue's sync: every item gets its own outcome; one refusal never fails the rest.
  app.post('/api/patrols/checkins', { preValidation: authenticated, schema: { tags, summary: '批量同步打卡 / sync queued check-ins', security, body: checkinBatchBody, response: { 200: checkinBatchResponse } } }, async (request) => {
    const actor = requireActor(request);
    const outcomes = await batcher.submitMany(request.body.checkins.map((input) => ({ actor, input })));
    return { results: outcomes.map((o, i) => presentOutcome(request.body.checkins[i]!.clientNonce, o)) };
  });

  app.get('/api/patrols/compliance', { preValidation: authenticated, schema: { tags, summary: '巡逻达标 / plan vs actual per site and window for a day', security, querystring: complianceQuery, response: { 200: complianceResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => getCompliance(trx, { actor, scopeCode: request.query.scope, date: request.query.date, now: ctx.now() }));
  });

  app.get('/api/patrols/uncovered', { preValidation: authenticated, schema: { tags, summary: '未覆盖部位 / sites not covered now, for the map', security, querystring: uncoveredQuery, response: { 200: uncoveredResponse } } }, async (request) => {
    const actor = requireActor(request);
    return inTransaction(ctx, (trx) => listUncoveredSites(trx, { actor, scopeCode: request.query.scope, now: ctx.now() }));
  });

  return batcher;
}
