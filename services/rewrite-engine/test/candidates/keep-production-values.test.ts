import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ColumnModel, SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import { keepProductionValues } from '../../src/candidates/keep-production-values.js';

function column(name: string, values: string[] | null): ColumnModel {
  return { name, stats: { mostCommonValues: values, mostCommonFrequencies: values === null ? [] : values.map(() => 0.5) } } as unknown as ColumnModel;
}

describe('keepProductionValues', () => {
  it('keeps the most common values of the columns the dataset record names, and drops the synthetic ones elsewhere', () => {
    const orders = { schema: 'public', name: 'orders', columns: [column('status', ['done']), column('label', ['x-1']), column('note', null)] } as unknown as TableModel;
    const model = { tables: [orders] } as unknown as SchemaModel;
    const kept = keepProductionValues(model, [{ schema: 'public', table: 'orders', column: 'status' }]);
    const values = kept.tables[0]!.columns.map((c) => c.stats?.mostCommonValues ?? null);
    assert.deepEqual(values, [['done'], null, null]);
    assert.deepEqual(kept.tables[0]!.columns[1]!.stats?.mostCommonFrequencies, [0.5], 'frequencies are value-free and stay');
    assert.deepEqual(keepProductionValues(model, []).tables[0]!.columns.map((c) => c.stats?.mostCommonValues ?? null), [null, null, null]);
  });
});
