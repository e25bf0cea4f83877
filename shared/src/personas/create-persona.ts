import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { insertPersonaVersion } from './insert-persona-version.js';
import { parsePersonaDraft } from './parse-persona-draft.js';
import type { PersonaRecord } from './persona-record.js';
import { withPersonaLock } from './with-persona-lock.js';

/** Registers a new custom persona as version 1. CONFLICT when the id is taken. */
export async function createPersona(pool: pg.Pool, draft: unknown, options: { readonly createdBy?: string | null } = {}): Promise<PersonaRecord> {
  const definition = await parsePersonaDraft(draft, 1);
  return withPersonaLock(pool, definition.personaId, async (client) => {
    const existing = await client.query('SELECT 1 FROM shadowtune.personas WHERE persona_id = $1 LIMIT 1', [definition.personaId]);
    if (existing.rowCount !== 0) {
      throw new ShadowtuneError('CONFLICT', `persona ${definition.personaId} exists; create a new version of it instead`, { context: { personaId: definition.personaId } });
    }
    return insertPersonaVersion(client, definition, { builtIn: false, createdBy: options.createdBy ?? null });
  });
}
