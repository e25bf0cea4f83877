import type pg from 'pg';
import { z } from 'zod';
import { toDatabaseError } from '../../db/to-database-error.js';
import { ShadowtuneError } from '../../errors/shadowtune-error.js';
import { createPersonaDatabase, type PersonaCreationResult, type PersonaCreationStep } from '../../personas/create-persona-database.js';
import { getPersona } from '../../personas/get-persona.js';
import { DEFAULT_BACKOFF, type TaskType } from '../task-type.js';
import type { JsonValue } from '../workflow-records.js';

export const PERSONA_CREATION_TASK = 'persona-creation';

export const personaCreationInputSchema = z.strictObject({
  applicationId: z.string().min(1),
  personaId: z.string().min(1),
  personaVersion: z.number().int().min(1),
  targetServer: z.string().min(1),
  databaseName: z.string().min(1),
});

/** What a Persona Creation task is asked to do (its recorded input). */
export type PersonaCreationInput = z.output<typeof personaCreationInputSchema>;

export interface PersonaCreationTaskDependencies {
  /** The catalog: persona registry and applications. */
  readonly catalog: pg.Pool;
  /** URL of a configured target server by name; the URL (with its password) never enters the catalog. */
  readonly resolveServerUrl: (name: string) => string | null;
  readonly now?: () => Date;
  /** Observes each durable step (tests use it to crash the process between steps). */
  readonly onStep?: (step: PersonaCreationStep, input: PersonaCreationInput) => Promise<void>;
  readonly maxAttempts?: number;
}

/**
 * Persona Creation: creates the application's database on the target server from the
 * persona version recorded in the task (CREATE DATABASE if missing, schema in one
 * transaction, marker row), then marks the application ready. Every step is idempotent,
 * so a retry or a resumed attempt after a crash converges; the output records what this
 * attempt found and did.
 */
export function createPersonaCreationTaskType(deps: PersonaCreationTaskDependencies): TaskType {
  return {
    type: PERSONA_CREATION_TASK,
    maxAttempts: deps.maxAttempts ?? 5,
    backoff: DEFAULT_BACKOFF,
    async run(context) {
      const parsed = personaCreationInputSchema.safeParse(context.input);
      if (!parsed.success) {
        throw new ShadowtuneError('INPUT_INVALID', `persona creation input is invalid: ${parsed.error.issues.map((i) => `/${i.path.join('/')}: ${i.message}`).join('; ')}`);
      }
      const input = parsed.data;
      const persona = await getPersona(deps.catalog, input.personaId, input.personaVersion);
      if (!persona) {
        throw new ShadowtuneError('NOT_FOUND', `persona ${input.personaId} version ${input.personaVersion} does not exist`, {
          context: { personaId: input.personaId, personaVersion: input.personaVersion },
        });
      }
      const serverUrl = deps.resolveServerUrl(input.targetServer);
      if (serverUrl === null) {
        throw new ShadowtuneError('CONFIG_INVALID', `target server ${input.targetServer} is not configured (services.controlPlane.targetServers)`, {
          context: { targetServer: input.targetServer },
        });
      }
      const result: PersonaCreationResult = await createPersonaDatabase({
        serverUrl,
        databaseName: input.databaseName,
        applicationId: input.applicationId,
        persona: persona.definition,
        now: deps.now?.(),
        onStep: deps.onStep ? (step) => deps.onStep!(step, input) : undefined,
      });
      try {
        await deps.catalog.query(
          `UPDATE shadowtune.applications SET status = 'ready', updated_at = now() WHERE application_id = $1 AND status <> 'ready'`,
          [input.applicationId],
        );
      } catch (error) {
        throw toDatabaseError(error);
      }
      context.logger.info({ databaseName: result.databaseName, database: result.database, schema: result.schema }, 'application database ready');
      // PersonaCreationResult is plain JSON; an interface just has no index signature to prove it.
      return { ...result, targetServer: input.targetServer } as unknown as JsonValue;
    },
  };
}
