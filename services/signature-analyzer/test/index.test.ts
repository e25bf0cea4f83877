import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { configSchema } from '@shadowtune/shared/config/config-schema';
import type { QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { runServices, type RunningServices } from '@shadowtune/shared/service/run-services';
import signatureAnalyzer from '../src/index.js';
import { createCatalogDatabase, type CatalogDatabase } from './support/catalog-database.js';
import { makeSignature } from './support/make-signature.js';
import { createSmallShopDatabase, type SmallShop } from './support/small-shop-database.js';

let shop: SmallShop;
let catalog: CatalogDatabase;
let services: RunningServices;
const findings: { key: string | null; value: QueryFinding }[] = [];

before(async () => {
  [shop, catalog] = await Promise.all([createSmallShopDatabase(), createCatalogDatabase()]);
  const config = configSchema.parse({
    logLevel: 'silent',
    performanceThreshold: { scanCost: 300, filterCost: 300, joinCost: 600, largeTableRows: 5_000 },
    connections: { production: shop.database.url, catalog: catalog.database.url },
  });
  services = await runServices({ config, definitions: [signatureAnalyzer], processName: 'signature-analyzer', health: false, logger: createLogger({ service: 'signature-analyzer', level: 'silent' }) });
  await services.bus.subscribe({ groupId: 'test-findings', topics: ['query.findings'], handler: async (event) => void findings.push({ key: event.key, value: event.value }) });
});

after(async () => {
  await services?.shutdown();
  await Promise.all([shop?.close(), catalog?.close()]);
});

async function waitFor(predicate: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('query.signatures in, query.findings out keyed by fingerprint (plans through the production read-only role)', async () => {
  await services.bus.publish('query.signatures', 'fp-wired', makeSignature('SELECT id FROM accounts WHERE note = $1', { fingerprint: 'fp-wired' }));
  await services.bus.publish('query.signatures', 'fp-quiet', makeSignature('SELECT id FROM accounts WHERE code = $1', { fingerprint: 'fp-quiet' }));
  await services.bus.publish('query.signatures', 'fp-bad', makeSignature('SELEC oops', { fingerprint: 'fp-bad' }));
  await waitFor(() => findings.some((f) => f.key === 'fp-wired'), 'the finding');
  const finding = findings.find((f) => f.key === 'fp-wired')!.value;
  assert.equal(finding.fingerprint, 'fp-wired');
  assert.ok(finding.patterns.some((p) => p.pattern === 'MISSING_FILTER_INDEX'));
  await waitFor(async () => {
    const rows = await catalog.query<{ fingerprint: string; reason_code: string | null }>('SELECT fingerprint, reason_code FROM shadowtune.signature_examinations ORDER BY fingerprint');
    return rows.rows.length === 3;
  }, 'three examinations in the catalog');
  const rows = await catalog.query<{ fingerprint: string; reason_code: string | null }>('SELECT fingerprint, reason_code FROM shadowtune.signature_examinations ORDER BY fingerprint');
  assert.deepEqual(rows.rows, [
    { fingerprint: 'fp-bad', reason_code: 'NOT_PARSABLE' },
    { fingerprint: 'fp-quiet', reason_code: 'ALREADY_INDEXED' },
    { fingerprint: 'fp-wired', reason_code: null },
  ]);
});
