import type { FastifyInstance } from 'fastify';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { startApplicationDeployment } from '@shadowtune/shared/workflows/triggers/start-application-deployment';
import { listApplications } from '../catalog/list-applications.js';
import type { ControlPlaneDependencies } from '../control-plane-dependencies.js';
import { WRITE_SECURITY, errorResponses, pageOf, pageQuery } from '../http/api-schemas.js';
import { decodeCursor, encodeCursor } from '../http/page-cursor.js';

/** /applications: New Application Deployment through the API, and the applications made so far. */
export function registerApplicationRoutes(app: FastifyInstance, deps: ControlPlaneDependencies): void {
  app.post<{ Body: Record<string, unknown> }>(
    '/applications',
    {
      schema: {
        tags: ['applications'],
        summary: 'New Application Deployment: create the application database from a persona (asynchronous)',
        description:
          'Starts a Persona Creation workflow and answers 202 with its id; follow it at /workflows/{workflowId}. ' +
          'Idempotent per application: the same request again answers 202 with the same workflow; another persona, server or database for a known application is 409.',
        security: WRITE_SECURITY,
        body: { $ref: 'ApplicationDeploymentRequest#' },
        response: {
          202: {
            type: 'object',
            required: ['workflowId', 'applicationId', 'personaId', 'personaVersion', 'databaseName', 'created'],
            properties: {
              workflowId: { type: 'string' },
              applicationId: { type: 'string' },
              personaId: { type: 'string' },
              personaVersion: { type: 'integer' },
              databaseName: { type: 'string' },
              created: { type: 'boolean', description: 'false when this deployment had been requested before' },
            },
          },
          ...errorResponses(400, 401, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const started = await startApplicationDeployment(deps.catalog, request.body, { targetServers: deps.targetServers });
      if (started.created) deps.onWorkflowStarted?.(started.workflowId);
      return reply.status(202).header('location', `/workflows/${started.workflowId}`).send(started);
    },
  );

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/applications',
    { schema: { tags: ['applications'], summary: 'List applications, newest first', querystring: pageQuery(), response: { 200: pageOf('Application'), ...errorResponses(400) } } },
    async (request) => {
      const after = decodeCursor(request.query.cursor, ['string', 'string']) as [string, string] | null;
      const page = await listApplications(deps.catalog, { limit: request.query.limit, after });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  );

  app.get<{ Params: { applicationId: string } }>(
    '/applications/:applicationId',
    {
      schema: {
        tags: ['applications'],
        summary: 'Get an application and the status of its workflow',
        params: { type: 'object', required: ['applicationId'], properties: { applicationId: { type: 'string', maxLength: 63 } } },
        response: { 200: { $ref: 'Application#' }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const page = await listApplications(deps.catalog, { limit: 1, applicationId: request.params.applicationId });
      const application = page.items[0];
      if (!application) throw new ShadowtuneError('NOT_FOUND', `application ${request.params.applicationId} does not exist`);
      return application;
    },
  );
}
