import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireActor } from '../../http/actor.ts';
import { caseExportQuery, kpiCasesQuery, kpiQuery } from './analytics.schemas.ts';
import { kpiCaseList, kpiTable } from '../../../shared/analytics/wire.ts';
import { exportCases } from './exportCases.ts';
import { toCsv, toXlsx, type ExportTable } from '../../reporting/exportTable.ts';
import { getKpis } from './getKpis.ts';
import { kpiExportTable } from './kpiExport.ts';
import { resolveScope } from '../cases/resolveScope.ts';
import { inferGroupBy, listKpiCases } from './listKpiCases.ts';
import { parseInstant, parsePeriod } from '../../reporting/periods.ts';

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CONTENT_TYPE = { xlsx: XLSX_TYPE, csv: 'text/csv; charset=utf-8' } as const;

/**
 * The 200 of a download, for the OpenAPI document: the file in its media type. The body is a Buffer,
 * which Fastify sends as is, never through the serializer.
 */
function downloadResponse(format: 'xlsx' | 'csv', what: string) {
  const schema = format === 'xlsx' ? z.file().describe(`${what} as an Excel workbook`) : z.string().describe(`${what} as CSV (UTF-8 with BOM, CRLF, header row first)`);
  return { 200: { description: `${what} (attachment)`, content: { [CONTENT_TYPE[format].split(';')[0]!]: { schema } } } };
}

/** Send an export as a download; the file name is ASCII-safe with the Chinese name in filename*. */
async function sendTable(reply: FastifyReply, table: ExportTable, format: 'xlsx' | 'csv', baseName: string, zhName: string) {
  const body = format === 'xlsx' ? await toXlsx(table) : toCsv(table);
  return reply
    .type(CONTENT_TYPE[format])
    .header('content-disposition', `attachment; filename="${baseName}.${format}"; filename*=UTF-8''${encodeURIComponent(zhName)}.${format}`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** KPIs (综合评价指标), their drill-down to cases, and XLSX/CSV exports of KPI tables and case lists. */
export async function analyticsRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];

  const kpiTableOf = async (request: FastifyRequest, q: z.infer<typeof kpiQuery>) => {
    const actor = requireActor(request);
    const period = parsePeriod(q.from, q.to);
    const { scope, prefix } = await resolveScope(ctx.storage.db, actor, 'kpi.read', q.scope);
    return getKpis(ctx.storage.db, { scope, prefix, period, now: ctx.now(), groupBy: q.groupBy });
  };

  app.get(
    '/api/kpis',
    { preValidation: authenticated, schema: { tags: ['analytics'], summary: '考核指标 / KPIs over [from, to) by grid, unit, department, person or period', security, querystring: kpiQuery, response: { 200: kpiTable } } },
    async (request) => kpiTableOf(request, request.query),
  );

  app.get(
    '/api/kpis/cases',
    { preValidation: authenticated, schema: { tags: ['analytics'], summary: '指标溯源 / the cases behind one KPI figure', security, querystring: kpiCasesQuery, response: { 200: kpiCaseList } } },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const period = parsePeriod(q.from, q.to);
      const groupBy = inferGroupBy(q.group, q.groupBy);
      const { scope, prefix } = await resolveScope(ctx.storage.db, actor, 'kpi.read', q.scope);
      return listKpiCases(ctx.storage.db, { scope, prefix, period, now: ctx.now(), metric: q.metric, groupBy, group: q.group, limit: q.limit });
    },
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/kpis/export.${format}`,
      { preValidation: authenticated, schema: { tags: ['analytics'], summary: `导出考核指标 / KPI table as ${format.toUpperCase()}`, security, querystring: kpiQuery, response: downloadResponse(format, 'KPI table') } },
      async (request, reply) => {
        const table = await kpiTableOf(request, request.query);
        return sendTable(reply, kpiExportTable(table), format, 'kpis', '考核指标');
      },
    );

    app.get(
      `/api/cases/export.${format}`,
      {
        preValidation: authenticated,
        schema: { tags: ['analytics'], summary: `导出案件清单 / case list as ${format.toUpperCase()} (personal data only with people.readPersonal and a purpose)`, security, querystring: caseExportQuery, response: downloadResponse(format, 'case list') },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const q = request.query;
        const from = q.from ? parseInstant(q.from, 'from') : undefined;
        const to = q.to ? parseInstant(q.to, 'to') : undefined;
        const table = await inTransaction(ctx, async (trx) => {
          const { scope, prefix } = await resolveScope(trx, actor, 'case.read', q.scope);
          return exportCases(trx, {
            actor,
            scope,
            prefix,
            state: q.state,
            categoryCode: q.category,
            from,
            to,
            purpose: q.purpose,
          });
        });
        return sendTable(reply, table, format, 'cases', '案件清单');
      },
    );
  }
}
