import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { requireAccess, requireNode } from '../../access/access.ts';
import { requireActor } from '../../http/actor.ts';
import { getNode } from './getNode.ts';
import { listChildren } from './listChildren.ts';
import { listGridFeatures } from './listGridFeatures.ts';
import { locateGrid } from './locateGrid.ts';
import { updateNodeProfile } from './updateNodeProfile.ts';
import { childrenQuery, codeParams, gridsQuery, locateQuery, nodeQuery, profileBody } from './territory.schemas.ts';
import { childrenResponse, gridCollection, locateResponse, nodeResponse } from '../../../shared/territory/wire.ts';

const errorShape = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) });

// Runs before schema validation so an anonymous caller gets 401, not a 400 about their input.
async function authenticated(request: FastifyRequest): Promise<void> {
  requireActor(request);
}

/** Territory: public locate, nodes, children, grid map layer, grid profile (网格概况). */
export async function territoryRoutes(fastify: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const security: { [scheme: string]: string[] }[] = [{ session: [] }, { bearer: [] }];

  app.get(
    '/api/territory/locate',
    {
      schema: {
        tags: ['territory'],
        summary: '定位网格 / grid containing a WGS84 point (public)',
        querystring: locateQuery,
        response: { 200: locateResponse, 400: errorShape, 404: errorShape },
      },
    },
    async (request) => locateGrid(ctx.storage.db, { lat: request.query.lat, lng: request.query.lng }),
  );

  app.get(
    '/api/territory/nodes/:code',
    {
      preValidation: authenticated,
      schema: { tags: ['territory'], summary: '区划/网格详情 / one territory node', security, params: codeParams, querystring: nodeQuery, response: { 200: nodeResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      const { code } = request.params;
      return inTransaction(ctx, async (trx) => {
        await requireNode(trx, { actor, action: 'territory.read', code, field: 'code' });
        return getNode(trx, { actor, code, withGeometry: request.query.geometry === '1' });
      });
    },
  );

  app.get(
    '/api/territory/nodes',
    {
      preValidation: authenticated,
      schema: { tags: ['territory'], summary: '下级列表 / children the caller may read', security, querystring: childrenQuery, response: { 200: childrenResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      const nodes = await inTransaction(ctx, (trx) => listChildren(trx, { actor, parent: request.query.parent }));
      return { nodes };
    },
  );

  app.get(
    '/api/territory/grids.geojson',
    {
      preValidation: authenticated,
      schema: {
        tags: ['territory'],
        summary: '网格图层 / grids in scope as GeoJSON',
        security,
        querystring: gridsQuery,
        response: { 200: { description: 'GeoJSON FeatureCollection of the grids', content: { 'application/geo+json': { schema: gridCollection } } } },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const fc = await inTransaction(ctx, (trx) => listGridFeatures(trx, { actor, within: request.query.within }));
      return reply.type('application/geo+json; charset=utf-8').send(fc);
    },
  );

  app.patch(
    '/api/territory/nodes/:code/profile',
    {
      preValidation: authenticated,
      schema: {
        tags: ['territory'],
        summary: '更新网格概况 / update households, residents, description',
        security,
        params: codeParams,
        body: profileBody,
        response: { 200: nodeResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { code } = request.params;
      return inTransaction(ctx, async (trx) => {
        await requireAccess(trx, { actor, action: 'territory.updateProfile', resource: 'territory', ids: [code] });
        await updateNodeProfile(trx, { actor, code, patch: request.body, now: ctx.now() });
        return getNode(trx, { actor, code, withGeometry: false });
      });
    },
  );
}
