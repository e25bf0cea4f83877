import type pg from 'pg';
import { z } from 'zod';
import { ShadowtuneError } from '../../errors/shadowtune-error.js';
import { getPersona } from '../../personas/get-persona.js';
import { inTransaction } from '../in-transaction.js';
import { startWorkflow } from '../start-workflow.js';
import { PERSONA_CREATION_TASK, type PersonaCreationInput } from '../tasks/persona-creation-task.js';

export const NEW_APPLICATION_DEPLOYMENT = 'new-application-deployment';

export const APPLICATION_ID_PATTERN = '^[a-z][a-z0-9-]{0,62}$';
export const DATABASE_NAME_PATTERN = '^[a-z_][a-z0-9_]{0,62}$';

/** A New Application Deployment request, from the API or an app.deployments event. */
export const applicationDeploymentRequestSchema = z.strictObject({
  applicationId: z.string().regex(new RegExp(APPLICATION_ID_PATTERN), 'must be lowercase letters, digits and dashes, starting with a letter, at most 63 characters'),
  personaId: z.string().min(1).max(63),
  personaVersion: z.number().int().min(1).nullable().default(null).describe('null takes the latest version'),
  targetServer: z.string().min(1).max(63).default('default').describe('Name of a server in services.controlPlane.targetServers'),
  databaseName: z
    .string()
    .regex(new RegExp(DATABASE_NAME_PATTERN), 'must be lowercase letters, digits and underscores, starting with a letter or underscore, at most 63 characters')
    .nullable()
    .default(null)
    .describe('null derives it from applicationId'),
  requestedBy: z.string().max(200).nullable().default(null),
});

export type ApplicationDeploymentRequest = z.input<typeof applicationDeploymentRequestSchema>;

export interface StartedApplicationDeployment {
  readonly workflowId: string;
  readonly applicationId: string;
  readonly personaId: string;
  readonly personaVersion: number;
  readonly databaseName: string;
  /** false when this application was already being (or had been) deployed with the same request. */
  readonly created: boolean;
}

interface ApplicationRow {
  readonly persona_id: string;
  readonly persona_version: number;
  readonly target_server: string;
  readonly database_name: string;
  readonly workflow_id: string | null;
}

/**
 * New Application Deployment trigger: records the application (which pins the persona
 * version, so the persona cannot be deleted under it) and starts its Persona Creation
 * workflow, in one transaction. Idempotent per application: the same request again
 * returns the same workflow; a different persona, server or database for a known
 * application is a CONFLICT. INPUT_INVALID / NOT_FOUND name the offending field.
 */
export async function startApplicationDeployment(
  pool: pg.Pool,
  request: unknown,
  options: { readonly targetServers: readonly string[]; readonly maxAttempts?: number },
): Promise<StartedApplicationDeployment> {
  const parsed = applicationDeploymentRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
    const field = `/${path.join('/')}`;
    throw new ShadowtuneError('INPUT_INVALID', `${field}: ${issue.message}`, { context: { field } });
  }
  const input = parsed.data;
  if (!options.targetServers.includes(input.targetServer)) {
    throw new ShadowtuneError('INPUT_INVALID', `/targetServer: ${input.targetServer} is not a configured target server (${options.targetServers.join(', ') || 'none configured'})`, {
      context: { field: '/targetServer' },
    });
  }
  const databaseName = input.databaseName ?? input.applicationId.replace(/-/g, '_');
  return inTransaction(pool, async (client) => {
    // Serializes deployments of one application so that the existence check below is exact.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shadowtune-application:${input.applicationId}`]);
    const existing = await client.query<ApplicationRow>(
      'SELECT persona_id, persona_version, target_server, database_name, workflow_id FROM shadowtune.applications WHERE application_id = $1',
      [input.applicationId],
    );
    const known = existing.rows[0];
    if (known) {
      const same =
        known.persona_id === input.personaId &&
        (input.personaVersion === null || input.personaVersion === known.persona_version) &&
        known.target_server === input.targetServer &&
        known.database_name === databaseName;
      if (!same || known.workflow_id === null) {
        throw new ShadowtuneError('CONFLICT', `application ${input.applicationId} was already deployed with persona ${known.persona_id} version ${known.persona_version} as ${known.target_server}/${known.database_name}`, {
          context: { applicationId: input.applicationId },
        });
      }
      return {
        workflowId: known.workflow_id,
        applicationId: input.applicationId,
        personaId: known.persona_id,
        personaVersion: known.persona_version,
        databaseName: known.database_name,
        created: false,
      };
    }
    const persona = await getPersona(client, input.personaId, input.personaVersion);
    if (!persona) {
      const what = input.personaVersion === null ? `persona ${input.personaId}` : `persona ${input.personaId} version ${input.personaVersion}`;
      throw new ShadowtuneError('NOT_FOUND', `${what} does not exist`, { context: { field: input.personaVersion === null ? '/personaId' : '/personaVersion' } });
    }
    const taken = await client.query('SELECT application_id FROM shadowtune.applications WHERE target_server = $1 AND database_name = $2', [input.targetServer, databaseName]);
    if (taken.rowCount !== 0) {
      throw new ShadowtuneError('CONFLICT', `database ${databaseName} on ${input.targetServer} already belongs to another application`, { context: { field: '/databaseName' } });
    }
    const taskInput: PersonaCreationInput = {
      applicationId: input.applicationId,
      personaId: persona.personaId,
      personaVersion: persona.version,
      targetServer: input.targetServer,
      databaseName,
    };
    const started = await startWorkflow(client, {
      kind: NEW_APPLICATION_DEPLOYMENT,
      idempotencyKey: `application:${input.applicationId}`,
      input: { ...taskInput, requestedBy: input.requestedBy },
      tasks: [{ taskType: PERSONA_CREATION_TASK, input: { ...taskInput }, maxAttempts: options.maxAttempts ?? 5 }],
    });
    await client.query(
      `INSERT INTO shadowtune.applications (application_id, persona_id, persona_version, target_server, database_name, workflow_id, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [input.applicationId, persona.personaId, persona.version, input.targetServer, databaseName, started.workflow.workflowId, input.requestedBy],
    );
    return {
      workflowId: started.workflow.workflowId,
      applicationId: input.applicationId,
      personaId: persona.personaId,
      personaVersion: persona.version,
      databaseName,
      created: true,
    };
  });
}
