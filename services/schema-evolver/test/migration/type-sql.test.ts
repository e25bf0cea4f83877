import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { typeSql } from '../../src/migration/type-sql.js';

describe('typeSql', () => {
  it('accepts the spellings format_type() prints', () => {
    for (const type of ['bigint', 'text', 'numeric(12,2)', 'character varying(80)', 'timestamp with time zone', 'integer[]', 'public.order_status', '"My Schema"."odd ""type"""', 'double precision']) {
      assert.equal(typeSql(type), type);
    }
  });

  it('refuses anything that is not a type', () => {
    for (const text of ['bigint; DROP TABLE x', 'text) --', "text DEFAULT 'x'", 'int4 CHECK (true)', '']) {
      assert.throws(() => typeSql(text), (error: unknown) => error instanceof ShadowtuneError && error.code === 'IDENTIFIER_INVALID', text);
    }
  });
});
