import { parseStatements } from '@shadowtune/shared/sql/parse-statement';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';

type Node = Readonly<Record<string, unknown>>;

/** What a variant's setup statements do, so variants can be measured interleaved. */
export interface VariantSetup {
  /** Indexes CREATE INDEX statements build (schema null: resolved through search_path after the build). */
  readonly createdIndexes: readonly { readonly schema: string | null; readonly table: string; readonly name: string }[];
  /** Existing indexes the variant removes: hidden inside each measured transaction instead of dropped. */
  readonly hiddenIndexes: readonly { readonly schema: string | null; readonly name: string }[];
  /** Statements run once before measuring (CREATE INDEX and anything else), with the index a statement builds. */
  readonly runOnce: readonly { readonly sql: string; readonly buildsIndex: string | null }[];
  /** False when the setup does something other than build or remove indexes: measured sequentially. */
  readonly interleavable: boolean;
}

function names(list: unknown): string[] {
  return ((list as Node[] | undefined) ?? []).map((item) => String(((item.String as Node | undefined) ?? {}).sval ?? ''));
}

/**
 * Reads setup statements with the PostgreSQL grammar. Index builds are run once and the
 * index hidden (DROP INDEX in a rolled-back transaction) from the other variants' runs;
 * index removals are applied inside this variant's own runs only, so the shadow never
 * loses an index for good. The parser must be loaded.
 */
export function classifySetup(setupSql: readonly string[]): VariantSetup {
  const createdIndexes: { schema: string | null; table: string; name: string }[] = [];
  const hiddenIndexes: { schema: string | null; name: string }[] = [];
  const runOnce: { sql: string; buildsIndex: string | null }[] = [];
  let interleavable = true;
  for (const sql of setupSql) {
    let statements;
    try {
      statements = parseStatements(sql);
    } catch (error) {
      throw new ShadowtuneError('INPUT_INVALID', 'a variant setup statement does not parse', { cause: error, sql });
    }
    for (const statement of statements) {
      const [kind, body] = Object.entries(statement)[0] ?? ['', {}];
      const node = body as Node;
      if (kind === 'IndexStmt' && typeof node.idxname === 'string') {
        const relation = node.relation as Node;
        createdIndexes.push({ schema: typeof relation.schemaname === 'string' ? relation.schemaname : null, table: String(relation.relname), name: node.idxname });
      } else if (kind === 'DropStmt' && node.removeType === 'OBJECT_INDEX') {
        for (const object of (node.objects as Node[] | undefined) ?? []) {
          const parts = names((object.List as Node | undefined)?.items);
          hiddenIndexes.push({ schema: parts.length > 1 ? parts[parts.length - 2]! : null, name: parts[parts.length - 1]! });
        }
        continue;
      } else {
        interleavable = false;
      }
    }
    const kinds = statements.map((s) => Object.entries(s)[0] ?? ['', {}]);
    const onlyDrops = kinds.every(([kind, body]) => kind === 'DropStmt' && (body as Node).removeType === 'OBJECT_INDEX');
    const single = kinds.length === 1 && kinds[0]![0] === 'IndexStmt' ? String((kinds[0]![1] as Node).idxname ?? '') : '';
    if (!onlyDrops) runOnce.push({ sql, buildsIndex: single === '' ? null : single });
  }
  return { createdIndexes, hiddenIndexes, runOnce, interleavable };
}
