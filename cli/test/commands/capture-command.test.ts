import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import pg from 'pg';
import { SHADOWTUNE_BIN, spawnShadowtune } from '../../../test/support/cli/spawn-shadowtune.js';
import { createTestDatabase } from '../../../test/support/postgres/test-database.js';

const FIXTURE = fileURLToPath(new URL('../../../services/capture/test/fixtures/pg18-default.stderr', import.meta.url));

interface Run {
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** The command with stdout (records) and stderr (logs, dead letters) kept apart. */
function capture(args: readonly string[]): Run {
  const child = spawn(process.execPath, [SHADOWTUNE_BIN, 'capture', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SHADOWTUNE_LOG_LEVEL: 'info' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { stdout: () => out, stderr: () => err, exited, kill: (signal) => child.kill(signal) };
}

function records(text: string): Array<{ source: string; normalizedSql: string; calls: number }> {
  return text.trim().split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as { source: string; normalizedSql: string; calls: number });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('shadowtune capture', () => {
  it('documents every flag in --help', async () => {
    const run = spawnShadowtune(['capture', '--help']);
    assert.equal(await run.exited, 0);
    for (const flag of ['--log', '--format', '--prefix', '--once', '--follow', '--start-at', '--checkpoint-dir', '--pg-stat-statements', '--poll-interval', '--listen', '--host', '--sampling-rate', '--read-chunk-bytes', '--follow-poll-interval', '--print', '--config']) {
      assert.match(run.output(), new RegExp(`${flag}\\b`), flag);
    }
  });

  it('prints the signatures of a log file with --once --print, one JSON object per line, and no literal', async () => {
    const run = capture(['--log', FIXTURE, '--prefix', '%m [%p] %q%u@%d ', '--once', '--print']);
    assert.equal(await run.exited, 0);
    const printed = records(run.stdout());
    assert.ok(printed.length > 20);
    assert.ok(printed.every((record) => record.source === 'LOG_STDERR'));
    assert.ok(!run.stdout().includes('bob@example.org') && !run.stderr().includes('bob@example.org'));
  });

  it('refuses wrong usage with exit 2 and a reason', async () => {
    for (const [args, reason] of [
      [['--once', '--print'], /give at least one input/],
      [['--log', FIXTURE], /--print/],
      [['--log', FIXTURE, '--once', '--follow', '--print'], /cannot be used with/],
      [['--listen', '0', '--once', '--print'], /cannot be combined with --once/],
      [['--pg-stat-statements', 'mysql://x', '--print'], /postgres:\/\/ URL/],
      [['--log', FIXTURE, '--sampling-rate', '2', '--print'], /from 0 to 1/],
    ] as const) {
      const run = spawnShadowtune(['capture', ...args]);
      assert.equal(await run.exited, 2, args.join(' '));
      assert.match(run.output(), reason, args.join(' '));
    }
  });

  it('serves POST /v1/events with --listen and stops cleanly on SIGTERM', async () => {
    const run = capture(['--listen', '0', '--print']);
    try {
      await until(() => /"url":"http[^"]+"/.test(run.stderr()), 'the endpoint');
      const url = (/"url":"([^"]+)"/.exec(run.stderr()) ?? [])[1] ?? '';
      const record = { timestamp: '2026-11-21 22:24:00.080 UTC', user: 'app', dbname: 'shop', session_id: 'ab.cd', line_num: 7, error_severity: 'LOG', message: "duration: 1.000 ms  statement: SELECT * FROM users WHERE email = 'ann@example.com'" };
      const response = await fetch(url, { method: 'POST', body: JSON.stringify(record) }).catch((error: unknown) => { throw new Error(`fetch ${url} failed: ${String((error as { cause?: unknown }).cause)}`); });
      assert.equal(response.status, 200);
      await until(() => run.stdout().includes('"HTTP"'), 'the printed record');
      assert.deepEqual(records(run.stdout()).map((printed) => printed.normalizedSql), ['SELECT * FROM users WHERE email = $1']);
    } finally {
      run.kill('SIGTERM');
    }
    assert.equal(await run.exited, 0);
  });

  it('prints one pg_stat_statements delta with --pg-stat-statements --once', async () => {
    const database = await createTestDatabase('st_cli_capture');
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query('CREATE TABLE pgss (userid oid, dbid oid, toplevel bool, queryid bigint, query text, calls bigint, total_exec_time float8, rows bigint)');
      await admin.query("INSERT INTO pgss VALUES (10, 1, true, 7, 'SELECT * FROM orders WHERE id = $1', 10, 5, 10)");
      const configPath = join(tmpdir(), `st-capture-cli-${process.pid}.json`);
      writeFileSync(configPath, JSON.stringify({ services: { capture: { pgStatStatements: { relation: 'pgss' } } } }));
      try {
        const run = capture(['--pg-stat-statements', database.url, '--poll-interval', '1000', '--once', '--print', '--config', configPath]);
        await until(() => /pg_stat_statements baseline read/.test(run.stderr()), 'the baseline poll');
        await admin.query('UPDATE pgss SET calls = 14, total_exec_time = 7');
        assert.equal(await run.exited, 0, run.stderr());
        const printed = records(run.stdout());
        assert.deepEqual(printed.map((record) => [record.source, record.normalizedSql, record.calls]), [['PG_STAT_STATEMENTS', 'SELECT * FROM orders WHERE id = $1', 4]]);
      } finally {
        rmSync(configPath, { force: true });
      }
    } finally {
      await admin.end();
      await database.drop();
    }
  });
});
