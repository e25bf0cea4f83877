import { z } from 'zod';
import { personaDefinitionSchema } from '@shadowtune/shared/personas/persona-definition';
import { applicationDeploymentRequestSchema } from '@shadowtune/shared/workflows/triggers/start-application-deployment';

/** JSON Schema (draft-07, which OpenAPI 3.1 accepts) of a zod schema, without the $schema marker. */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _marker, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const nullable = (type: string) => ({ type: [type, 'null'] });
const timestamp = { type: 'string', format: 'date-time' };
/** Any JSON value (recorded inputs, outputs and event records). */
const anyJson = {};

/** A persona as submitted: the definition, where the registry assigns `version` (accepted and ignored). */
export const personaDraftSchema = personaDefinitionSchema.extend({
  version: z.number().int().min(1).optional().describe('Ignored: the registry numbers versions.'),
});
const personaVersionDraftSchema = personaDraftSchema.extend({
  personaId: personaDefinitionSchema.shape.personaId.optional().describe('Defaults to the persona of the path; must match it when given.'),
});

/** Shared schemas, registered with app.addSchema and referenced as `{ $ref: '<Id>#' }`. */
export const SHARED_SCHEMAS: readonly Record<string, unknown>[] = [
  {
    $id: 'Error',
    type: 'object',
    description: 'Every error response.',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'Stable code from shadowtune\'s closed list (INPUT_INVALID, UNAUTHORIZED, NOT_FOUND, CONFLICT, ...).' },
          message: { type: 'string' },
          fields: {
            type: 'array',
            description: 'The fields a request got wrong, e.g. body/initialSchema/tables/0/columns/1/type.',
            items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
  { $id: 'PersonaDraft', description: 'A persona definition as submitted.', ...jsonSchemaOf(personaDraftSchema, 'input') },
  { $id: 'PersonaVersionDraft', description: 'A new version of a persona, as submitted.', ...jsonSchemaOf(personaVersionDraftSchema, 'input') },
  { $id: 'PersonaDefinition', description: 'A stored persona definition, defaults filled.', ...jsonSchemaOf(personaDefinitionSchema, 'output') },
  {
    $id: 'PersonaSummary',
    type: 'object',
    required: ['personaId', 'version', 'name', 'description', 'builtIn', 'createdBy', 'createdAt'],
    properties: {
      personaId: { type: 'string' },
      version: { type: 'integer' },
      name: { type: 'string' },
      description: { type: 'string' },
      builtIn: { type: 'boolean' },
      createdBy: nullable('string'),
      createdAt: timestamp,
    },
  },
  {
    $id: 'Persona',
    type: 'object',
    required: ['personaId', 'version', 'name', 'description', 'builtIn', 'createdBy', 'createdAt', 'definitionSha256', 'definition'],
    properties: {
      personaId: { type: 'string' },
      version: { type: 'integer' },
      name: { type: 'string' },
      description: { type: 'string' },
      builtIn: { type: 'boolean' },
      createdBy: nullable('string'),
      createdAt: timestamp,
      definitionSha256: { type: 'string' },
      definition: { $ref: 'PersonaDefinition#' },
    },
  },
  { $id: 'ApplicationDeploymentRequest', description: 'New Application Deployment.', ...jsonSchemaOf(applicationDeploymentRequestSchema, 'input') },
  {
    $id: 'Application',
    type: 'object',
    properties: {
      applicationId: { type: 'string' },
      personaId: { type: 'string' },
      personaVersion: { type: 'integer' },
      targetServer: { type: 'string' },
      databaseName: { type: 'string' },
      status: { type: 'string', enum: ['requested', 'ready', 'failed'] },
      workflowId: nullable('string'),
      workflowStatus: nullable('string'),
      requestedBy: nullable('string'),
      createdAt: timestamp,
      updatedAt: timestamp,
    },
  },
  {
    $id: 'RecordedError',
    type: ['object', 'null'],
    properties: { code: { type: 'string' }, message: { type: 'string' }, retriable: { type: 'boolean' } },
  },
  {
    $id: 'Workflow',
    type: 'object',
    properties: {
      workflowId: { type: 'string' },
      kind: { type: 'string' },
      idempotencyKey: { type: 'string' },
      status: { type: 'string', enum: ['pending', 'running', 'succeeded', 'failed'] },
      input: anyJson,
      createdAt: timestamp,
      updatedAt: timestamp,
      finishedAt: nullable('string'),
    },
  },
  {
    $id: 'WorkflowDetail',
    type: 'object',
    properties: {
      workflowId: { type: 'string' },
      kind: { type: 'string' },
      idempotencyKey: { type: 'string' },
      status: { type: 'string', enum: ['pending', 'running', 'succeeded', 'failed'] },
      input: anyJson,
      createdAt: timestamp,
      updatedAt: timestamp,
      finishedAt: nullable('string'),
      tasks: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            taskId: { type: 'string' },
            position: { type: 'integer' },
            taskType: { type: 'string' },
            idempotencyKey: { type: 'string' },
            status: { type: 'string' },
            input: anyJson,
            output: anyJson,
            error: { $ref: 'RecordedError#' },
            attempts: { type: 'integer' },
            maxAttempts: { type: 'integer' },
            nextAttemptAt: timestamp,
            leaseOwner: nullable('string'),
            leaseExpiresAt: nullable('string'),
            createdAt: timestamp,
            startedAt: nullable('string'),
            finishedAt: nullable('string'),
            attemptLog: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  attempt: { type: 'integer' },
                  workerId: { type: 'string' },
                  startedAt: timestamp,
                  finishedAt: nullable('string'),
                  outcome: nullable('string'),
                  error: { $ref: 'RecordedError#' },
                },
              },
            },
          },
        },
      },
    },
  },
  {
    $id: 'ProposalSummary',
    type: 'object',
    properties: {
      proposalId: { type: 'string' },
      source: { type: 'string', enum: ['rewrite', 'schema'] },
      kind: { type: 'string' },
      status: { type: 'string' },
      rationale: { type: 'string' },
      decidedBy: nullable('string'),
      decisionReason: nullable('string'),
      decidedAt: nullable('string'),
      createdAt: timestamp,
      updatedAt: timestamp,
    },
  },
  {
    $id: 'Deployment',
    type: 'object',
    properties: {
      deploymentId: { type: 'string' },
      proposalId: { type: 'string' },
      proposalKind: { type: 'string' },
      step: { type: 'string', enum: ['REQUESTED', 'APPLIED', 'VERIFIED', 'FAILED', 'ROLLBACK_REQUESTED', 'ROLLED_BACK'] },
      policy: { type: 'string', enum: ['MANUAL', 'AUTOMATIC', 'AB'] },
      statements: { type: 'array', items: { type: 'string' } },
      reason: nullable('string'),
      trafficShare: nullable('number'),
      createdAt: timestamp,
      updatedAt: timestamp,
    },
  },
  {
    $id: 'FindingSummary',
    type: 'object',
    properties: {
      findingId: { type: 'string' },
      fingerprint: { type: 'string' },
      patterns: { type: 'array', items: { type: 'string' } },
      severity: { type: 'string' },
      revision: { type: 'integer' },
      status: { type: 'string' },
      normalizedSql: nullable('string'),
      firstDetectedAt: timestamp,
      updatedAt: timestamp,
    },
  },
  {
    $id: 'Signature',
    type: 'object',
    properties: {
      fingerprint: { type: 'string' },
      normalizedSql: nullable('string'),
      totalMs: { type: 'number' },
      meanMs: nullable('number'),
      p95Ms: nullable('number'),
      windowCalls: { type: 'number' },
      lifetimeCalls: { type: 'number' },
      rowsTotal: { type: 'number' },
      firstSeen: timestamp,
      lastSeen: timestamp,
    },
  },
];

/** `?limit=&cursor=` plus list-specific filters. */
export function pageQuery(filters: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: 200, default: 50, description: 'Items per page (1..200).' },
      cursor: { type: 'string', maxLength: 1000, description: 'nextCursor of the previous page.' },
      ...filters,
    },
  };
}

/** `{ items: [...], nextCursor }` of items matching `$ref`. */
export function pageOf(ref: string): Record<string, unknown> {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: { $ref: `${ref}#` } }, nextCursor: { ...nullable('string'), description: 'Pass as cursor for the next page; null on the last page.' } },
  };
}

export const errorResponses = (...statuses: number[]): Record<number, unknown> =>
  Object.fromEntries(statuses.map((status) => [status, { $ref: 'Error#' }]));

export const WRITE_SECURITY = [{ bearerAuth: [] }];
