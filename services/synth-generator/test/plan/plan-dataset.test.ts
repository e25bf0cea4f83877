import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ColumnSource, GenerationPlan, TablePlan } from '../../src/plan/generation-plan.js';
import { planDataset, type PlanDatasetInput } from '../../src/plan/plan-dataset.js';
import { createShadowFixture, type ShadowFixture } from '../support/shadow-fixture.js';
import { TEST_TIME_SPAN, WIDE_SCHEMA_SQL } from '../support/wide-schema.js';

const EXTRA_SCHEMA = `
CREATE TYPE tier AS ENUM ('gold', 'silver', 'bronze');
CREATE TABLE tiers (name tier PRIMARY KEY, discount int NOT NULL);
CREATE TABLE profiles (customer_id bigint PRIMARY KEY REFERENCES customers (id), bio text, tier tier REFERENCES tiers (name));
CREATE TABLE visits (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), page text NOT NULL, browser text NOT NULL, visited_at timestamptz NOT NULL, visit_day date NOT NULL);`;

function table(plan: GenerationPlan, name: string): TablePlan {
  const found = plan.tables.find((t) => t.name === name);
  assert.ok(found !== undefined, name);
  return found;
}

function source(plan: GenerationPlan, tableName: string, column: string): ColumnSource {
  const found = table(plan, tableName).columns.find((c) => c.name === column)?.source;
  assert.ok(found !== undefined, `${tableName}.${column}`);
  return found;
}

describe('planDataset', { timeout: 60_000 }, () => {
  let fixture: ShadowFixture;
  let base: PlanDatasetInput;
  before(async () => {
    fixture = await createShadowFixture(WIDE_SCHEMA_SQL + EXTRA_SCHEMA, 0);
    base = { model: fixture.model, seed: 1, skewFactor: 1.2, volume: { rows: 10_000, productionMultiple: null, thinRows: 100 }, focus: null, correlation: 0.9, timeSpan: TEST_TIME_SPAN };
  });
  after(() => fixture.drop());

  it('skips views and partitions, with the reason', () => {
    const plan = planDataset(base);
    assert.deepEqual(
      plan.skipped.map((s) => [s.name, s.reason]),
      [
        ['measurements_2024h1', 'partition: loaded through its partitioned parent'],
        ['measurements_2024h2', 'partition: loaded through its partitioned parent'],
        ['paid_orders', 'view holds no rows of its own'],
      ],
    );
  });

  it('orders parents first and handles cycles: deferrable in one transaction, otherwise drop and re-add', () => {
    const plan = planDataset(base);
    const position = (name: string) => plan.tables.findIndex((t) => t.name === name);
    assert.ok(position('customers') < position('orders') && position('orders') < position('order_lines') && position('products') < position('order_lines'));
    const departments = table(plan, 'departments');
    const employees = table(plan, 'employees');
    assert.equal(departments.unit, employees.unit);
    assert.equal(plan.units[departments.unit]?.deferred, true);
    assert.equal(departments.foreignKeys[0]?.loadMode, 'deferred');
    const teams = table(plan, 'teams');
    assert.equal(teams.foreignKeys.find((f) => f.constraint === 'teams_captain_fk')?.loadMode, 'drop-and-readd');
    assert.equal(plan.units[teams.unit]?.deferred, false);
    // A self-reference never breaks the order.
    assert.equal(table(plan, 'customers').foreignKeys[0]?.choice.kind, 'self-tree');
  });

  it('leaves identity, serial and generated columns to the server', () => {
    const plan = planDataset(base);
    assert.deepEqual(source(plan, 'customers', 'id'), { kind: 'server', reason: 'identity' });
    assert.deepEqual(source(plan, 'customers', 'email_lower'), { kind: 'server', reason: 'generated' });
    assert.deepEqual(source(plan, 'orders', 'id'), { kind: 'server', reason: 'sequence-default' });
    assert.deepEqual(source(plan, 'invoices', 'number'), { kind: 'server', reason: 'sequence-default' });
    assert.ok(!table(plan, 'customers').copyColumns.includes('email_lower'));
  });

  it('makes unique keys hold: row index, key digits over parents, capacity caps with a note', () => {
    const plan = planDataset({ ...base, volume: { rows: 10_000, productionMultiple: null, thinRows: 10_000 } });
    assert.deepEqual(source(plan, 'customers', 'email'), { kind: 'row-index' });
    assert.deepEqual(source(plan, 'customers', 'external_id'), { kind: 'row-index' });
    assert.deepEqual(source(plan, 'order_lines', 'line_no'), { kind: 'row-index' });
    // Junction table: both key columns are foreign keys. One parent's rows suffice here...
    assert.deepEqual(table(plan, 'product_favorites').foreignKeys.map((f) => f.choice.kind).sort(), ['mixed-radix', 'sampled']);
    // ...more rows than either parent has walk the pairs as two digits.
    const focus = { deepTables: [{ schema: 'public', table: 'product_favorites', suggestedRows: null }], skewTargets: [], findingColumns: [], parameterProfiles: [] };
    const wide = planDataset({ ...base, volume: { rows: 50_000, productionMultiple: null, thinRows: 10_000 }, focus });
    const digits = table(wide, 'product_favorites').foreignKeys.map((f) => f.choice);
    assert.deepEqual(digits.map((c) => c.kind), ['mixed-radix', 'mixed-radix']);
    assert.deepEqual(digits.map((c) => (c.kind === 'mixed-radix' ? c.divisor : 0)).sort((a, b) => a - b), [1, 10_000]);
    // One-to-one (unique foreign key) stays within the parent's rows.
    const invoices = table(plan, 'invoices');
    assert.equal(invoices.foreignKeys[0]?.choice.kind, 'mixed-radix');
    // An enum primary key holds three rows at most.
    const tiers = table(plan, 'tiers');
    assert.equal(tiers.rows, 3);
    assert.ok(tiers.notes.some((n) => n.includes('holds at most 3 rows')));
    const profiles = table(plan, 'profiles');
    assert.equal(profiles.foreignKeys.find((f) => f.parentTable === 'tiers')?.parentRows, 3);
  });

  it('sizes tables: deep ones by rows or productionMultiple, the rest thin, NOT NULL parents at least one row', () => {
    const focus = { deepTables: [{ schema: 'public', table: 'visits', suggestedRows: 500 }], skewTargets: [], findingColumns: [], parameterProfiles: [] };
    const plan = planDataset({ ...base, volume: { rows: 7_000, productionMultiple: null, thinRows: 0 }, focus });
    assert.equal(table(plan, 'visits').rows, 7_000);
    assert.equal(table(plan, 'visits').deep, true);
    assert.equal(table(plan, 'customers').rows, 1);
    assert.equal(table(plan, 'customers').deep, false);
    assert.ok(plan.notes.some((n) => n.includes('public.customers: 1 row instead of 0')));
    const suggested = planDataset({ ...base, volume: { rows: null, productionMultiple: null, thinRows: 10 }, focus });
    assert.equal(table(suggested, 'visits').rows, 500);
    // productionMultiple needs production row counts; without them (never analyzed) rows are used.
    const multiple = planDataset({ ...base, volume: { rows: 900, productionMultiple: 3, thinRows: 10 }, focus });
    assert.equal(table(multiple, 'visits').rows, 900);
  });

  it('picks each column\'s distribution by the documented priority and says why', () => {
    const focus = {
      deepTables: [{ schema: 'public', table: 'visits', suggestedRows: null }],
      skewTargets: [{ schema: 'public', table: 'visits', column: 'page', factor: 2 }],
      findingColumns: [
        { schema: 'public', table: 'visits', column: 'browser', role: 'FILTER', operator: '=' },
        { schema: 'public', table: 'visits', column: 'page', role: 'FILTER', operator: '=' },
        { schema: 'public', table: 'visits', column: 'visited_at', role: 'FILTER', operator: '>=' },
      ],
      parameterProfiles: [{ schema: 'public', table: 'visits', column: 'visit_day', topShare: 0.3, distinctEstimate: 50 }],
    };
    const plan = planDataset({ ...base, focus });
    const page = source(plan, 'visits', 'page');
    assert.ok(page.kind === 'sampled' && page.reason === 'experiment-skew' && page.distribution.kind === 'zipf' && page.distribution.exponent === 2);
    const browser = source(plan, 'visits', 'browser');
    assert.ok(browser.kind === 'sampled' && browser.reason === 'finding-column' && browser.distribution.kind === 'zipf' && browser.distribution.exponent === 1.2);
    // Two filter columns of one table are correlated.
    assert.ok(page.kind === 'sampled' && browser.kind === 'sampled' && page.correlationGroup !== null && page.correlationGroup === browser.correlationGroup);
    // A range filter on a timestamp keeps the time window.
    assert.equal(source(plan, 'visits', 'visited_at').kind, 'time-span');
    const day = source(plan, 'visits', 'visit_day');
    assert.ok(day.kind === 'sampled' && day.reason === 'parameter-profile' && day.distribution.kind === 'zipf' && day.distribution.exponent > 0);
    const fanOut = table(plan, 'visits').foreignKeys[0]?.choice;
    assert.ok(fanOut?.kind === 'sampled' && fanOut.reason === 'fk-fan-out' && fanOut.distribution.kind === 'zipf');
    const bio = source(plan, 'profiles', 'bio');
    assert.ok(bio.kind === 'sampled' && bio.reason === 'default' && bio.distribution.kind === 'uniform');
  });

  it('meets column-to-column CHECKs by construction and leaves uninterpretable ones to the server', () => {
    const plan = planDataset(base);
    const orders = table(plan, 'orders');
    assert.deepEqual(orders.columns.find((c) => c.name === 'shipped_at')?.above, { column: 'placed_at', strict: true });
    assert.deepEqual(orders.serverValidatedChecks, []);
    const products = table(plan, 'products');
    assert.deepEqual(products.columns.find((c) => c.name === 'max_qty')?.above, { column: 'min_qty', strict: false });
    assert.deepEqual(products.serverValidatedChecks.map((c) => c.name), ['products_label_check']);
    assert.equal(products.splittable, false);
  });

  it('is deterministic', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(planDataset(base))), JSON.parse(JSON.stringify(planDataset(base))));
  });
});
