import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import type { Actor } from '../../access/actor.ts';
import type { Trx } from '../../storage/db.ts';
import { inTransaction } from '../../context.ts';
import { requireAccess } from '../../access/access.ts';
import { requireActor } from '../../http/actor.ts';
import { toXlsx } from '../../reporting/exportTable.ts';
import { presentCaseFor } from './getCase.ts';
import { deadlineInstant, presentHazard } from './hazard.ts';
import { hazardRegisterTable, listHazards } from './listHazards.ts';
import { planHazardRectification } from './planHazardRectification.ts';
import { recordMediationAgreement } from './recordMediationAgreement.ts';
import { recordMediationSession } from './recordMediationSession.ts';
import { reinspectHazard } from './reinspectHazard.ts';
import { signOffHazard } from './signOffHazard.ts';
import { agreementBody, hazardPlanBody, hazardReinspectionBody, hazardSignoffBody, hazardsQuery, idParams, mediationSessionBody } from './cases.schemas.ts';
import { caseResponse, hazardListResponse, hazardSignoffResponse, hazardStepResponse, mediationSessionResponse, xlsxBytes } from '../../../shared/cases/wire.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Hazard register (风险隐患台账: plan → re-inspection → 销号, XLSX export) and dispute mediation (调解记录, 协议). */
export async function hazardRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];

  // Every hazard and mediation step: in one transaction, the caller must be able to act on the case (办理).
  const onCase = <T>(actor: Actor, caseId: string, step: (trx: Trx) => Promise<T>): Promise<T> =>
    inTransaction(ctx, async (trx) => {
      await requireAccess(trx, { actor, action: 'case.act', resource: 'case', ids: [caseId] });
      return step(trx);
    });

  // A hazard step answers the case as the caller may see it and the hazard's register line at the same instant.
  const presentStep = async (trx: Trx, actor: Actor, r: { row: Parameters<typeof presentCaseFor>[2]; hazard: Parameters<typeof presentHazard>[0] }, now: Date) => ({
    case: await presentCaseFor(trx, actor, r.row),
    hazard: presentHazard(r.hazard, now),
  });

  const registerFilter = (q: { grade?: string | undefined; status?: string | undefined; overdue?: string | undefined; scope?: string | undefined }) => ({
    grade: q.grade,
    status: q.status,
    overdue: q.overdue === '1',
    scopeCode: q.scope,
  });

  app.get(
    '/api/hazards',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '风险隐患台账 / hazard register in your scope', security, querystring: hazardsQuery, response: { 200: hazardListResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      return listHazards(ctx.storage.db, { actor, now: ctx.now(), ...registerFilter(q), limit: q.limit, cursor: q.cursor });
    },
  );

  app.get(
    '/api/hazards/export.xlsx',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '导出风险隐患台账 / hazard register as XLSX', security, querystring: hazardsQuery, response: { 200: xlsxBytes } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const table = await hazardRegisterTable(ctx.storage.db, { actor, now: ctx.now(), ...registerFilter(request.query) });
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="hazards.xlsx"; filename*=UTF-8''${encodeURIComponent('风险隐患台账')}.xlsx`)
        .header('cache-control', 'no-store')
        .send(await toXlsx(table));
    },
  );

  app.post(
    '/api/cases/:id/hazard/plan',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '整改方案 / set the rectification plan, responsible unit and person, deadline', security, params: idParams, body: hazardPlanBody, response: { 200: hazardStepResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const b = request.body;
      return onCase(actor, request.params.id, async (trx) => {
        const now = ctx.now();
        const r = await planHazardRectification(trx, { ...b, actor, now, caseId: request.params.id, deadline: deadlineInstant(b.deadline) });
        return presentStep(trx, actor, r, now);
      });
    },
  );

  app.post(
    '/api/cases/:id/hazard/reinspection',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '复查 / re-inspection with evidence (not by the responsible person)', security, params: idParams, body: hazardReinspectionBody, response: { 200: hazardStepResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const b = request.body;
      return onCase(actor, request.params.id, async (trx) => {
        const now = ctx.now();
        const r = await reinspectHazard(trx, { ...b, actor, now, caseId: request.params.id, photos: b.photos ?? [] });
        return presentStep(trx, actor, r, now);
      });
    },
  );

  app.post(
    '/api/cases/:id/hazard/signoff',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '销号 / sign a hazard off after a passed re-inspection', security, params: idParams, body: hazardSignoffBody, response: { 200: hazardSignoffResponse } } },
    async (request) => {
      const actor = requireActor(request);
      return onCase(actor, request.params.id, async (trx) => {
        const now = ctx.now();
        const r = await signOffHazard(trx, { actor, now, caseId: request.params.id, note: request.body.note ?? null });
        return { ...(await presentStep(trx, actor, r, now)), caseClosed: r.caseClosed };
      });
    },
  );

  app.post(
    '/api/cases/:id/mediation-sessions',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '调解记录 / record a mediation session of a dispute', security, params: idParams, body: mediationSessionBody, response: { 201: mediationSessionResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const b = request.body;
      const result = await onCase(actor, request.params.id, async (trx) => {
        const r = await recordMediationSession(trx, { ...b, actor, now: ctx.now(), caseId: request.params.id });
        return { case: await presentCaseFor(trx, actor, r.row), session: r.session };
      });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/api/cases/:id/agreement',
    { preValidation: authenticated, schema: { tags: ['cases'], summary: '调解协议 / record the agreement (text, amount, performance deadline) and outcome', security, params: idParams, body: agreementBody, response: { 200: caseResponse } } },
    async (request) => {
      const actor = requireActor(request);
      const b = request.body;
      return onCase(actor, request.params.id, async (trx) => {
        // An agreement without an amount stores amount null; the outcome defaults to agreed (调解成功).
        const row = await recordMediationAgreement(trx, { ...b, actor, now: ctx.now(), caseId: request.params.id, amount: b.amount ?? null, outcome: b.outcome ?? 'agreed' });
        return { case: await presentCaseFor(trx, actor, row) };
      });
    },
  );
}
