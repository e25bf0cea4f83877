import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { findColumn, findTable } from '../../src/schema-model/find-table.js';
import { introspectSchema } from '../../src/schema-model/introspect-schema.js';
import { loadSchemaFile } from '../../src/schema-model/load-schema-file.js';
import type { IndexModel, SchemaModel, TableModel } from '../../src/schema-model/schema-model.js';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../../../test/support/postgres/test-database.js';

const WIDE_SCHEMA = await readFile(new URL('./fixtures/wide-schema.sql', import.meta.url), 'utf8');

async function openWideSchemaDatabase(): Promise<{ database: TestDatabase; client: pg.Client }> {
  const database = await createTestDatabase('st_schema_model');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await loadSchemaFile(client, WIDE_SCHEMA);
  return { database, client };
}

function table(model: SchemaModel, schema: string, name: string): TableModel {
  const found = findTable(model, schema, name);
  assert.ok(found, `table ${schema}.${name} is in the model`);
  return found;
}

/** Index fields that do not depend on storage, for exact comparison. */
function indexShape(index: IndexModel): Omit<IndexModel, 'sizeBytes' | 'definition'> {
  const { sizeBytes: _sizeBytes, definition: _definition, ...shape } = index;
  return shape;
}

const ascending = { descending: false, nullsFirst: false };

describe('introspectSchema on the wide schema', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let model: SchemaModel;

  before(async () => {
    ({ database, client } = await openWideSchemaDatabase());
    // A failed CREATE UNIQUE INDEX CONCURRENTLY leaves an INVALID index behind.
    await client.query('CREATE TABLE public.dupes (v integer); INSERT INTO public.dupes VALUES (1), (1)');
    await assert.rejects(client.query('CREATE UNIQUE INDEX CONCURRENTLY dupes_v_key ON public.dupes (v)'), /could not create unique index/);
    model = await introspectSchema(client);
  });

  after(async () => {
    await client?.end();
    await database?.drop();
  });

  it('lists every relation of the application schemas with its kind, and nothing else', () => {
    assert.deepEqual(
      model.tables.map((t) => `${t.schema}.${t.name}:${t.kind}`),
      [
        'public.Audit Log:table',
        'public.customer_counts:materialized-view',
        'public.customers:table',
        'public.dupes:table',
        'public.event_refs:table',
        'public.events:partitioned-table',
        'public.events_2024:table',
        'public.events_2025:table',
        'public.events_default:table',
        'public.every_type:table',
        'public.tickets:table',
        'sales.order_lines:table',
        'sales.order_totals:view',
        'sales.orders:table',
      ],
    );
    assert.equal(model.serverVersion >= 150000, true);
    assert.match(model.version, /^[0-9a-f]{64}$/);
  });

  it('describes every column type: format, base name, category, array, length, precision and scale', () => {
    const rows = table(model, 'public', 'every_type').columns.map((c) => [
      c.position,
      c.name,
      c.dataType,
      c.typeName,
      c.typeSchema,
      c.typeCategory,
      c.isArray,
      c.maxLength,
      c.numericPrecision,
      c.numericScale,
    ]);
    assert.deepEqual(rows, [
      [1, 'id', 'integer', 'int4', 'pg_catalog', 'N', false, null, null, null],
      [2, 'small', 'smallint', 'int2', 'pg_catalog', 'N', false, null, null, null],
      [3, 'big', 'bigint', 'int8', 'pg_catalog', 'N', false, null, null, null],
      [4, 'price', 'numeric(10,2)', 'numeric', 'pg_catalog', 'N', false, null, 10, 2],
      [5, 'unbounded', 'numeric', 'numeric', 'pg_catalog', 'N', false, null, null, null],
      [6, 'ratio', 'real', 'float4', 'pg_catalog', 'N', false, null, null, null],
      [7, 'score', 'double precision', 'float8', 'pg_catalog', 'N', false, null, null, null],
      [8, 'note', 'text', 'text', 'pg_catalog', 'S', false, null, null, null],
      [9, 'code', 'character varying(16)', 'varchar', 'pg_catalog', 'S', false, 16, null, null],
      [10, 'free_varchar', 'character varying', 'varchar', 'pg_catalog', 'S', false, null, null, null],
      [11, 'fixed', 'character(3)', 'bpchar', 'pg_catalog', 'S', false, 3, null, null],
      [12, 'uid', 'uuid', 'uuid', 'pg_catalog', 'U', false, null, null, null],
      [13, 'active', 'boolean', 'bool', 'pg_catalog', 'B', false, null, null, null],
      [14, 'born', 'date', 'date', 'pg_catalog', 'D', false, null, null, null],
      [15, 'at_time', 'time without time zone', 'time', 'pg_catalog', 'D', false, null, null, null],
      [16, 'at_timestamp', 'timestamp(3) without time zone', 'timestamp', 'pg_catalog', 'D', false, null, null, null],
      [17, 'at_timestamptz', 'timestamp with time zone', 'timestamptz', 'pg_catalog', 'D', false, null, null, null],
      [18, 'duration', 'interval', 'interval', 'pg_catalog', 'T', false, null, null, null],
      [19, 'doc', 'json', 'json', 'pg_catalog', 'U', false, null, null, null],
      [20, 'docb', 'jsonb', 'jsonb', 'pg_catalog', 'U', false, null, null, null],
      [21, 'blob', 'bytea', 'bytea', 'pg_catalog', 'U', false, null, null, null],
      [22, 'tags', 'text[]', 'text', 'pg_catalog', 'S', true, null, null, null],
      [23, 'matrix', 'integer[]', 'int4', 'pg_catalog', 'N', true, null, null, null],
      [24, 'codes', 'character varying(8)[]', 'varchar', 'pg_catalog', 'S', true, 8, null, null],
      [25, 'status', 'public.order_status', 'order_status', 'public', 'E', false, null, null, null],
      [26, 'statuses', 'public.order_status[]', 'order_status', 'public', 'E', true, null, null, null],
      [27, 'ip', 'inet', 'inet', 'pg_catalog', 'I', false, null, null, null],
      [28, 'net', 'cidr', 'cidr', 'pg_catalog', 'I', false, null, null, null],
      // Domains: named by the domain, category, length and precision of the base type.
      [29, 'amount', 'public.positive_amount', 'positive_amount', 'public', 'N', false, null, 12, 2],
      [30, 'contact', 'public.email', 'email', 'public', 'S', false, 254, null, null],
      [31, 'price_with_tax', 'numeric(12,2)', 'numeric', 'pg_catalog', 'N', false, null, 12, 2],
      [32, 'contacts', 'public.email[]', 'email', 'public', 'S', true, 254, null, null],
    ]);
  });

  it('reports nullability (a NOT NULL domain included), defaults, identity and generated columns', () => {
    const everyType = table(model, 'public', 'every_type');
    const pick = (name: string) => {
      const column = findColumn(everyType, name);
      assert.ok(column);
      return [column.nullable, column.defaultExpression, column.identity, column.generatedExpression, column.generatedStorage];
    };
    assert.deepEqual(pick('id'), [false, null, 'by-default', null, null]);
    assert.deepEqual(pick('active'), [false, 'true', null, null, null]);
    assert.deepEqual(pick('status'), [false, "'new'::public.order_status", null, null, null]);
    assert.deepEqual(pick('amount'), [false, null, null, null, null]);
    assert.deepEqual(pick('note'), [true, null, null, null, null]);
    assert.deepEqual(pick('price_with_tax'), [true, null, null, '(price * 1.2)', 'stored']);
    const customersId = findColumn(table(model, 'public', 'customers'), 'id');
    assert.equal(customersId?.identity, 'always');
    assert.equal(findColumn(table(model, 'public', 'customers'), 'created_at')?.defaultExpression, 'now()');
    assert.equal(findColumn(table(model, 'public', 'tickets'), 'id')?.defaultExpression, "nextval('public.tickets_id_seq'::regclass)");
  });

  it('reads primary keys, composite unique constraints and CHECKs with their columns', () => {
    const orders = table(model, 'sales', 'orders');
    assert.deepEqual(orders.primaryKey, ['region', 'order_no']);
    assert.deepEqual(table(model, 'sales', 'order_lines').primaryKey, ['region', 'order_no', 'line_no']);
    assert.deepEqual(table(model, 'public', 'Audit Log').primaryKey, ['Event Id']);
    assert.equal(table(model, 'public', 'event_refs').primaryKey, null);
    assert.deepEqual(orders.uniqueConstraints, [{ name: 'orders_email_region_key', columns: ['email', 'region'] }]);
    assert.deepEqual(orders.checks, [
      { name: 'orders_total_check', definition: 'CHECK (((total >= (0)::numeric) AND (order_no > 0)))', columns: ['total', 'order_no'] },
    ]);
    assert.deepEqual(table(model, 'public', 'every_type').checks, [
      { name: 'every_type_price_check', definition: 'CHECK ((price >= (0)::numeric))', columns: ['price'] },
      { name: 'every_type_range', definition: 'CHECK ((small < big))', columns: ['small', 'big'] },
    ]);
  });

  it('reads foreign keys: actions, composite keys, self-reference, deferrable, NOT VALID, partitioned targets once', () => {
    const base = { onDelete: 'no-action', onUpdate: 'no-action', deferrable: false, initiallyDeferred: false, validated: true };
    assert.deepEqual(table(model, 'public', 'customers').foreignKeys, [
      { ...base, name: 'customers_referred_by_fkey', columns: ['referred_by'], referencedSchema: 'public', referencedTable: 'customers', referencedColumns: ['id'], onDelete: 'set-null' },
    ]);
    assert.deepEqual(table(model, 'sales', 'orders').foreignKeys, [
      { ...base, name: 'orders_customer_fkey', columns: ['customer_id'], referencedSchema: 'public', referencedTable: 'customers', referencedColumns: ['id'], onDelete: 'cascade', onUpdate: 'restrict' },
    ]);
    assert.deepEqual(table(model, 'sales', 'order_lines').foreignKeys, [
      {
        ...base,
        name: 'order_lines_order_fkey',
        columns: ['region', 'order_no'],
        referencedSchema: 'sales',
        referencedTable: 'orders',
        referencedColumns: ['region', 'order_no'],
        onDelete: 'set-default',
        deferrable: true,
        initiallyDeferred: true,
      },
    ]);
    assert.deepEqual(table(model, 'public', 'every_type').foreignKeys, [
      { ...base, name: 'every_type_big_fkey', columns: ['big'], referencedSchema: 'public', referencedTable: 'customers', referencedColumns: ['id'], validated: false },
    ]);
    // The server keeps one hidden clone per referenced partition; the model shows the one constraint.
    assert.deepEqual(table(model, 'public', 'event_refs').foreignKeys, [
      { ...base, name: 'event_refs_event_fkey', columns: ['event_id', 'happened_at'], referencedSchema: 'public', referencedTable: 'events', referencedColumns: ['id', 'happened_at'] },
    ]);
  });

  it('reads indexes: method, key parts, order, expressions, INCLUDE, partial, unique, primary, operator classes, validity', () => {
    const common = { include: [], unique: false, primary: false, predicate: null, valid: true };
    assert.deepEqual(table(model, 'sales', 'orders').indexes.map(indexShape), [
      { ...common, name: 'orders_email_region_key', method: 'btree', unique: true, keyParts: [
        { column: 'email', expression: null, ...ascending, operatorClass: 'text_ops' },
        { column: 'region', expression: null, ...ascending, operatorClass: 'text_ops' },
      ] },
      {
        ...common,
        name: 'orders_open_idx',
        method: 'btree',
        keyParts: [{ column: 'customer_id', expression: null, ...ascending, operatorClass: 'int8_ops' }],
        include: ['total', 'placed_at'],
        predicate: "status = ANY (ARRAY['new'::public.order_status, 'paid'::public.order_status])",
      },
      { ...common, name: 'orders_pkey', method: 'btree', unique: true, primary: true, keyParts: [
        { column: 'region', expression: null, ...ascending, operatorClass: 'text_ops' },
        { column: 'order_no', expression: null, ...ascending, operatorClass: 'int4_ops' },
      ] },
      { ...common, name: 'orders_placed_idx', method: 'btree', keyParts: [
        { column: 'placed_at', expression: null, descending: true, nullsFirst: false, operatorClass: 'timestamptz_ops' },
        { column: 'region', expression: null, ...ascending, operatorClass: 'text_ops' },
      ] },
    ]);
    assert.deepEqual(table(model, 'public', 'customers').indexes.map(indexShape), [
      { ...common, name: 'customers_email_key', method: 'btree', unique: true, keyParts: [{ column: 'email', expression: null, ...ascending, operatorClass: 'text_ops' }] },
      { ...common, name: 'customers_lower_email_idx', method: 'btree', keyParts: [{ column: null, expression: 'lower(email::text)', ...ascending, operatorClass: 'text_pattern_ops' }] },
      { ...common, name: 'customers_name_trgm_idx', method: 'gin', keyParts: [{ column: 'name', expression: null, ...ascending, operatorClass: 'gin_trgm_ops' }] },
      { ...common, name: 'customers_pkey', method: 'btree', unique: true, primary: true, keyParts: [{ column: 'id', expression: null, ...ascending, operatorClass: 'int8_ops' }] },
    ]);
    assert.deepEqual(
      table(model, 'public', 'every_type').indexes.map((i) => [i.name, i.method, i.keyParts[0]?.nullsFirst, i.keyParts[0]?.operatorClass]),
      [
        ['every_type_born_idx', 'brin', false, 'date_minmax_ops'],
        ['every_type_docb_idx', 'gin', false, 'jsonb_ops'],
        ['every_type_pkey', 'btree', false, 'int4_ops'],
        ['every_type_score_idx', 'btree', true, 'float8_ops'],
        ['every_type_uid_idx', 'hash', false, 'uuid_ops'],
      ],
    );
    assert.deepEqual(table(model, 'public', 'dupes').indexes.map((i) => [i.name, i.unique, i.valid]), [['dupes_v_key', true, false]]);
    const placed = table(model, 'sales', 'orders').indexes.find((i) => i.name === 'orders_placed_idx');
    assert.equal(placed?.definition, 'CREATE INDEX orders_placed_idx ON sales.orders USING btree (placed_at DESC NULLS LAST, region)');
    assert.ok((placed?.sizeBytes ?? 0) > 0, 'an index on a plain table has at least its metapage');
  });

  it('reads partitioning on the parent (strategy, key) and on each partition (parent, bound)', () => {
    assert.deepEqual(table(model, 'public', 'events').partitioning, {
      strategy: 'range',
      key: 'RANGE (happened_at)',
      parent: null,
      parentSchema: null,
      parentName: null,
      bound: null,
    });
    const partition = (name: string, bound: string) => ({ strategy: null, key: null, parent: 'public.events', parentSchema: 'public', parentName: 'events', bound }) as const;
    assert.deepEqual(table(model, 'public', 'events_2024').partitioning, partition('events_2024', "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')"));
    assert.deepEqual(table(model, 'public', 'events_2025').partitioning, partition('events_2025', "FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00')"));
    assert.deepEqual(table(model, 'public', 'events_default').partitioning, partition('events_default', 'DEFAULT'));
    assert.equal(table(model, 'public', 'customers').partitioning, null);
    assert.deepEqual(table(model, 'public', 'events').indexes.map((i) => i.name), ['events_kind_idx', 'events_pkey']);
    assert.deepEqual(table(model, 'public', 'events_2024').primaryKey, ['id', 'happened_at']);
    // A foreign key declared on the parent is cloned onto every partition under the same name.
    for (const name of ['events', 'events_2024', 'events_default']) {
      assert.deepEqual(
        table(model, 'public', name).foreignKeys.map((f) => [f.name, f.columns, f.referencedTable]),
        [['events_customer_id_fkey', ['customer_id'], 'customers']],
      );
    }
  });

  it('reads views and materialized views with their columns (and the materialized view index)', () => {
    const view = table(model, 'sales', 'order_totals');
    assert.deepEqual(view.columns.map((c) => [c.name, c.dataType]), [['region', 'text'], ['total', 'numeric']]);
    assert.deepEqual(view.indexes, []);
    const materialized = table(model, 'public', 'customer_counts');
    assert.deepEqual(materialized.columns.map((c) => [c.name, c.dataType]), [['customers', 'bigint']]);
    assert.deepEqual(materialized.indexes.map((i) => i.name), ['customer_counts_customers_idx']);
  });

  it('reads enums in label order, domains, sequences with their owner, and extensions', () => {
    assert.deepEqual(model.enums, [{ schema: 'public', name: 'order_status', labels: ['new', 'paid', 'shipped', 'cancelled'] }]);
    assert.deepEqual(model.domains, [
      { schema: 'public', name: 'email', baseType: 'character varying(254)', notNull: false, checks: ["CHECK (((VALUE)::text ~~ '%@%'::text))"], defaultExpression: null },
      { schema: 'public', name: 'positive_amount', baseType: 'numeric(12,2)', notNull: true, checks: ['CHECK ((VALUE >= (0)::numeric))'], defaultExpression: '0' },
    ]);
    assert.deepEqual(model.sequences, [
      { schema: 'public', name: 'customers_id_seq', ownedBy: 'public.customers.id', dataType: 'bigint', identity: true },
      { schema: 'public', name: 'every_type_id_seq', ownedBy: 'public.every_type.id', dataType: 'integer', identity: true },
      { schema: 'public', name: 'invoice_numbers', ownedBy: null, dataType: 'integer', identity: false },
      { schema: 'public', name: 'tickets_id_seq', ownedBy: 'public.tickets.id', dataType: 'integer', identity: false },
    ]);
    assert.deepEqual(model.extensions, ['pg_trgm', 'plpgsql']);
  });

  it('reports never-analyzed tables with reltuples -1 and no column statistics', () => {
    const tickets = table(model, 'public', 'tickets');
    assert.equal(tickets.stats.rowEstimate, -1);
    assert.ok(tickets.stats.totalBytes > 0, 'the primary key index has a metapage');
    assert.ok(tickets.columns.every((c) => c.stats === null));
  });

  it('restricts to the schemas asked for', async () => {
    const salesOnly = await introspectSchema(client, { schemas: ['sales'] });
    assert.deepEqual(salesOnly.tables.map((t) => t.name), ['order_lines', 'order_totals', 'orders']);
    assert.deepEqual(salesOnly.enums, []);
    assert.equal(findColumn(table(salesOnly, 'sales', 'orders'), 'status')?.typeSchema, 'public');
    assert.notEqual(salesOnly.version, model.version);
  });
});

describe('introspectSchema version, statistics and connections', () => {
  let database: TestDatabase;
  let client: pg.Client;

  before(async () => {
    ({ database, client } = await openWideSchemaDatabase());
  });

  after(async () => {
    await client?.end();
    await database?.drop();
  });

  it('gives the same version and model twice, whatever the session settings, without changing them', async () => {
    const first = await introspectSchema(client);
    await client.query(`SET search_path = sales, public; SET TimeZone = 'Asia/Tokyo'; SET DateStyle = 'SQL, DMY'; SET IntervalStyle = 'sql_standard'`);
    const second = await introspectSchema(client);
    assert.equal(second.version, first.version);
    assert.deepEqual(second, first);
    const settings = await client.query<{ search_path: string; timezone: string }>(
      `SELECT current_setting('search_path') AS search_path, current_setting('TimeZone') AS timezone`,
    );
    assert.deepEqual(settings.rows[0], { search_path: 'sales, public', timezone: 'Asia/Tokyo' });
    await client.query('RESET ALL');
  });

  it('runs inside a caller transaction without ending it, and through a pool', async () => {
    const outside = await introspectSchema(client);
    await client.query('BEGIN');
    await client.query('CREATE TABLE public.in_transaction (x integer)');
    const inside = await introspectSchema(client);
    assert.equal(client.getTransactionStatus(), 'T');
    assert.ok(findTable(inside, null, 'in_transaction'), 'sees the caller transaction’s own changes');
    await client.query('ROLLBACK');
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const viaPool = await introspectSchema(pool);
      assert.equal(viaPool.version, outside.version);
      assert.equal(pool.idleCount, 1, 'the pooled connection was released');
    } finally {
      await pool.end();
    }
  });

  it('keeps the version when only data and ANALYZE change, and changes it with the structure', async () => {
    const before = await introspectSchema(client);
    await client.query(`INSERT INTO public.tickets (subject) SELECT 'subject ' || i FROM generate_series(1, 500) AS i; ANALYZE`);
    const afterData = await introspectSchema(client);
    assert.equal(afterData.version, before.version);
    assert.notDeepEqual(afterData.tables, before.tables, 'statistics did change');
    assert.equal(table(afterData, 'public', 'tickets').stats.rowEstimate, 500);

    await client.query('ALTER TABLE public.tickets ADD COLUMN priority smallint');
    const withColumn = await introspectSchema(client);
    assert.notEqual(withColumn.version, before.version);

    // Dropping it again restores the structure: the attnum gap left behind does not count.
    await client.query('ALTER TABLE public.tickets DROP COLUMN priority');
    const dropped = await introspectSchema(client);
    assert.equal(dropped.version, before.version);

    await client.query('CREATE INDEX tickets_subject_idx ON public.tickets (subject)');
    assert.notEqual((await introspectSchema(client)).version, before.version);
    await client.query('DROP INDEX public.tickets_subject_idx');
    await client.query(`ALTER TYPE public.order_status ADD VALUE 'refunded'`);
    assert.notEqual((await introspectSchema(client)).version, before.version);
  });

  it('counts rows exactly when asked, leaving views to their estimate', async () => {
    // 37 rows stay under autovacuum's analyze threshold (50): reltuples stays -1.
    await client.query(`CREATE TABLE public."Counted Rows" (x integer); INSERT INTO public."Counted Rows" SELECT generate_series(1, 37)`);
    const estimated = await introspectSchema(client);
    const exact = await introspectSchema(client, { exactCounts: true });
    assert.equal(table(estimated, 'public', 'Counted Rows').stats.rowEstimate, -1);
    assert.equal(table(exact, 'public', 'Counted Rows').stats.rowEstimate, 37);
    assert.equal(table(exact, 'sales', 'order_totals').stats.rowEstimate, table(estimated, 'sales', 'order_totals').stats.rowEstimate);
    assert.equal(exact.version, estimated.version);
  });

  it('leaves out extension-owned objects and the shadowtune schema', async () => {
    await client.query('CREATE EXTENSION IF NOT EXISTS hypopg; CREATE SCHEMA shadowtune; CREATE TABLE shadowtune.findings (id integer)');
    const model = await introspectSchema(client);
    assert.ok(model.extensions.includes('hypopg'));
    assert.equal(findTable(model, 'public', 'hypopg_list_indexes'), null);
    assert.equal(findTable(model, 'shadowtune', 'findings'), null);
    assert.ok(findTable(await introspectSchema(client, { schemas: ['shadowtune'] }), 'shadowtune', 'findings'), 'readable when asked for');
  });
});

describe('introspectSchema with a read-only role', () => {
  let database: TestDatabase;
  let admin: pg.Client;
  const role = `st_reader_${randomBytes(5).toString('hex')}`;

  before(async () => {
    ({ database, client: admin } = await openWideSchemaDatabase());
    await admin.query(`
      CREATE ROLE ${role} LOGIN;
      ALTER ROLE ${role} SET default_transaction_read_only = on;
      GRANT USAGE ON SCHEMA sales TO ${role};
      GRANT SELECT ON sales.orders TO ${role};
      INSERT INTO public.customers (email, name) SELECT 'r' || i || '@x.test', 'n' || i FROM generate_series(1, 20) AS i;
      INSERT INTO sales.orders SELECT 'eu', i, 1, 'new', 10, NULL, now() FROM generate_series(1, 3) AS i;
      ANALYZE`);
  });

  after(async () => {
    await admin?.end();
    await database?.drop();
    // The role is cluster-wide: it goes once the database holding its grants is gone.
    const server = new pg.Client({ connectionString: TEST_SERVER_URL });
    await server.connect();
    try {
      await server.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await server.end();
    }
  });

  it('reads the whole structure; statistics and exact counts only where the role may read', async () => {
    const url = new URL(database.url);
    url.username = role;
    const reader = new pg.Client({ connectionString: url.toString() });
    await reader.connect();
    try {
      const asReader = await introspectSchema(reader, { exactCounts: true });
      const asOwner = await introspectSchema(admin);
      assert.equal(asReader.version, asOwner.version, 'the same structure through the read-only role');
      assert.equal(table(asReader, 'sales', 'orders').stats.rowEstimate, 3);
      assert.ok(table(asReader, 'sales', 'orders').columns.every((c) => c.stats !== null));
      assert.equal(table(asReader, 'public', 'customers').stats.rowEstimate, 20, 'reltuples without SELECT');
      assert.ok(table(asReader, 'public', 'customers').columns.every((c) => c.stats === null), 'pg_stats hides what the role cannot read');
    } finally {
      await reader.end();
    }
  });
});

describe('introspectSchema statistics never carry values', () => {
  let database: TestDatabase;
  let client: pg.Client;

  before(async () => {
    ({ database, client } = await openWideSchemaDatabase());
  });

  after(async () => {
    await client?.end();
    await database?.drop();
  });

  it('reads null fraction, n_distinct, frequencies, correlation and width, and no value from pg_stats', async () => {
    // 600 rows: one name on half of them (a most common value), 300 distinct names
    // (histogram bounds), distinctive tags (most common elements), every fifth email NULL.
    await client.query(`
      INSERT INTO public.customers (email, name)
      SELECT 'c' || i || '@example.test',
             CASE WHEN i % 2 = 0 THEN 'zebra-marker-7f3a' ELSE 'hist-marker-' || lpad(i::text, 4, '0') END
      FROM generate_series(1, 600) AS i;
      INSERT INTO public.every_type (tags, note, price)
      SELECT ARRAY['elem-marker-91c2', 'elem-marker-' || (i % 3)], CASE WHEN i % 5 = 0 THEN NULL ELSE 'note-marker-' || (i % 4) END, 12.34
      FROM generate_series(1, 600) AS i;
      ANALYZE`);
    const stored = await client.query<{ values: string }>(
      `SELECT concat_ws(' ', most_common_vals::text, histogram_bounds::text, most_common_elems::text) AS values
       FROM pg_stats WHERE schemaname = 'public' AND tablename IN ('customers', 'every_type')`,
    );
    const serverSide = stored.rows.map((r) => r.values).join(' ');
    for (const marker of ['zebra-marker-7f3a', 'hist-marker-', 'elem-marker-91c2', 'note-marker-', '12.34']) {
      assert.ok(serverSide.includes(marker), `pg_stats holds ${marker}, so the check below can fail`);
    }

    const model = await introspectSchema(client);
    const serialized = JSON.stringify(model);
    for (const marker of ['zebra-marker', 'hist-marker', 'elem-marker', 'note-marker', '12.34', 'example.test']) {
      assert.equal(serialized.includes(marker), false, `${marker} must not appear in the model`);
    }

    const name = findColumn(table(model, 'public', 'customers'), 'name')?.stats;
    assert.ok(name);
    assert.deepEqual(Object.keys(name).sort(), ['averageWidth', 'correlation', 'mostCommonFrequencies', 'mostCommonValues', 'nDistinct', 'nullFraction']);
    assert.equal(name.mostCommonValues, null, 'values are not read without the opt-in');
    assert.equal(name.nullFraction, 0);
    assert.equal(name.mostCommonFrequencies[0], 0.5);
    assert.ok(name.nDistinct < 0, 'about half the rows are distinct: a negative fraction');
    assert.ok(name.averageWidth > 0);
    const note = findColumn(table(model, 'public', 'every_type'), 'note')?.stats;
    assert.ok(note);
    assert.ok(Math.abs(note.nullFraction - 0.2) < 1e-6);
    assert.equal(note.nDistinct, 4);
    assert.equal(note.mostCommonFrequencies.length, 4);
    assert.ok(note.correlation !== null && note.correlation >= -1 && note.correlation <= 1);
    assert.equal(table(model, 'public', 'customers').stats.rowEstimate, 600);
  });
  it('reads the most common values, aligned with their frequencies, only when asked to (the operator opt-in)', async () => {
    const model = await introspectSchema(client, { mostCommonValues: true });
    const name = findColumn(table(model, 'public', 'customers'), 'name')?.stats;
    assert.ok(name?.mostCommonValues);
    assert.equal(name.mostCommonValues[0], 'zebra-marker-7f3a');
    assert.equal(name.mostCommonValues.length, name.mostCommonFrequencies.length);
    const note = findColumn(table(model, 'public', 'every_type'), 'note')?.stats;
    assert.deepEqual([...(note?.mostCommonValues ?? [])].sort(), ['note-marker-0', 'note-marker-1', 'note-marker-2', 'note-marker-3']);
    const price = findColumn(table(model, 'public', 'every_type'), 'price')?.stats;
    assert.deepEqual(price?.mostCommonValues, ['12.34'], 'the output form of the type');
    // Still nothing but the most common values: no histogram bound.
    assert.equal(JSON.stringify(model).includes('hist-marker'), false, 'histogram bounds must not appear in the model');
    // The version is structural: reading values does not change it.
    assert.equal(model.version, (await introspectSchema(client)).version);
  });
});
