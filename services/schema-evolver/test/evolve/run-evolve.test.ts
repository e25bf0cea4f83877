import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@shadowtune/shared/config/load-config';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { captureLogFile } from '@shadowtune/capture/inputs/log-file/capture-log-file';
import { runEvolve, type EvolveReport } from '../../src/evolve/run-evolve.js';
import { TEST_SERVER_URL } from '../../../../test/support/postgres/test-database.js';
import { createShopDatabase, SHOP_DDL, type ShopDatabase } from '../support/shop-database.js';

const LOG = fileURLToPath(new URL('../fixtures/three-patterns.log', import.meta.url));
const config = loadConfig({ env: {}, overrides: { 'services.schemaEvolver.analysis.partitionMinRows': 100_000 } });
const logger = createLogger({ service: 'schema-evolver-test', level: 'silent' });

let shop: ShopDatabase;
let fromProduction: EvolveReport;

function capture(onSignature: Parameters<Parameters<typeof runEvolve>[0]['capture']>[0]) {
  return captureLogFile({ path: LOG, format: 'stderr', prefix: '%m [%p] ', config, logger }, onSignature);
}

before(async () => {
  shop = await createShopDatabase({ customers: 2000, orders: 50_000, events: 200_000 }, 'st_evolve');
  fromProduction = await runEvolve({ config, schema: { kind: 'production', url: shop.database.url }, capture, logger });
});

after(async () => {
  await shop?.close();
});

describe('runEvolve on a workload with an undeclared relationship, a hot JSON key and a time-range query on a growing table', () => {
  it('reads every statement of the log through capture', () => {
    assert.equal(fromProduction.signatures, 163);
    assert.equal(fromProduction.deadLetters, 0);
    assert.deepEqual(fromProduction.results.frequentQueries.skipped, []);
  });

  it('proposes exactly those three changes', () => {
    const proposals = fromProduction.planned.map((p) => p.record);
    assert.deepEqual(
      proposals.map((p) => [p.changeType, p.tableName, p.columnName, p.dataType, p.indexStrategy]).sort(),
      [
        ['ADD_FOREIGN_KEY', 'public.orders', 'customer_id', null, 'btree ("customer_id")'],
        ['GENERATED_COLUMN', 'public.events', 'payload_device', 'text', `btree (("payload" ->> 'device'))`],
        ['RANGE_PARTITIONING', 'public.events', 'created_at', 'timestamp with time zone', 'partition by range ("created_at") per week, 12 partitions and a default one'],
      ],
    );
  });

  it('gives each proposal its evidence, up, down and prechecks', () => {
    const byType = new Map(fromProduction.planned.map((p) => [p.record.changeType, p.record]));
    const fk = byType.get('ADD_FOREIGN_KEY')!;
    assert.equal(fk.evidence.calls, 40);
    assert.equal(fk.evidence.createsIndex, 1);
    assert.match(fk.rationale, /join public\.orders\.customer_id to public\.customers\.id/);
    assert.match(fk.up[1]!, /NOT VALID$/);
    assert.match(fk.up[2]!, /VALIDATE CONSTRAINT/);
    assert.match(fk.prechecks[0]!, /NOT EXISTS/, 'orphan rows are looked for before the key is added');
    const generated = byType.get('GENERATED_COLUMN')!;
    assert.equal(generated.evidence.calls, 40);
    assert.equal(generated.evidence.keyCandidates, 3, 'the key was resolved among the three keys of the payload');
    assert.ok(generated.evidence.keyRunnerUpScore! > 2 * generated.evidence.keyMatchScore!);
    const partitioning = byType.get('RANGE_PARTITIONING')!;
    assert.equal(partitioning.evidence.calls, 40);
    assert.ok(partitioning.evidence.rows! > 100_000);
    assert.ok(partitioning.evidence.growthPerDay! > 0.001);
    assert.ok(partitioning.evidence.rSquared! > 0.9);
    for (const proposal of fromProduction.planned.map((p) => p.record)) {
      assert.ok(proposal.up.length > 0 && proposal.down.length > 0);
      assert.equal(proposal.verdict, null, 'the command does not measure');
      assert.match(proposal.proposalId, /^schema-[0-9a-f]{24}$/);
    }
  });

  it('says why every other candidate was skipped', () => {
    assert.deepEqual(
      fromProduction.skipped.map((s) => [s.changeType, s.tableName, s.columnName, s.reasonCode]).sort(),
      [
        ['CREATE_INDEX', 'public.customers', 'id', 'ALREADY_INDEXED'],
        ['CREATE_INDEX', 'public.events', 'created_at', 'COVERED_BY_OTHER_PROPOSAL'],
        ['CREATE_INDEX', 'public.orders', 'status,total', 'BELOW_MIN_CALLS'],
      ],
    );
  });

  it('from a schema file alone, without production, cannot resolve the stripped JSON key nor see the volume, and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'st-evolve-'));
    try {
      const schemaFile = join(dir, 'schema.sql');
      await writeFile(schemaFile, SHOP_DDL);
      const report = await runEvolve({ config, schema: { kind: 'file', path: schemaFile, shadowServerUrl: TEST_SERVER_URL }, capture, logger });
      assert.deepEqual(report.planned.map((p) => p.record.changeType), ['ADD_FOREIGN_KEY']);
      const reasons = report.skipped.map((s) => [s.changeType, s.reasonCode]);
      assert.ok(reasons.some(([t, r]) => t === 'GENERATED_COLUMN' && r === 'JSON_KEY_UNRESOLVED'));
      assert.ok(reasons.some(([t, r]) => t === 'RANGE_PARTITIONING' && r === 'NO_VOLUME_DATA'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
