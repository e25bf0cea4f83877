import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { spawnShadowtune } from '../../../test/support/cli/spawn-shadowtune.js';
import { TEST_SERVER_URL } from '../../../test/support/postgres/test-database.js';
import { createSmallShopDatabase, SMALL_SHOP_SQL, type SmallShop } from '../../../services/signature-analyzer/test/support/small-shop-database.js';

const PREFIX = '%m [%p] %c %q[%a] %u@%d/%r ';
const dir = mkdtempSync(join(tmpdir(), 'st-analyze-'));
let shop: SmallShop;
let logPath: string;

function logLine(i: number, session: string, sql: string, ms = 1.5): string {
  const time = `2026-11-21 22:32:${String(10 + Math.floor(i / 1000)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')} UTC`;
  return `${time} [4242] ${session} [shop-web] app@shop/127.0.0.1(5000) LOG:  duration: ${ms} ms  statement: ${sql}`;
}

before(async () => {
  shop = await createSmallShopDatabase();
  const lines = [
    logLine(1, '6b1.1', "SELECT id FROM accounts WHERE note = 'vip customer'"),
    logLine(2, '6b1.1', "SELECT id FROM accounts WHERE note = 'someone else'"),
    logLine(3, '6b1.1', "SELECT id FROM accounts WHERE code = 'a1b2c3'"),
    logLine(4, '6b1.1', 'BEGIN'),
    logLine(5, '6b1.1', "SELECT * FROM ghosts WHERE id = 7"),
    logLine(6, '6b1.1', 'SELEC broken'),
  ];
  logPath = join(dir, 'postgresql.log');
  writeFileSync(logPath, `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'schema.sql'), SMALL_SHOP_SQL.split('INSERT INTO')[0]!);
});

after(async () => {
  await shop?.close();
  rmSync(dir, { recursive: true, force: true });
});

function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && !line.includes('"level"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('analyze --production --print --explain: findings and reasons as JSON lines on stdout', { timeout: 60_000 }, async () => {
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'performanceThreshold:\n  scanCost: 300\n  filterCost: 300\n  largeTableRows: 5000\nlogLevel: warn\n');
  const run = spawnShadowtune(['analyze', '--production', shop.database.url, '--log', logPath, '--prefix', PREFIX, '--print', '--explain', '--config', config]);
  assert.equal(await run.exited, 0, run.output());
  const lines = jsonLines(run.output());
  const findings = lines.filter((l) => 'findingId' in l);
  assert.equal(findings.length, 1, run.output());
  assert.equal(findings[0]!.normalizedSql, 'SELECT id FROM accounts WHERE note = $1');
  assert.ok(!run.output().includes('vip customer'), 'no literal reaches the output');
  const reasons = Object.fromEntries(lines.filter((l) => 'reason' in l).map((l) => [l.normalizedSql, l.reason]));
  assert.deepEqual(reasons, {
    'SELECT id FROM accounts WHERE code = $1': 'ALREADY_INDEXED',
    BEGIN: 'NOT_A_QUERY',
    'SELECT * FROM ghosts WHERE id = $1': 'UNKNOWN_TABLE',
    'SELEC broken': 'NOT_PARSABLE',
  });
});

test('analyze --schema loads the file into a temporary database on the shadow server and drops it', { timeout: 60_000 }, async () => {
  const run = spawnShadowtune(['analyze', '--schema', join(dir, 'schema.sql'), '--shadow', TEST_SERVER_URL, '--log', logPath, '--prefix', PREFIX, '--print', '--explain'], {
    SHADOWTUNE_LOG_LEVEL: 'warn',
  });
  assert.equal(await run.exited, 0, run.output());
  const lines = jsonLines(run.output());
  // Without statistics the tables' sizes are unknown: the statements still get examined and explained.
  assert.equal(lines.length, 5, run.output());
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  const leftovers = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'shadowtune_analyze_%'");
  await admin.end();
  assert.deepEqual(leftovers.rows, []);
});

test('wrong usage exits with 2 and says why', async () => {
  const cases: [string[], RegExp][] = [
    [['analyze', '--log', logPath, '--print'], /exactly one of --schema/],
    [['analyze', '--schema', 'x.sql', '--production', 'postgres://h/db', '--log', logPath, '--print'], /cannot be used with|exactly one/],
    [['analyze', '--production', 'mysql://h/db', '--log', logPath, '--print'], /postgres:\/\//],
    [['analyze', '--production', shop.database.url, '--log', logPath], /--print/],
    [['analyze', '--schema', join(dir, 'missing.sql'), '--shadow', TEST_SERVER_URL, '--log', logPath, '--print'], /cannot read schema file/],
  ];
  for (const [args, message] of cases) {
    const run = spawnShadowtune(args);
    assert.equal(await run.exited, 2, `${args.join(' ')}\n${run.output()}`);
    assert.match(run.output(), message);
  }
});

test('an unreachable production server exits with 3', { timeout: 60_000 }, async () => {
  const run = spawnShadowtune(['analyze', '--production', 'postgres://postgres@127.0.0.1:1/none', '--log', logPath, '--print']);
  assert.equal(await run.exited, 3, run.output());
});
