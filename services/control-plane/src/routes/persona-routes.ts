import type { FastifyInstance } from 'fastify';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { createPersona } from '@shadowtune/shared/personas/create-persona';
import { createPersonaVersion } from '@shadowtune/shared/personas/create-persona-version';
import { deletePersona } from '@shadowtune/shared/personas/delete-persona';
import { getPersona } from '@shadowtune/shared/personas/get-persona';
import { listPersonaVersions } from '@shadowtune/shared/personas/list-persona-versions';
import { listPersonas } from '@shadowtune/shared/personas/list-personas';
import type { PersonaRecord } from '@shadowtune/shared/personas/persona-record';
import type { ControlPlaneDependencies } from '../control-plane-dependencies.js';
import { WRITE_SECURITY, errorResponses, pageOf, pageQuery } from '../http/api-schemas.js';
import { decodeCursor, encodeCursor } from '../http/page-cursor.js';

interface PageQuery {
  readonly limit: number;
  readonly cursor?: string;
}

const personaIdParam = { type: 'object', required: ['personaId'], properties: { personaId: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' } } };
const versionParams = {
  type: 'object',
  required: ['personaId', 'version'],
  properties: { personaId: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' }, version: { type: 'integer', minimum: 1 } },
};

function summaryOf(record: PersonaRecord) {
  const { definition: _definition, definitionSha256: _sha, ...summary } = record;
  return summary;
}

function notFound(personaId: string, version?: number): ShadowtuneError {
  return new ShadowtuneError('NOT_FOUND', version === undefined ? `persona ${personaId} does not exist` : `persona ${personaId} has no version ${version}`, { context: { personaId } });
}

/** /personas: the persona registry (create, list, get by id and version, new version, delete when unused). */
export function registerPersonaRoutes(app: FastifyInstance, deps: ControlPlaneDependencies): void {
  app.get<{ Querystring: PageQuery }>(
    '/personas',
    {
      schema: {
        tags: ['personas'],
        summary: 'List personas (latest version of each, by id)',
        querystring: pageQuery(),
        response: { 200: pageOf('PersonaSummary'), ...errorResponses(400) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor, ['string']);
      const page = await listPersonas(deps.catalog, { limit: request.query.limit, after: (after?.[0] as string | undefined) ?? null });
      return { items: page.items.map(summaryOf), nextCursor: page.next === null ? null : encodeCursor([page.next]) };
    },
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/personas',
    {
      schema: {
        tags: ['personas'],
        summary: 'Register a custom persona (version 1)',
        security: WRITE_SECURITY,
        body: { $ref: 'PersonaDraft#' },
        response: { 201: { $ref: 'Persona#' }, ...errorResponses(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const record = await createPersona(deps.catalog, request.body);
      return reply.status(201).header('location', `/personas/${record.personaId}/versions/${record.version}`).send(record);
    },
  );

  app.get<{ Params: { personaId: string } }>(
    '/personas/:personaId',
    {
      schema: { tags: ['personas'], summary: 'Get the latest version of a persona', params: personaIdParam, response: { 200: { $ref: 'Persona#' }, ...errorResponses(400, 404) } },
    },
    async (request) => {
      const record = await getPersona(deps.catalog, request.params.personaId);
      if (!record) throw notFound(request.params.personaId);
      return record;
    },
  );

  app.delete<{ Params: { personaId: string } }>(
    '/personas/:personaId',
    {
      schema: {
        tags: ['personas'],
        summary: 'Delete a custom persona (every version) that no application uses',
        security: WRITE_SECURITY,
        params: personaIdParam,
        response: { 204: { type: 'null', description: 'Deleted.' }, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      await deletePersona(deps.catalog, request.params.personaId);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { personaId: string }; Querystring: PageQuery }>(
    '/personas/:personaId/versions',
    {
      schema: {
        tags: ['personas'],
        summary: 'List the versions of a persona, newest first',
        params: personaIdParam,
        querystring: pageQuery(),
        response: { 200: pageOf('PersonaSummary'), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const before = decodeCursor(request.query.cursor, ['number']);
      const page = await listPersonaVersions(deps.catalog, request.params.personaId, { limit: request.query.limit, before: (before?.[0] as number | undefined) ?? null });
      if (page.items.length === 0 && before === null) throw notFound(request.params.personaId);
      return { items: page.items.map(summaryOf), nextCursor: page.next === null ? null : encodeCursor([page.next]) };
    },
  );

  app.post<{ Params: { personaId: string }; Body: Record<string, unknown> }>(
    '/personas/:personaId/versions',
    {
      schema: {
        tags: ['personas'],
        summary: 'Create the next version of a custom persona (an unchanged definition returns the latest version with 200)',
        security: WRITE_SECURITY,
        params: personaIdParam,
        body: { $ref: 'PersonaVersionDraft#' },
        response: { 200: { $ref: 'Persona#' }, 201: { $ref: 'Persona#' }, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { record, created } = await createPersonaVersion(deps.catalog, request.params.personaId, request.body);
      return reply
        .status(created ? 201 : 200)
        .header('location', `/personas/${record.personaId}/versions/${record.version}`)
        .send(record);
    },
  );

  app.get<{ Params: { personaId: string; version: number } }>(
    '/personas/:personaId/versions/:version',
    {
      schema: { tags: ['personas'], summary: 'Get one version of a persona', params: versionParams, response: { 200: { $ref: 'Persona#' }, ...errorResponses(400, 404) } },
    },
    async (request) => {
      const record = await getPersona(deps.catalog, request.params.personaId, request.params.version);
      if (!record) throw notFound(request.params.personaId, request.params.version);
      return record;
    },
  );
}
