import type { TableName } from '../usage/statement-usage.js';

/** A column of a new table. */
export interface NewColumn {
  readonly name: string;
  readonly dataType: string;
}

/** Granularity of range partitions. */
export type PartitionInterval = 'day' | 'week' | 'month';

/** What a schema change does, as a structure; migrations are generated from it (never from text). */
export type SchemaChangeSpec =
  | {
      readonly changeType: 'CREATE_INDEX';
      readonly table: TableName;
      readonly columns: readonly string[];
      readonly include: readonly string[];
      readonly indexName: string;
    }
  | {
      readonly changeType: 'ADD_FOREIGN_KEY';
      readonly table: TableName;
      readonly column: string;
      readonly referencedTable: TableName;
      readonly referencedColumn: string;
      readonly constraintName: string;
      /** Name of the index built on the referencing column, or null when one already serves it. */
      readonly indexName: string | null;
    }
  | {
      readonly changeType: 'GENERATED_COLUMN';
      readonly table: TableName;
      readonly sourceColumn: string;
      readonly key: string;
      readonly operator: '->>' | '->';
      readonly columnName: string;
      readonly dataType: string;
      readonly indexName: string;
      /** Single-column key used to backfill in batches (servers without virtual generated columns). */
      readonly keyColumn: string;
      readonly keyType: string;
      /** 'virtual': PostgreSQL 18+ (no rewrite); 'trigger': a column kept by a trigger and backfilled in batches. */
      readonly mode: 'virtual' | 'trigger';
    }
  | {
      readonly changeType: 'ADJUST_DATA_TYPE';
      readonly table: TableName;
      readonly column: string;
      readonly fromType: string;
      readonly toType: string;
      readonly keyColumn: string;
      readonly keyType: string;
      /** Indexes on the column, rebuilt on the new column (their names and definitions). */
      readonly indexes: readonly { readonly name: string; readonly newName: string; readonly unique: boolean; readonly columns: readonly string[] }[];
    }
  | {
      readonly changeType: 'RANGE_PARTITIONING';
      readonly table: TableName;
      readonly column: string;
      readonly columnType: string;
      readonly interval: PartitionInterval;
      /** Partition bounds, ISO dates (UTC), first lower bound to last upper bound. */
      readonly bounds: readonly string[];
      readonly keyColumn: string;
      readonly keyType: string;
      readonly columns: readonly string[];
      /** Other indexes of the table, recreated on the partitioned table. */
      readonly indexes: readonly { readonly name: string; readonly columns: readonly string[]; readonly unique: boolean; readonly method: string }[];
      /** The table's foreign keys, declared again on the partitioned table. */
      readonly foreignKeys: readonly {
        readonly name: string;
        readonly columns: readonly string[];
        readonly referencedSchema: string;
        readonly referencedTable: string;
        readonly referencedColumns: readonly string[];
      }[];
    }
  | {
      readonly changeType: 'ADD_COLUMN';
      readonly table: TableName;
      readonly column: string;
      readonly dataType: string;
      /** A constant default (stored in the catalog: no rewrite), or null. */
      readonly defaultValue: string | number | boolean | null;
    }
  | {
      readonly changeType: 'ADD_TABLE';
      readonly table: TableName;
      readonly columns: readonly NewColumn[];
      /** The primary key column (an identity column when no observed column is named id). */
      readonly primaryKey: NewColumn;
    };

export type SchemaChangeType = SchemaChangeSpec['changeType'];
