import type pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { withPersonaLock } from './with-persona-lock.js';

/**
 * Deletes every version of a custom persona that no application uses. Returns the number
 * of versions deleted. NOT_FOUND when absent; CONFLICT for built-ins and personas in use
 * (the applications foreign key also enforces the latter).
 */
export async function deletePersona(pool: pg.Pool, personaId: string): Promise<number> {
  return withPersonaLock(pool, personaId, async (client) => {
    const versions = await client.query<{ built_in: boolean }>('SELECT built_in FROM shadowtune.personas WHERE persona_id = $1', [personaId]);
    if (versions.rowCount === 0) throw new ShadowtuneError('NOT_FOUND', `persona ${personaId} does not exist`, { context: { personaId } });
    if (versions.rows.some((r) => r.built_in)) throw new ShadowtuneError('CONFLICT', `persona ${personaId} is built in and cannot be deleted`, { context: { personaId } });
    const users = await client.query<{ applications: string }>('SELECT count(*) AS applications FROM shadowtune.applications WHERE persona_id = $1', [personaId]);
    const inUse = Number(users.rows[0]?.applications ?? 0);
    if (inUse > 0) {
      throw new ShadowtuneError('CONFLICT', `persona ${personaId} is used by ${inUse} application(s) and cannot be deleted`, { context: { personaId, applications: inUse } });
    }
    const deleted = await client.query('DELETE FROM shadowtune.personas WHERE persona_id = $1', [personaId]);
    return deleted.rowCount ?? 0;
  });
}
