import type pg from 'pg';
import type { RawBusEvent } from '@shadowtune/shared/bus/bus';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { inTransaction } from '@shadowtune/shared/workflows/in-transaction';

const HOUR_MS = 3_600_000;
const DELTAS: Readonly<Record<string, number>> = { c: 1, d: -1 };

interface ChangeEvent {
  readonly op?: unknown;
  readonly ts_ms?: unknown;
  readonly source?: { readonly schema?: unknown; readonly table?: unknown; readonly ts_ms?: unknown };
}

/**
 * Handler of Debezium change events (JSON, with or without the schema envelope): each
 * insert adds one row and each delete removes one from its table's net change of the
 * hour, once per event (topic/partition/offset). Snapshot reads and updates change no
 * volume. A malformed event is INPUT_INVALID (dead-lettered by the bus).
 */
export function createCdcVolumeHandler(pool: pg.Pool): (event: RawBusEvent) => Promise<void> {
  return async (event) => {
    if (event.value === null) return; // a tombstone
    let parsed: { payload?: ChangeEvent } & ChangeEvent;
    try {
      parsed = JSON.parse(event.value.toString('utf8')) as typeof parsed;
    } catch {
      throw new ShadowtuneError('INPUT_INVALID', 'a CDC event is not JSON', { context: { topic: event.topic, offset: event.offset } });
    }
    const change = parsed.payload ?? parsed;
    const op = typeof change.op === 'string' ? change.op : null;
    const schema = change.source?.schema;
    const table = change.source?.table;
    const at = Number(change.ts_ms ?? change.source?.ts_ms ?? event.timestamp);
    if (op === null || typeof schema !== 'string' || typeof table !== 'string' || !Number.isFinite(at)) {
      throw new ShadowtuneError('INPUT_INVALID', 'a CDC event lacks op, source.schema, source.table or a time', { context: { topic: event.topic, offset: event.offset } });
    }
    const delta = DELTAS[op] ?? 0;
    if (delta === 0) return;
    await inTransaction(pool, async (client) => {
      const seen = await client.query('INSERT INTO shadowtune.evolver_cdc_offsets (event_key) VALUES ($1) ON CONFLICT DO NOTHING', [`${event.topic}/${event.partition}/${event.offset}`]);
      if (seen.rowCount !== 1) return;
      await client.query(
        `INSERT INTO shadowtune.evolver_volume_samples (schema_name, table_name, sampled_at, source, row_count)
         VALUES ($1, $2, $3, 'cdc', $4)
         ON CONFLICT (schema_name, table_name, source, sampled_at) DO UPDATE SET row_count = shadowtune.evolver_volume_samples.row_count + EXCLUDED.row_count`,
        [schema, table, new Date(Math.floor(at / HOUR_MS) * HOUR_MS), delta],
      );
    });
  };
}
