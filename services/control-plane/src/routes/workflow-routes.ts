import type { FastifyInstance } from 'fastify';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { getWorkflow } from '@shadowtune/shared/workflows/get-workflow';
import { listWorkflows } from '@shadowtune/shared/workflows/list-workflows';
import { retryWorkflow } from '@shadowtune/shared/workflows/retry-workflow';
import type { WorkflowStatus } from '@shadowtune/shared/workflows/workflow-records';
import type { ControlPlaneDependencies } from '../control-plane-dependencies.js';
import { WRITE_SECURITY, errorResponses, pageOf, pageQuery } from '../http/api-schemas.js';
import { decodeCursor, encodeCursor } from '../http/page-cursor.js';

const workflowIdParam = { type: 'object', required: ['workflowId'], properties: { workflowId: { type: 'string', format: 'uuid' } } };

/** /workflows: durable workflows, their tasks and attempts; retry of a failed one. */
export function registerWorkflowRoutes(app: FastifyInstance, deps: ControlPlaneDependencies): void {
  app.get<{ Querystring: { limit: number; cursor?: string; status?: WorkflowStatus; kind?: string } }>(
    '/workflows',
    {
      schema: {
        tags: ['workflows'],
        summary: 'List workflows, newest first',
        querystring: pageQuery({ status: { type: 'string', enum: ['pending', 'running', 'succeeded', 'failed'] }, kind: { type: 'string', maxLength: 100 } }),
        response: { 200: pageOf('Workflow'), ...errorResponses(400) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, ['string', 'string']);
      const page = await listWorkflows(deps.catalog, {
        limit: request.query.limit,
        after: after ? { createdAt: after[0] as string, workflowId: after[1] as string } : null,
        status: request.query.status ?? null,
        kind: request.query.kind ?? null,
      });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor([page.next.createdAt, page.next.workflowId]) };
    },
  );

  app.get<{ Params: { workflowId: string } }>(
    '/workflows/:workflowId',
    {
      schema: { tags: ['workflows'], summary: 'Get a workflow with its tasks and their attempts', params: workflowIdParam, response: { 200: { $ref: 'WorkflowDetail#' }, ...errorResponses(400, 404) } },
    },
    async (request) => {
      const workflow = await getWorkflow(deps.catalog, request.params.workflowId);
      if (!workflow) throw new ShadowtuneError('NOT_FOUND', `workflow ${request.params.workflowId} does not exist`);
      return workflow;
    },
  );

  app.post<{ Params: { workflowId: string } }>(
    '/workflows/:workflowId/retry',
    {
      schema: {
        tags: ['workflows'],
        summary: 'Re-queue the failed tasks of a failed workflow (after fixing the cause)',
        security: WRITE_SECURITY,
        params: workflowIdParam,
        response: { 202: { type: 'object', properties: { workflowId: { type: 'string' }, requeuedTasks: { type: 'integer' } } }, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const requeuedTasks = await retryWorkflow(deps.catalog, request.params.workflowId);
      deps.onWorkflowStarted?.(request.params.workflowId);
      return reply.status(202).send({ workflowId: request.params.workflowId, requeuedTasks });
    },
  );
}
