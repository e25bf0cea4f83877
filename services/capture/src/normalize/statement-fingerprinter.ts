import { fingerprintSync, parseSync } from 'libpg-query';
import { LruMap } from '../util/lru-map.js';
import { analyzeParseTree } from './analyze-parse-tree.js';
import { fingerprintHex } from './fingerprint-hex.js';
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
 * normalization so that the parser only runs for normalized texts it has not seen.
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
  let base: string;
  try {
    tree = parseSync(originalSql);
    base = fingerprintSync(originalSql);
  } catch {
    // The parser's message quotes the statement; it is dropped on purpose.
    return lexicalStructure(normalizedSql);
  }
  const facts = analyzeParseTree(tree);
  if ((tree as { stmts?: unknown[] }).stmts?.length === 0) return lexicalStructure(normalizedSql);
  return {
    fingerprint: fingerprintHex('grammar', base, facts.discriminator),
    parsed: true,
    statementKind: facts.statementKind,
    relations: facts.relations,
  };
}
