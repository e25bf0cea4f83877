import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { insertPersonaVersion } from './insert-persona-version.js';
import { parsePersonaDraft } from './parse-persona-draft.js';
import { PERSONA_COLUMNS, definitionSha256, personaRecordOf, type PersonaRecord, type PersonaRow } from './persona-record.js';
import { withPersonaLock } from './with-persona-lock.js';

export interface CreatedPersonaVersion {
  readonly record: PersonaRecord;
  /** false when the draft equals the latest version: no new version was made. */
  readonly created: boolean;
}

/**
 * Adds the next version of a custom persona (versions are never edited). The draft's
 * personaId must be the persona's own. Re-submitting the latest content returns the
 * latest version instead of a duplicate. Built-in personas change only with shadowtune.
 */
export async function createPersonaVersion(pool: pg.Pool, personaId: string, draft: unknown, options: { readonly createdBy?: string | null } = {}): Promise<CreatedPersonaVersion> {
  const draftId = draft !== null && typeof draft === 'object' ? (draft as { personaId?: unknown }).personaId : undefined;
  if (draftId !== undefined && draftId !== personaId) {
    throw new ShadowtuneError('INPUT_INVALID', `personaId ${String(draftId)} in the body differs from ${personaId} in the path`, { context: { field: '/personaId' } });
  }
  const withId = draft !== null && typeof draft === 'object' ? { ...(draft as Record<string, unknown>), personaId } : draft;
  return withPersonaLock(pool, personaId, async (client) => {
    const latest = await client.query<PersonaRow>(`SELECT ${PERSONA_COLUMNS} FROM shadowtune.personas WHERE persona_id = $1 ORDER BY version DESC LIMIT 1`, [personaId]);
    const current = latest.rows[0];
    if (!current) throw new ShadowtuneError('NOT_FOUND', `persona ${personaId} does not exist`, { context: { personaId } });
    if (current.built_in) throw new ShadowtuneError('CONFLICT', `persona ${personaId} is built in; register a custom persona with another id instead`, { context: { personaId } });
    const definition = await parsePersonaDraft(withId, current.version + 1);
    if (definitionSha256(definition) === current.definition_sha256) return { record: personaRecordOf(current), created: false };
    return { record: await insertPersonaVersion(client, definition, { builtIn: false, createdBy: options.createdBy ?? null }), created: true };
  });
}
