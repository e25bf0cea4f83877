import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadSqlParser, parseStatements } from '@shadowtune/shared/sql/parse-statement';
import { spawnShadowtune, SHADOWTUNE_BIN } from '../../test/support/cli/spawn-shadowtune.js';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../../test/support/postgres/test-database.js';

const SHOP = fileURLToPath(new URL('../shop/', import.meta.url));

interface ProposalEntry {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly ddl?: string;
  readonly sql?: string;
  readonly rollback: string;
  readonly speedup: number | null;
  readonly writeCost: number | null;
  readonly evidence: readonly { fingerprint: string; parameterClass: string; baselineMs: number; candidateMs: number; guard: boolean; planChanged: boolean }[];
}

type Node = Record<string, unknown>;

/** `table(key, key, …)` of a CREATE INDEX, keys as column names or `f(column)`, directions dropped. */
function indexShape(sql: string): { table: string; keys: string[] } {
  const statement = parseStatements(sql)[0] as { IndexStmt: Node };
  const index = statement.IndexStmt;
  const keys = (index.indexParams as Node[]).map((param) => {
    const element = param.IndexElem as Node;
    if (typeof element.name === 'string') return element.name;
    const call = (element.expr as Node).FuncCall as Node;
    const fn = (call.funcname as Node[]).map((n) => (n.String as Node).sval).join('.');
    const args = (call.args as Node[]).map((a) => ((a.ColumnRef as Node).fields as Node[]).map((f) => (f.String as Node).sval).join('.'));
    return `${fn}(${args.join(',')})`;
  });
  return { table: String((index.relation as Node).relname), keys };
}

let catalog: TestDatabase;
let out: string;
let stdout = '';
let code = -1;

before(async () => {
  await loadSqlParser();
  catalog = await createTestDatabase('st_shop_catalog');
  out = await mkdtemp(join(tmpdir(), 'shadowtune-shop-'));
  // The example at half its volume (planner-cost thresholds scaled with it) and fewer runs, so the test stays short;
  // below that, synthetic heavy hitters get extreme enough relative to the tables to make FK indexes borderline.
  const example = await readFile(join(SHOP, 'shadowtune.yaml'), 'utf8');
  const config = join(out, 'shadowtune.yaml');
  await writeFile(
    config,
    example
      .replace('rows: 100000', 'rows: 50000')
      .replace('thinRows: 2000', 'thinRows: 1000')
      .replace('scanCost: 500', 'scanCost: 300')
      .replace('filterCost: 300', 'filterCost: 150')
      .replace('benchRuns: 5', 'benchRuns: 3')
      .replace('runs: 3', 'runs: 2')
      .replace('    warmupRuns: 1\n', '    warmupRuns: 1\n    writeCostRows: 1000\n    writeCostRepeats: 1\n'),
  );
  const run = spawnShadowtune(
    ['run', '--schema', join(SHOP, 'schema.sql'), '--log', join(SHOP, 'workload.log'), '--prefix', '%m [%p] %q%u@%d ', '--config', config, '--out', out],
    { SHADOWTUNE_CONNECTIONS__SHADOW: TEST_SERVER_URL, SHADOWTUNE_CONNECTIONS__CATALOG: catalog.url, SHADOWTUNE_LOG_LEVEL: 'warn' },
  );
  code = await run.exited;
  stdout = run.output();
});

after(async () => {
  await catalog?.drop();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('shadowtune run on the shop example', () => {
  it('exits 0 and prints the findings with their proposals', () => {
    assert.equal(code, 0, stdout.slice(-3000));
    assert.match(stdout, /^FINDING +SEVERITY +PATTERNS +STATEMENT/m);
    assert.match(stdout, /3000 statements, \d+ findings, \d+ proposals/);
    assert.ok(SHADOWTUNE_BIN.length > 0);
  });

  it('proposes validated indexes covering at least 90% of what a careful DBA adds', async () => {
    const proposals = JSON.parse(await readFile(join(out, 'proposals.json'), 'utf8')) as ProposalEntry[];
    const indexes = proposals.filter((p) => p.kind === 'INDEX').map((p) => ({ entry: p, shape: indexShape(p.ddl!) }));
    const expected = (await readFile(join(SHOP, 'expected-indexes.sql'), 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('CREATE INDEX'))
      .map((line) => indexShape(line.slice(0, line.indexOf(';') + 1)));
    const covered = expected.filter((dba) => indexes.some(({ shape }) => shape.table === dba.table && dba.keys.every((key, i) => shape.keys[i] === key)));
    const missing = expected.filter((dba) => !covered.includes(dba)).map((dba) => `${dba.table}(${dba.keys.join(', ')})`);
    assert.ok(covered.length >= Math.ceil(0.9 * expected.length), `covered ${covered.length}/${expected.length}; missing: ${missing.join('; ')}\n${stdout.slice(-4000)}`);
    for (const { entry } of indexes) {
      assert.equal(entry.status, 'PENDING', 'the example runs under the manual policy');
      assert.match(entry.ddl!, /^CREATE INDEX CONCURRENTLY "[a-z0-9_]+" ON "public"\."[a-z_]+" USING btree \(/);
      assert.match(entry.rollback, /^DROP INDEX CONCURRENTLY IF EXISTS "public"\."[a-z0-9_]+"$/);
      assert.ok(entry.speedup !== null && entry.speedup >= 1.5, `${entry.id} measured ×${entry.speedup}`);
    }
  });

  it('has no proposal that slows the workload: no statement whose plan it changes is slower beyond tolerance, writes within limits', async () => {
    const proposals = JSON.parse(await readFile(join(out, 'proposals.json'), 'utf8')) as ProposalEntry[];
    for (const p of proposals) {
      assert.ok(p.evidence.some((e) => e.planChanged && !e.guard), `${p.id} changed the plan of its own statement`);
      // Statements whose plan the change leaves alone differ by noise only (see Evidence.planChanged).
      for (const e of p.evidence.filter((x) => x.planChanged)) assert.ok(e.candidateMs <= e.baselineMs * 1.2 + 0.5, `${p.id}: ${e.fingerprint} ${e.parameterClass} ${e.baselineMs} → ${e.candidateMs} ms`);
      assert.ok(p.writeCost === null || p.writeCost <= 4, `${p.id} writes ×${p.writeCost}`);
    }
  });

  it('writes report.html with one section per finding, inline plots and the DDL', async () => {
    const html = await readFile(join(out, 'report.html'), 'utf8');
    const proposals = JSON.parse(await readFile(join(out, 'proposals.json'), 'utf8')) as ProposalEntry[];
    assert.match(html, /^<!doctype html>/);
    assert.ok((html.match(/<section>/g) ?? []).length >= proposals.length / 2);
    assert.match(html, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const p of proposals.filter((x) => x.kind === 'INDEX')) assert.ok(html.includes(p.ddl!.replace(/"/g, '&quot;')), `${p.id} DDL in the report`);
  });
});
