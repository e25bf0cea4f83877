import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { BUILT_IN_PERSONAS } from './built-in-personas.js';
import { insertPersonaVersion } from './insert-persona-version.js';
import type { PersonaDefinition } from './persona-definition.js';
import { definitionSha256 } from './persona-record.js';
import { withPersonaLock } from './with-persona-lock.js';

/**
 * Makes sure every built-in persona version is in the registry (idempotent; run at
 * start-up by every process that uses personas). A built-in whose content changed in the
 * code without a new version number is refused: versions are never edited.
 */
export async function registerBuiltInPersonas(pool: pg.Pool, personas: readonly PersonaDefinition[] = BUILT_IN_PERSONAS): Promise<{ readonly registered: readonly string[] }> {
  const registered: string[] = [];
  for (const persona of personas) {
    await withPersonaLock(pool, persona.personaId, async (client) => {
      const existing = await client.query<{ definition_sha256: string; built_in: boolean }>(
        'SELECT definition_sha256, built_in FROM shadowtune.personas WHERE persona_id = $1 AND version = $2',
        [persona.personaId, persona.version],
      );
      const row = existing.rows[0];
      if (!row) {
        const custom = await client.query('SELECT 1 FROM shadowtune.personas WHERE persona_id = $1 AND NOT built_in LIMIT 1', [persona.personaId]);
        if (custom.rowCount !== 0) {
          throw new ShadowtuneError('CONFLICT', `a custom persona already uses the built-in id ${persona.personaId}`, { context: { personaId: persona.personaId } });
        }
        await insertPersonaVersion(client, persona, { builtIn: true, createdBy: 'shadowtune' });
        registered.push(`${persona.personaId}@${persona.version}`);
        return;
      }
      if (!row.built_in || row.definition_sha256 !== definitionSha256(persona)) {
        throw new ShadowtuneError('INTERNAL', `built-in persona ${persona.personaId} version ${persona.version} differs from the registered one; give the change a new version`, {
          context: { personaId: persona.personaId, version: persona.version },
        });
      }
    });
  }
  return { registered };
}
