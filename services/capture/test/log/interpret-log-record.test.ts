import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpretLogRecord, type InterpretOptions } from '../../src/log/interpret-log-record.js';
import type { LogRecord } from '../../src/log/log-record.js';

const OPTIONS: InterpretOptions = { autoExplainCountsCalls: false, now: () => 5 };

function record(message: string, detail: string | null = null, severity = 'LOG'): LogRecord {
  return {
    source: 'LOG_STDERR',
    position: 'file:1:2:0:1',
    timestampMs: 1_000,
    severity,
    message,
    detail,
    origin: { database: 'd', user: 'u', application: null, client: null, session: '1' },
    invalidUtf8: false,
  };
}

describe('interpretLogRecord', () => {
  it('reads duration + statement', () => {
    const result = interpretLogRecord(record('duration: 12.345 ms  statement: SELECT 1'), OPTIONS);
    assert.equal(result.kind, 'statement');
    if (result.kind !== 'statement') return;
    assert.equal(result.observation.statement, 'SELECT 1');
    assert.equal(result.observation.durationMs, 12.345);
    assert.equal(result.observation.totalDurationMs, 12.345);
    assert.equal(result.observation.calls, 1);
    assert.equal(result.observation.observedAt, 1_000);
    assert.equal(result.observation.parameters, null);
  });

  it('reads execute with its DETAIL parameters (PostgreSQL 16+ and older spelling)', () => {
    for (const detail of ["Parameters: $1 = 'a@b.c', $2 = NULL", "parameters: $1 = 'a@b.c', $2 = NULL"]) {
      const result = interpretLogRecord(record('duration: 0.5 ms  execute S_1/C_2: SELECT * FROM t WHERE a = $1 AND b = $2', detail), OPTIONS);
      assert.equal(result.kind === 'statement' ? result.observation.statement : '', 'SELECT * FROM t WHERE a = $1 AND b = $2');
      assert.deepEqual(result.kind === 'statement' ? result.observation.parameters : [], ['a@b.c', null]);
    }
    const unnamed = interpretLogRecord(record('execute <unnamed>: SELECT $1', "Parameters: $1 = 'x'"), OPTIONS);
    assert.equal(unnamed.kind === 'statement' ? unnamed.observation.durationMs : 0, null);
    const unreadable = interpretLogRecord(record('execute x: SELECT $1', "Parameters: $1 = 'cut"), OPTIONS);
    assert.deepEqual(unreadable.kind === 'statement' ? unreadable.observation.flags : [], ['PARAMETERS_UNREADABLE']);
  });

  it('skips bind, parse, bare durations, errors and other messages with a reason', () => {
    assert.deepEqual(interpretLogRecord(record('duration: 0.1 ms  bind S_1: SELECT 1'), OPTIONS), { kind: 'skip', reason: 'BIND_OR_PARSE' });
    assert.deepEqual(interpretLogRecord(record('duration: 0.1 ms  parse <unnamed>: SELECT 1'), OPTIONS), { kind: 'skip', reason: 'BIND_OR_PARSE' });
    assert.deepEqual(interpretLogRecord(record('duration: 0.1 ms'), OPTIONS), { kind: 'skip', reason: 'DURATION_ONLY' });
    assert.deepEqual(interpretLogRecord(record('syntax error at or near "x"', null, 'ERROR'), OPTIONS), { kind: 'skip', reason: 'NOT_A_STATEMENT' });
    assert.deepEqual(interpretLogRecord(record('checkpoint starting: time'), OPTIONS), { kind: 'skip', reason: 'NOT_A_STATEMENT' });
    assert.deepEqual(interpretLogRecord(record('statement:    '), OPTIONS), { kind: 'skip', reason: 'EMPTY_STATEMENT' });
  });

  it('reads auto_explain JSON plans: statement, parameters and plan; calls 0 unless configured', () => {
    const body = JSON.stringify({ 'Query Text': 'SELECT * FROM t WHERE a = $1', 'Query Parameters': "$1 = 'x'", Plan: { 'Node Type': 'Seq Scan' } }, null, 2);
    const result = interpretLogRecord(record(`duration: 0.2 ms  plan:\n${body}`), OPTIONS);
    assert.equal(result.kind, 'statement');
    if (result.kind !== 'statement') return;
    assert.equal(result.observation.statement, 'SELECT * FROM t WHERE a = $1');
    assert.deepEqual(result.observation.parameters, ['x']);
    assert.equal(result.observation.plan?.format, 'json');
    assert.deepEqual(result.observation.flags, ['AUTO_EXPLAIN']);
    assert.equal(result.observation.calls, 0);
    assert.equal(result.observation.profiled, false);
    const counted = interpretLogRecord(record(`duration: 0.2 ms  plan:\n${body}`), { ...OPTIONS, autoExplainCountsCalls: true });
    assert.equal(counted.kind === 'statement' ? counted.observation.calls : 0, 1);
    assert.deepEqual(interpretLogRecord(record('duration: 0.2 ms  plan:\n{"Query Text": "SELECT'), OPTIONS), { kind: 'malformed', reason: 'auto_explain JSON plan could not be read' });
  });

  it('reads auto_explain text plans with multi-line statements; skips YAML and XML', () => {
    const body = ['Query Text: SELECT *', 'FROM t', "WHERE a = 'x'", "Query Parameters: $1 = 'y'", 'Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)', "  Filter: (a = 'x'::text)"].join('\n');
    const result = interpretLogRecord(record(`duration: 0.2 ms  plan:\n${body}`), OPTIONS);
    assert.equal(result.kind === 'statement' ? result.observation.statement : '', "SELECT *\nFROM t\nWHERE a = 'x'");
    assert.deepEqual(result.kind === 'statement' ? result.observation.parameters : null, ['y']);
    assert.deepEqual(interpretLogRecord(record('duration: 0.2 ms  plan:\nQuery Text: "SELECT 1"\nPlan: \n  Node Type: "Result"'), OPTIONS), { kind: 'skip', reason: 'PLAN_FORMAT_UNSUPPORTED' });
    assert.deepEqual(interpretLogRecord(record('duration: 0.2 ms  plan:\n<explain xmlns="http://www.postgresql.org/2009/explain">'), OPTIONS), { kind: 'skip', reason: 'PLAN_FORMAT_UNSUPPORTED' });
  });

  it('uses the current time when the record has none, and carries INVALID_UTF8', () => {
    const result = interpretLogRecord({ ...record('statement: SELECT 1'), timestampMs: null, invalidUtf8: true }, OPTIONS);
    assert.equal(result.kind === 'statement' ? result.observation.observedAt : 0, 5);
    assert.deepEqual(result.kind === 'statement' ? result.observation.flags : [], ['INVALID_UTF8']);
  });
});

describe('interpretLogRecord durations', () => {
  it('reads integer and fractional durations, and leaves odd ones as messages', () => {
    const read = (message: string) => {
      const result = interpretLogRecord({ source: 'LOG_STDERR', position: 'p', timestampMs: 1, severity: 'LOG', message, detail: null, origin: { database: null, user: null, application: null, client: null, session: null }, invalidUtf8: false }, { autoExplainCountsCalls: false, now: () => 0 });
      return result.kind === 'statement' ? result.observation.durationMs : result.kind;
    };
    assert.equal(read('duration: 12 ms  statement: SELECT 1'), 12);
    assert.equal(read('duration: 0.004 ms  statement: SELECT 1'), 0.004);
    assert.equal(read('duration: 1234.5 ms  statement: SELECT 1'), 1234.5);
    assert.equal(read('duration: .5 ms  statement: SELECT 1'), 'skip');
    assert.equal(read('duration: 1. ms  statement: SELECT 1'), 'skip');
    assert.equal(read('duration: 1.2.3 ms  statement: SELECT 1'), 'skip');
  });
});
