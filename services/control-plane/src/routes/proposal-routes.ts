import type { FastifyInstance } from 'fastify';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { approveProposal } from '../catalog/approve-proposal.js';
import { getProposal } from '../catalog/get-proposal.js';
import { listProposals } from '../catalog/list-proposals.js';
import { rejectProposal } from '../catalog/reject-proposal.js';
import type { ControlPlaneDependencies } from '../control-plane-dependencies.js';
import { WRITE_SECURITY, errorResponses, pageOf, pageQuery } from '../http/api-schemas.js';
import { decodeCursor, encodeCursor } from '../http/page-cursor.js';

const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'APPLIED', 'ROLLED_BACK', 'ADVISORY'];
const proposalIdParam = { type: 'object', required: ['proposalId'], properties: { proposalId: { type: 'string', minLength: 1, maxLength: 200 } } };
const decidedBy = { type: 'string', minLength: 1, maxLength: 200, description: 'Who decided (for the audit trail).' };

/** /proposals: index, rewrite and schema proposals with their evidence; approve (requests a deployment) or reject. */
export function registerProposalRoutes(app: FastifyInstance, deps: ControlPlaneDependencies): void {
  app.get<{ Querystring: { limit: number; cursor?: string; status?: string } }>(
    '/proposals',
    {
      schema: {
        tags: ['proposals'],
        summary: 'List proposals, newest first',
        querystring: pageQuery({ status: { type: 'string', enum: STATUSES } }),
        response: { 200: pageOf('ProposalSummary'), ...errorResponses(400) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, ['string', 'string']) as [string, string] | null;
      const page = await listProposals(deps.catalog, { limit: request.query.limit, after, status: request.query.status ?? null });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  );

  app.get<{ Params: { proposalId: string } }>(
    '/proposals/:proposalId',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Show a proposal with its evidence (the published record: SQL, rollback, measurements) and its deployments',
        params: proposalIdParam,
        response: {
          200: {
            allOf: [{ $ref: 'ProposalSummary#' }, { type: 'object', properties: { record: {}, deployments: { type: 'array', items: { $ref: 'Deployment#' } } } }],
          },
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const proposal = await getProposal(deps.catalog, request.params.proposalId);
      if (!proposal) throw new ShadowtuneError('NOT_FOUND', `proposal ${request.params.proposalId} does not exist`);
      return proposal;
    },
  );

  app.post<{ Params: { proposalId: string }; Body: { decidedBy?: string; reason?: string } }>(
    '/proposals/:proposalId/approve',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Approve a pending proposal: records the decision and requests its deployment (event on `deployments`)',
        description: 'Approving an approved proposal whose deployment is still requested answers the same deployment and publishes its request again.',
        security: WRITE_SECURITY,
        params: proposalIdParam,
        body: { type: 'object', additionalProperties: false, properties: { decidedBy, reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
        response: {
          200: { type: 'object', properties: { proposal: { $ref: 'ProposalSummary#' }, deployment: { $ref: 'Deployment#' }, approvedNow: { type: 'boolean' } } },
          ...errorResponses(400, 401, 404, 409, 503),
        },
      },
    },
    async (request) => {
      const approved = await approveProposal(deps.catalog, request.params.proposalId, { decidedBy: request.body?.decidedBy ?? null, reason: request.body?.reason ?? null });
      // Published after the commit; if this fails the client retries and the same request is published again.
      await deps.publishDeploymentEvent(approved.event);
      const proposal = await getProposal(deps.catalog, request.params.proposalId);
      return { proposal, deployment: approved.deployment, approvedNow: approved.approvedNow };
    },
  );

  app.post<{ Params: { proposalId: string }; Body: { decidedBy?: string; reason: string } }>(
    '/proposals/:proposalId/reject',
    {
      schema: {
        tags: ['proposals'],
        summary: 'Reject a pending proposal, with the reason',
        security: WRITE_SECURITY,
        params: proposalIdParam,
        body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { decidedBy, reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
        response: { 200: { $ref: 'ProposalSummary#' }, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => rejectProposal(deps.catalog, request.params.proposalId, { decidedBy: request.body.decidedBy ?? null, reason: request.body.reason }),
  );
}
