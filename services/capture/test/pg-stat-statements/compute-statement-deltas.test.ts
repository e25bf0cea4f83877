import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeStatementDeltas } from '../../src/pg-stat-statements/compute-statement-deltas.js';
import type { PgStatStatementsSnapshot, StatementCounters } from '../../src/pg-stat-statements/statement-counters.js';

function counters(queryid: string, calls: number, totalExecTimeMs: number, rows: number, toplevel = true): StatementCounters {
  return { key: `10:5:${queryid}:${toplevel ? 1 : 0}`, userid: '10', dbid: '5', queryid, toplevel, calls, totalExecTimeMs, rows, query: 'SELECT $1', userName: 'app', databaseName: 'shop' };
}

function snapshot(entries: StatementCounters[], statsReset: string | null = 'r1', postmasterStart = 'p1'): PgStatStatementsSnapshot {
  return { takenAt: 1, statsReset, postmasterStart, counters: new Map(entries.map((entry) => [entry.key, entry])) };
}

function summary(deltas: ReturnType<typeof computeStatementDeltas>): Array<[string, number, number, number, boolean]> {
  return deltas.map((delta) => [delta.counters.queryid, delta.calls, delta.totalExecTimeMs, delta.rows, delta.reset]);
}

describe('computeStatementDeltas', () => {
  it('sets only a baseline on the first poll', () => {
    assert.deepEqual(computeStatementDeltas(null, snapshot([counters('1', 10, 5, 10)])), []);
  });

  it('publishes differences, new entries whole, and nothing for idle entries; toplevel is part of the key', () => {
    const before = snapshot([counters('1', 10, 5, 10), counters('2', 3, 1, 3), counters('1', 4, 2, 4, false)]);
    const after = snapshot([counters('1', 15, 7.5, 16), counters('2', 3, 1, 3), counters('3', 2, 0.5, 0), counters('1', 6, 3, 4, false)]);
    assert.deepEqual(summary(computeStatementDeltas(before, after)), [
      ['1', 5, 2.5, 6, false],
      ['3', 2, 0.5, 0, false],
      ['1', 2, 1, 0, false],
    ]);
  });

  it('counts from zero after pg_stat_statements_reset() or a crash (stats_reset changed)', () => {
    const before = snapshot([counters('1', 100, 50, 100)], 'r1');
    const after = snapshot([counters('1', 120, 60, 120)], 'r2');
    assert.deepEqual(summary(computeStatementDeltas(before, after)), [['1', 120, 60, 120, true]]);
  });

  it('counts from zero an entry whose counters went down (reset of one entry, eviction)', () => {
    const before = snapshot([counters('1', 100, 50, 100), counters('2', 10, 5, 10)], null);
    const after = snapshot([counters('1', 3, 1, 3), counters('2', 12, 6, 12)], null);
    assert.deepEqual(summary(computeStatementDeltas(before, after)), [
      ['1', 3, 1, 3, true],
      ['2', 2, 1, 2, false],
    ]);
  });

  it('keeps differencing across a clean restart, where the counters were saved', () => {
    const before = snapshot([counters('1', 100, 50, 100)], 'r1', 'p1');
    const after = snapshot([counters('1', 104, 52, 104)], 'r1', 'p2');
    assert.deepEqual(summary(computeStatementDeltas(before, after)), [['1', 4, 2, 4, false]]);
  });
});
