import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_PERSONAS } from '../../src/personas/built-in-personas.js';
import { validatePersonaDefinition } from '../../src/personas/validate-persona-definition.js';
import { minimalPersona } from './support/minimal-persona.js';

// Each case breaks one thing in a valid persona (mutating a fresh copy) and names the
// path the issue must be reported at, and words its message must contain.
type Draft = ReturnType<typeof minimalPersona> & Record<string, unknown>;
// Drafts are mutated through loose paths on purpose: these are the inputs the API receives.
type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const cases: { name: string; mutate: (draft: Loose) => void; path: string; message: RegExp }[] = [
  { name: 'missing name', mutate: (d) => delete d.name, path: '/name', message: /expected string/i },
  { name: 'unknown top-level key', mutate: (d) => (d.owner = 'me'), path: '/', message: /owner/ },
  { name: 'hostile table name', mutate: (d) => (d.initialSchema.tables[0].name = 'lists"; DROP TABLE x; --'), path: '/initialSchema/tables/0/name', message: /lowercase SQL name/ },
  { name: 'identifier over 63 bytes', mutate: (d) => (d.initialSchema.tables[0].columns[1].name = 'a'.repeat(64)), path: '/initialSchema/tables/0/columns/1/name', message: /lowercase SQL name/ },
  { name: 'type outside the closed list', mutate: (d) => (d.initialSchema.tables[0].columns[1].type = 'text; DROP TABLE x'), path: '/initialSchema/tables/0/columns/1/type', message: /supported type/ },
  { name: 'type that is no enum', mutate: (d) => (d.initialSchema.tables[0].columns[1].type = 'mood'), path: '/initialSchema/tables/0/columns/1/type', message: /neither a supported type nor a persona enum/ },
  { name: 'primary key on unknown column', mutate: (d) => (d.initialSchema.tables[0].primaryKey = ['nope']), path: '/initialSchema/tables/0/primaryKey/0', message: /no column nope/ },
  { name: 'nullable primary key column', mutate: (d) => (d.initialSchema.tables[1].columns[4].nullable = true, d.initialSchema.tables[1].primaryKey = ['due_on']), path: '/initialSchema/tables/1/primaryKey/0', message: /must not be nullable/ },
  { name: 'foreign key to unknown table', mutate: (d) => (d.initialSchema.tables[1].foreignKeys[0].referencesTable = 'boards'), path: '/initialSchema/tables/1/foreignKeys/0/referencesTable', message: /boards is not defined/ },
  { name: 'foreign key to a non-key column', mutate: (d) => (d.initialSchema.tables[1].foreignKeys[0].referencesColumns = ['title']), path: '/initialSchema/tables/1/foreignKeys/0/referencesColumns', message: /primary key or a unique constraint/ },
  { name: 'foreign key type mismatch', mutate: (d) => (d.initialSchema.tables[1].columns[1].type = 'integer'), path: '/initialSchema/tables/1/foreignKeys/0/columns/0', message: /differs from lists.id/ },
  { name: 'set-null on a NOT NULL column', mutate: (d) => (d.initialSchema.tables[1].foreignKeys[0].onDelete = 'set-null'), path: '/initialSchema/tables/1/foreignKeys/0/onDelete', message: /nullable column list_id/ },
  { name: 'identity on text', mutate: (d) => (d.initialSchema.tables[0].columns[1].identity = 'always'), path: '/initialSchema/tables/0/columns/1/identity', message: /smallint, integer or bigint/ },
  { name: 'partition key outside the primary key', mutate: (d) => (d.initialSchema.tables[0].partitioning = { method: 'range', column: 'created_at', interval: 'day', precreatePast: 1, precreateFuture: 2 }), path: '/initialSchema/tables/0/primaryKey', message: /must include the partition column created_at/ },
  { name: 'partitioning on a text column', mutate: (d) => (d.initialSchema.tables[0].partitioning = { method: 'range', column: 'title', interval: 'day', precreatePast: 1, precreateFuture: 2 }, d.initialSchema.tables[0].primaryKey = ['id', 'title']), path: '/initialSchema/tables/0/partitioning/column', message: /timestamptz or date/ },
  { name: 'index on unknown table', mutate: (d) => (d.indexingStrategy.indexes[0].table = 'boards'), path: '/indexingStrategy/indexes/0/table', message: /boards is not defined/ },
  { name: 'index name taken by a table', mutate: (d) => (d.indexingStrategy.indexes[0].name = 'lists', d.accessPatterns[0].servedBy = ['lists']), path: '/indexingStrategy/indexes/0/name', message: /already used by table lists/ },
  { name: 'trigram class without pg_trgm', mutate: (d) => (d.indexingStrategy.indexes[0].method = 'gin', d.indexingStrategy.indexes[0].where = [], d.indexingStrategy.indexes[0].keys = [{ column: 'label', operatorClass: 'gin_trgm_ops' }]), path: '/indexingStrategy/indexes/0/keys/0/operatorClass', message: /needs extension pg_trgm/ },
  { name: 'operator class of another method', mutate: (d) => (d.initialSchema.extensions = ['pg_trgm'], d.indexingStrategy.indexes[0].keys = [{ column: 'label', operatorClass: 'gin_trgm_ops' }]), path: '/indexingStrategy/indexes/0/keys/0/operatorClass', message: /for gin, not btree/ },
  { name: 'index serving no pattern', mutate: (d) => (d.accessPatterns[0].servedBy = []), path: '/indexingStrategy/indexes/0/name', message: /serves no access pattern/ },
  { name: 'pattern served by unknown index', mutate: (d) => (d.accessPatterns[1].servedBy = ['items_label_idx']), path: '/accessPatterns/1/servedBy/0', message: /neither an index of the strategy/ },
  { name: 'two statements in a pattern', mutate: (d) => (d.accessPatterns[0].sql = 'SELECT 1 FROM items WHERE list_id = $1; DELETE FROM items'), path: '/accessPatterns/0/sql', message: /exactly one statement/ },
  { name: 'DDL as a read pattern', mutate: (d) => (d.accessPatterns[0].sql = 'DROP TABLE items'), path: '/accessPatterns/0/sql', message: /must be a SELECT/ },
  { name: 'pattern over a foreign table', mutate: (d) => (d.accessPatterns[0].sql = 'SELECT * FROM pg_authid WHERE oid = $1'), path: '/accessPatterns/0/sql', message: /pg_authid, which is not a table of this persona/ },
  { name: 'pattern over another schema', mutate: (d) => (d.accessPatterns[0].sql = 'SELECT * FROM public.items WHERE id = $1'), path: '/accessPatterns/0/sql', message: /public.items/ },
  { name: 'server function in a pattern', mutate: (d) => (d.accessPatterns[0].sql = "SELECT pg_read_file('/etc/passwd') FROM items WHERE id = $1"), path: '/accessPatterns/0/sql', message: /pg_read_file/ },
  { name: 'undeclared parameter', mutate: (d) => (d.accessPatterns[0].sql = 'SELECT id FROM items WHERE list_id = $1 AND id > $2'), path: '/accessPatterns/0/sql', message: /declares 1/ },
  { name: 'unparsable pattern', mutate: (d) => (d.accessPatterns[0].sql = 'SELEC id FROM items'), path: '/accessPatterns/0/sql', message: /not valid PostgreSQL/ },
  { name: 'data-modifying CTE in a read', mutate: (d) => (d.accessPatterns[0].sql = 'WITH gone AS (DELETE FROM items WHERE list_id = $1 RETURNING id) SELECT id FROM gone'), path: '/accessPatterns/0/sql', message: /nested DeleteStmt/ },
  { name: 'seed into another table', mutate: (d) => (d.seeds[0].sql = "INSERT INTO items (list_id, label) SELECT 1, 'x' FROM generate_series(1, $1::int)"), path: '/seeds/0/sql', message: /must insert into table lists/ },
  { name: 'child seeded before parent', mutate: (d) => d.seeds.reverse(), path: '/seeds/0/table', message: /lists, which must be seeded before it/ },
  { name: 'table without volume', mutate: (d) => d.volumes.pop(), path: '/initialSchema/tables/1/name', message: /no entry in volumes/ },
  { name: 'test volume above expected', mutate: (d) => (d.volumes[0].testRows = 2000), path: '/volumes/0/testRows', message: /must not exceed/ },
];

describe('validatePersonaDefinition', () => {
  it('accepts the built-in templates and the minimal persona', async () => {
    for (const persona of [...BUILT_IN_PERSONAS, minimalPersona()]) {
      const result = await validatePersonaDefinition(persona);
      assert.equal(result.ok, true, result.ok ? '' : JSON.stringify(result.issues));
    }
  });

  it('fills defaults (nullable false, btree, empty lists)', async () => {
    const result = await validatePersonaDefinition(minimalPersona());
    assert.ok(result.ok);
    assert.equal(result.persona.initialSchema.tables[0]!.columns[1]!.nullable, false);
    assert.equal(result.persona.indexingStrategy.indexes[0]!.method, 'btree');
    assert.deepEqual(result.persona.initialSchema.tables[0]!.uniques, []);
  });

  for (const c of cases) {
    it(`reports ${c.name} at ${c.path}`, async () => {
      const draft = minimalPersona() as Draft;
      c.mutate(draft);
      const result = await validatePersonaDefinition(draft);
      assert.equal(result.ok, false, 'expected the persona to be refused');
      if (result.ok) return;
      const issue = result.issues.find((i) => i.path === c.path && c.message.test(i.message));
      assert.ok(issue, `no issue at ${c.path} matching ${c.message}; got ${JSON.stringify(result.issues)}`);
    });
  }

  it('never echoes pattern SQL in its messages', async () => {
    const draft = minimalPersona() as Draft;
    (draft as Loose).accessPatterns[0].sql = "SELECT 'secret-literal' FROM nowhere WHERE x = $1";
    const result = await validatePersonaDefinition(draft);
    assert.equal(result.ok, false);
    if (!result.ok) for (const issue of result.issues) assert.doesNotMatch(issue.message, /secret-literal/);
  });
});
