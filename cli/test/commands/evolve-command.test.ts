import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnShadowtune } from '../../../test/support/cli/spawn-shadowtune.js';
import { TEST_SERVER_URL } from '../../../test/support/postgres/test-database.js';
import { createShopDatabase, SHOP_DDL, type ShopDatabase } from '../../../services/schema-evolver/test/support/shop-database.js';

const LOG = fileURLToPath(new URL('../../../services/schema-evolver/test/fixtures/three-patterns.log', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'st-evolve-'));
let shop: ShopDatabase;

before(async () => {
  shop = await createShopDatabase({ customers: 2000, orders: 50_000, events: 200_000 }, 'st_evolve_cli');
  writeFileSync(join(dir, 'schema.sql'), SHOP_DDL);
  writeFileSync(join(dir, 'config.yaml'), 'services:\n  schemaEvolver:\n    analysis:\n      partitionMinRows: 100000\nlogLevel: warn\n');
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

test('evolve --production --print --explain: the three proposals with up and down SQL, and every skipped candidate with its reason', { timeout: 60_000 }, async () => {
  const before = await shop.model();
  const run = spawnShadowtune(['evolve', '--production', shop.database.url, '--log', LOG, '--print', '--explain', '--config', join(dir, 'config.yaml')]);
  assert.equal(await run.exited, 0, run.output());
  const lines = jsonLines(run.output());
  const proposals = lines.filter((l) => l.skipped === undefined);
  assert.deepEqual(proposals.map((p) => [p.changeType, p.tableName, p.columnName]).sort(), [
    ['ADD_FOREIGN_KEY', 'public.orders', 'customer_id'],
    ['GENERATED_COLUMN', 'public.events', 'payload_device'],
    ['RANGE_PARTITIONING', 'public.events', 'created_at'],
  ]);
  for (const proposal of proposals) {
    for (const field of ['changeType', 'tableName', 'columnName', 'dataType', 'indexStrategy', 'rationale', 'evidence', 'up', 'down']) assert.ok(field in proposal, field);
    assert.ok((proposal.up as string[]).length > 0);
    assert.ok((proposal.down as string[]).length > 0);
  }
  const skipped = lines.filter((l) => l.skipped === true).map((l) => [l.changeType, l.reasonCode]).sort();
  assert.deepEqual(skipped, [
    ['CREATE_INDEX', 'ALREADY_INDEXED'],
    ['CREATE_INDEX', 'BELOW_MIN_CALLS'],
    ['CREATE_INDEX', 'COVERED_BY_OTHER_PROPOSAL'],
  ]);
  assert.ok(!run.output().includes("'ios'") && !run.output().includes('"ios"'), 'no literal of the log reaches the output');
  assert.equal((await shop.model()).version, before.version, 'production was not changed');
});

test('evolve --schema: without production the stripped JSON key and the growth cannot be known, and the reasons say so', { timeout: 60_000 }, async () => {
  const run = spawnShadowtune(['evolve', '--schema', join(dir, 'schema.sql'), '--shadow', TEST_SERVER_URL, '--log', LOG, '--print', '--explain'], { SHADOWTUNE_LOG_LEVEL: 'warn' });
  assert.equal(await run.exited, 0, run.output());
  const lines = jsonLines(run.output());
  assert.deepEqual(lines.filter((l) => l.skipped === undefined).map((p) => p.changeType), ['ADD_FOREIGN_KEY']);
  const reasons = lines.filter((l) => l.skipped === true).map((l) => `${l.changeType}:${l.reasonCode}`);
  assert.ok(reasons.includes('GENERATED_COLUMN:JSON_KEY_UNRESOLVED'), reasons.join(' '));
  assert.ok(reasons.includes('RANGE_PARTITIONING:NO_VOLUME_DATA'), reasons.join(' '));
});

test('evolve refuses wrong usage with exit 2', async () => {
  for (const args of [
    ['evolve', '--log', LOG, '--print'],
    ['evolve', '--schema', 'x.sql', '--production', 'postgres://h/db', '--log', LOG, '--print'],
    ['evolve', '--production', 'mysql://h/db', '--log', LOG, '--print'],
    ['evolve', '--production', 'postgres://h/db', '--log', LOG],
  ]) {
    const run = spawnShadowtune(args, { SHADOWTUNE_LOG_LEVEL: 'warn' });
    assert.equal(await run.exited, 2, `${args.join(' ')}\n${run.output()}`);
  }
});
