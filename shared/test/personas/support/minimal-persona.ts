import type { PersonaDefinitionInput } from '../../../src/personas/persona-definition.js';

/** A small valid custom persona; tests clone it and break one thing at a time. */
export function minimalPersona(): PersonaDefinitionInput {
  return {
    personaId: 'todo-list',
    version: 1,
    name: 'To-do list',
    description: 'Lists and their items.',
    initialSchema: {
      schemaName: 'todo',
      enumTypes: [{ name: 'item_state', values: ['open', 'done'] }],
      tables: [
        {
          name: 'lists',
          description: 'To-do lists.',
          columns: [
            { name: 'id', type: 'bigint', identity: 'always' },
            { name: 'title', type: 'text' },
            { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
          ],
          primaryKey: ['id'],
          checks: [{ name: 'lists_title_length', condition: { kind: 'length-between', column: 'title', min: 1, max: 200 } }],
        },
        {
          name: 'items',
          description: "Items of a list (it's a test).",
          columns: [
            { name: 'id', type: 'bigint', identity: 'always' },
            { name: 'list_id', type: 'bigint' },
            { name: 'label', type: 'text' },
            { name: 'state', type: 'item_state', default: { kind: 'literal', value: 'open' } },
            { name: 'due_on', type: 'date', nullable: true },
          ],
          primaryKey: ['id'],
          foreignKeys: [{ name: 'items_list_fk', columns: ['list_id'], referencesTable: 'lists', referencesColumns: ['id'], onDelete: 'cascade' }],
        },
      ],
    },
    indexingStrategy: {
      summary: 'Items by list.',
      indexes: [
        {
          name: 'items_list_idx',
          table: 'items',
          keys: [{ column: 'list_id' }, { column: 'due_on', nulls: 'last' }],
          where: [{ kind: 'compare', column: 'state', operator: '=', value: 'open' }],
          rationale: 'Open items of a list by due date; covers the list foreign key for open items.',
        },
      ],
    },
    accessPatterns: [
      {
        id: 'open-items',
        description: 'Open items of a list.',
        kind: 'read',
        sql: "SELECT id, label, due_on FROM items WHERE list_id = $1 AND state = 'open' ORDER BY due_on NULLS LAST LIMIT 50",
        parameters: [{ name: 'list_id', type: 'bigint' }],
        parameterSamples: 'SELECT id FROM lists ORDER BY random() LIMIT $1',
        expectedRatePerSecond: 10,
        latencyTargetMs: 5,
        servedBy: ['items_list_idx'],
      },
      {
        id: 'add-item',
        description: 'Adds an item.',
        kind: 'write',
        sql: 'INSERT INTO items (list_id, label) VALUES ($1, $2)',
        parameters: [
          { name: 'list_id', type: 'bigint' },
          { name: 'label', type: 'text' },
        ],
        parameterSamples: "SELECT id, 'milk' FROM lists ORDER BY random() LIMIT $1",
        expectedRatePerSecond: 1,
        latencyTargetMs: 5,
        servedBy: [],
      },
    ],
    volumes: [
      { table: 'lists', expectedRows: 1000, growthRowsPerDay: 10, testRows: 200 },
      { table: 'items', expectedRows: 50000, growthRowsPerDay: 100, testRows: 10000 },
    ],
    seeds: [
      { table: 'lists', sql: "INSERT INTO lists (title) SELECT 'List ' || g FROM generate_series(1, $1::int) AS g" },
      {
        table: 'items',
        sql:
          "INSERT INTO items (list_id, label, state, due_on) SELECT 1 + floor(l.n * random())::bigint, 'Item ' || g, (CASE WHEN random() < 0.3 THEN 'open' ELSE 'done' END)::item_state, " +
          "current_date + (g % 30) FROM generate_series(1, $1::int) AS g CROSS JOIN (SELECT count(*) AS n FROM lists) AS l",
      },
    ],
  };
}
