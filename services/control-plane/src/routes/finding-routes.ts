import type { FastifyInstance } from 'fastify';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { getFinding } from '../catalog/get-finding.js';
import { listFindings } from '../catalog/list-findings.js';
import { listTopSignatures } from '../catalog/list-top-signatures.js';
import type { ControlPlaneDependencies } from '../control-plane-dependencies.js';
import { errorResponses, pageOf, pageQuery } from '../http/api-schemas.js';
import { decodeCursor, encodeCursor } from '../http/page-cursor.js';

/** /findings and /signatures: what the signature-analyzer found and the heaviest statements. */
export function registerFindingRoutes(app: FastifyInstance, deps: ControlPlaneDependencies): void {
  app.get<{ Querystring: { limit: number; cursor?: string; severity?: string; status?: string } }>(
    '/findings',
    {
      schema: {
        tags: ['findings'],
        summary: 'List findings, most recently updated first',
        querystring: pageQuery({ severity: { type: 'string', enum: ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] }, status: { type: 'string', enum: ['open', 'resolved'] } }),
        response: { 200: pageOf('FindingSummary'), ...errorResponses(400) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, ['string', 'string']) as [string, string] | null;
      const page = await listFindings(deps.catalog, { limit: request.query.limit, after, severity: request.query.severity ?? null, status: request.query.status ?? null });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  );

  app.get<{ Params: { findingId: string } }>(
    '/findings/:findingId',
    {
      schema: {
        tags: ['findings'],
        summary: 'Get a finding with its full record (patterns, figures, thresholds crossed)',
        params: { type: 'object', required: ['findingId'], properties: { findingId: { type: 'string', minLength: 1, maxLength: 200 } } },
        response: { 200: { allOf: [{ $ref: 'FindingSummary#' }, { type: 'object', properties: { finding: {} } }] }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const finding = await getFinding(deps.catalog, request.params.findingId);
      if (!finding) throw new ShadowtuneError('NOT_FOUND', `finding ${request.params.findingId} does not exist`);
      return finding;
    },
  );

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/signatures',
    {
      schema: {
        tags: ['signatures'],
        summary: 'Top query signatures by total execution time',
        querystring: pageQuery(),
        response: { 200: pageOf('Signature'), ...errorResponses(400) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, ['number', 'string']) as [number, string] | null;
      const page = await listTopSignatures(deps.catalog, { limit: request.query.limit, after });
      return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    },
  );
}
