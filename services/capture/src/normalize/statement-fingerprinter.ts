import { parseSync } from 'libpg-query';
import { LruMap } from '../util/lru-map.js';
import { analyzeParseTree } from './analyze-parse-tree.js';
import { lexicalStructure } from './lexical-structure.js';
import type { LexicalNormalization } from './lexical-normalization.js';
import type { StatementStructure } from './statement-structure.js';

export interface FingerprinterStats {
  hits: number;
  misses: number;
}

/**
 * Resolves a statement's structure through the PostgreSQL 18 grammar (libpg-query; call
 * `await loadModule()` once before use), with a bounded LRU cache keyed by the lexical
 * normalization so that the parser only runs for normalized texts it has not seen. The
 * fingerprint hashes the parse tree's structure (see analyzeParseTree): one parse
 * per new statement instead of a parse plus libpg-query's fingerprint (itself a second
 * parse), and unlike that fingerprint it keeps schema names, `= ANY(..)` against `= ..`
 * and LIMIT against OFFSET apart.
 */
export class StatementFingerprinter {
  private readonly cache: LruMap<string, StatementStructure>;
  readonly stats: FingerprinterStats = { hits: 0, misses: 0 };

  constructor(cacheSize: number) {
    this.cache = new LruMap(cacheSize);
  }

  structureOf(normalization: LexicalNormalization, originalSql: string): StatementStructure {
    // Text that runs out inside a literal or comment is cut off: never let it decide the cached entry.
    if (normalization.unterminated) return lexicalStructure(normalization.normalizedSql);
    const key = normalization.normalizedSql;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.stats.hits += 1;
      return cached;
    }
    this.stats.misses += 1;
    const structure = parseStructure(originalSql, key);
    this.cache.set(key, structure);
    return structure;
  }
}

function parseStructure(originalSql: string, normalizedSql: string): StatementStructure {
  let tree: unknown;
  try {
    tree = parseSync(originalSql);
  } catch {
    // The parser's message quotes the statement; it is dropped on purpose.
    return lexicalStructure(normalizedSql);
  }
  if (((tree as { stmts?: unknown[] }).stmts?.length ?? 0) === 0) return lexicalStructure(normalizedSql);
  const facts = analyzeParseTree(tree);
  return {
    fingerprint: facts.structureHash,
    parsed: true,
    statementKind: facts.statementKind,
    relations: facts.relations,
  };
}
