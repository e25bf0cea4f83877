import type pg from 'pg';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { RoutineSnapshot, SchemaSnapshot, TriggerSnapshot } from './schema-snapshot.js';

const EXCLUDED = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'shadowtune') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

const ROUTINES_SQL = `
SELECT n.nspname AS schema, p.proname AS name, pg_catalog.pg_get_functiondef(p.oid) AS definition
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE ${EXCLUDED} AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3`;

const TRIGGERS_SQL = `
SELECT n.nspname AS schema, c.relname AS table, t.tgname AS name, pg_catalog.pg_get_triggerdef(t.oid) AS definition
FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${EXCLUDED} AND NOT t.tgisinternal
ORDER BY 1, 2, 3`;

/** Reads the schema model, functions and triggers of a database (read-only queries only). */
export async function captureSchemaSnapshot(client: pg.ClientBase | pg.Pool): Promise<SchemaSnapshot> {
  const model = await introspectSchema(client);
  try {
    const routines = await client.query<RoutineSnapshot>(ROUTINES_SQL);
    const triggers = await client.query<TriggerSnapshot>(TRIGGERS_SQL);
    return { model, routines: routines.rows, triggers: triggers.rows };
  } catch (error) {
    throw toDatabaseError(error);
  }
}
