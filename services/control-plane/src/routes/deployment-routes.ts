import type { FastifyInstance } from 'fastify';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { getDeployment } from '../catalog/get-deployment.js';
import { listDeployments } from '../catalog/list-deployments.js';
import { requestRollback } from '../catalog/request-rollback.js';
import type { ControlPlaneDependencies } from '../control-plane-dependencies.js';
import { WRITE_SECURITY, errorResponses, pageOf, pageQuery } from '../http/api-schemas.js';
import { decodeCursor, encodeCursor } from '../http/page-cursor.js';

const STEPS = ['REQUESTED', 'APPLIED', 'VERIFIED', 'FAILED', 'ROLLBACK_REQUESTED', 'ROLLED_BACK'];
const deploymentIdParam = { type: 'object', required: ['deploymentId'], properties: { deploymentId: { type: 'string', minLength: 1, maxLength: 200 } } };

/** /deployments: changes deployed from proposals, their history, and rollback requests. */
export function registerDeploymentRoutes(app: FastifyInstance, deps: ControlPlaneDependencies): void {
  app.get<{ Querystring: { limit: number; cursor?: string; step?: string } }>(
    '/deployments',
    {
      schema: {
        tags: ['deployments'],
        summary: 'List deployments, newest first',
        querystring: pageQuery({ step: { type: 'string', enum: STEPS } }),
        response: { 200: pageOf('Deployment'), ...errorResponses(400) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, ['string', 'string']) as [string, string] | null;
      const page = await listDeployments(deps.catalog, { limit: request.query.limit, after, step: request.query.step ?? null });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  );

  app.get<{ Params: { deploymentId: string } }>(
    '/deployments/:deploymentId',
    {
      schema: {
        tags: ['deployments'],
        summary: 'Get a deployment with its step history',
        params: deploymentIdParam,
        response: {
          200: {
            allOf: [
              { $ref: 'Deployment#' },
              {
                type: 'object',
                properties: {
                  steps: {
                    type: 'array',
                    items: { type: 'object', properties: { step: { type: 'string' }, at: { type: 'string' }, reason: { type: ['string', 'null'] }, statements: { type: 'array', items: { type: 'string' } } } },
                  },
                },
              },
            ],
          },
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const deployment = await getDeployment(deps.catalog, request.params.deploymentId);
      if (!deployment) throw new ShadowtuneError('NOT_FOUND', `deployment ${request.params.deploymentId} does not exist`);
      return deployment;
    },
  );

  app.post<{ Params: { deploymentId: string }; Body: { reason: string; requestedBy?: string } }>(
    '/deployments/:deploymentId/rollback',
    {
      schema: {
        tags: ['deployments'],
        summary: 'Request the rollback of an applied deployment (event on `deployments`; the deployer runs the rollback)',
        security: WRITE_SECURITY,
        params: deploymentIdParam,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 }, requestedBy: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 202: { type: 'object', properties: { deployment: { $ref: 'Deployment#' }, requestedNow: { type: 'boolean' } } }, ...errorResponses(400, 401, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const requested = await requestRollback(deps.catalog, request.params.deploymentId, { reason: request.body.reason, requestedBy: request.body.requestedBy ?? null });
      await deps.publishDeploymentEvent(requested.event);
      return reply.status(202).send({ deployment: requested.deployment, requestedNow: requested.requestedNow });
    },
  );
}
