import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runMigrations } from '@shadowtune/shared/catalog/run-migrations';
import { proposalStore } from '@shadowtune/rewrite-engine/catalog/proposal-store';
import { spawnShadowtune } from '../../../test/support/cli/spawn-shadowtune.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres/test-database.js';

let production: TestDatabase;
let catalog: TestDatabase;
let catalogPool: pg.Pool;
let owner: pg.Client;

before(async () => {
  [production, catalog] = await Promise.all([createTestDatabase('st_cli_prod'), createTestDatabase('st_cli_catalog')]);
  owner = new pg.Client({ connectionString: production.url });
  await owner.connect();
  await owner.query(`CREATE TABLE accounts (id int PRIMARY KEY, team int NOT NULL); INSERT INTO accounts SELECT g, g % 9 FROM generate_series(1, 1000) g;`);
  catalogPool = new pg.Pool({ connectionString: catalog.url, max: 2 });
  const client = await catalogPool.connect();
  try {
    await runMigrations(client);
  } finally {
    client.release();
  }
  await proposalStore(catalogPool).upsert({
    proposalId: 'ix_accounts_team',
    kind: 'INDEX',
    status: 'PENDING',
    sql: 'CREATE INDEX CONCURRENTLY "accounts_team_idx" ON "public"."accounts" USING btree ("team")',
    rollbackSql: 'DROP INDEX CONCURRENTLY IF EXISTS "public"."accounts_team_idx"',
    fingerprints: ['fp-team'],
    findingIds: [],
    tables: ['public.accounts'],
    evidence: [],
    planBefore: null,
    planAfter: null,
    datasetId: null,
    writeCost: null,
    confidence: 0.8,
    rationale: 'test',
    createdAt: Date.now(),
    replaces: [],
    serves: null,
  });
});

after(async () => {
  await catalogPool?.end();
  await owner?.end();
  await Promise.all([production?.drop(), catalog?.drop()]);
});

const env = () => ({ SHADOWTUNE_CONNECTIONS__CATALOG: catalog.url, SHADOWTUNE_CONNECTIONS__PRODUCTION: production.url, SHADOWTUNE_LOG_LEVEL: 'warn' });

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const child = spawnShadowtune(['proposals', ...args], env());
  const code = await child.exited;
  return { code, out: child.output() };
}

async function indexValid(): Promise<boolean | null> {
  const result = await owner.query(`SELECT i.indisvalid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = 'accounts_team_idx'`);
  return (result.rows[0]?.indisvalid as boolean | undefined) ?? null;
}

describe('shadowtune proposals', () => {
  it('approves a pending proposal: the deployer builds the index on production and the catalog records it', async () => {
    const approved = await run(['approve', 'ix_accounts_team', '--by', 'alice', '--reason', 'reviewed']);
    assert.equal(approved.code, 0, approved.out);
    const line = JSON.parse(approved.out.trim().split('\n').pop()!) as { proposalId: string; deploymentId: string; outcome: string };
    assert.equal(line.outcome, 'applied');
    assert.equal(await indexValid(), true);
    const row = await catalogPool.query(`SELECT status, decided_by, decision_reason FROM shadowtune.proposals WHERE proposal_id = 'ix_accounts_team'`);
    assert.deepEqual(row.rows[0], { status: 'APPLIED', decided_by: 'alice', decision_reason: 'reviewed' });
    const steps = await catalogPool.query('SELECT step FROM shadowtune.deployment_steps WHERE deployment_id = $1', [line.deploymentId]);
    assert.deepEqual(steps.rows.map((r) => r.step).sort(), ['APPLIED', 'REQUESTED', 'VERIFIED']);

    const listed = await run(['list', '--status', 'APPLIED']);
    assert.equal(listed.code, 0);
    assert.deepEqual(listed.out.trim().split('\n').map((l) => (JSON.parse(l) as { proposalId: string }).proposalId), ['ix_accounts_team']);
  });

  it('refuses to approve it twice, and an unknown id, with exit 1', async () => {
    const again = await run(['approve', 'ix_accounts_team']);
    assert.equal(again.code, 1);
    assert.match(again.out, /CONFLICT: ix_accounts_team is APPLIED/);
    const unknown = await run(['approve', 'ix_nope']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.out, /NOT_FOUND/);
  });

  it('rolls the applied index back', async () => {
    const rolled = await run(['rollback', 'ix_accounts_team', '--reason', 'slower checkout']);
    assert.equal(rolled.code, 0, rolled.out);
    assert.equal(await indexValid(), null);
    const row = await catalogPool.query(`SELECT status FROM shadowtune.proposals WHERE proposal_id = 'ix_accounts_team'`);
    assert.equal(row.rows[0].status, 'ROLLED_BACK');
  });

  it('documents every flag and exits 2 on wrong usage', async () => {
    const help = await run(['approve', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /--by <name>/);
    const missing = await run(['reject', 'ix_accounts_team']);
    assert.equal(missing.code, 2);
  });
});
