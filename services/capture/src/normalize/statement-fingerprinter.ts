import { hashText32 } from '../util/hash-text-32.js';
import { GenerationalCache } from '../util/generational-cache.js';
import { SeenFilter } from '../util/seen-filter.js';
import { lexicalStructure } from './lexical-structure.js';
import type { LexicalNormalization } from './lexical-normalization.js';
import { sharedRawParser } from './shared-raw-parser.js';
import type { StatementStructure } from './statement-structure.js';

export interface FingerprinterStats {
  hits: number;
  misses: number;
}

// The structure hash of a parse without statements ("-- only a comment").
const EMPTY_STATEMENT_HASH = sharedRawParser.parse(';')?.structureHash ?? '';

/**
 * Resolves a statement's structure through the PostgreSQL 18 grammar (libpg-query's
 * parser, see RawParser), with a bounded cache keyed by the lexical normalization so that
 * the parser only runs for normalized texts it has not seen. The fingerprint hashes the
 * parse tree's structure (see scanParseTreeJson): one parse per new statement instead of a
 * parse plus libpg-query's fingerprint (itself a second parse), and unlike that fingerprint
 * it keeps schema names, `= ANY(..)` against `= ..` and LIMIT against OFFSET apart.
 */
export class StatementFingerprinter {
  private readonly cache: GenerationalCache<string, StatementStructure>;
  /** Normalized texts seen once: only a second sighting earns a cache entry. */
  private readonly seen: SeenFilter;
  readonly stats: FingerprinterStats = { hits: 0, misses: 0 };

  constructor(cacheSize: number) {
    this.cache = new GenerationalCache(cacheSize);
    this.seen = new SeenFilter(cacheSize);
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
    if (this.seen.checkAndAdd(hashText32(key))) this.cache.set(key, structure);
    return structure;
  }
}

function parseStructure(originalSql: string, normalizedSql: string): StatementStructure {
  const facts = sharedRawParser.parse(originalSql);
  // Rejected by the grammar, or empty (only comments): the parser's message quotes the statement and is not read.
  if (facts === null || facts.structureHash === EMPTY_STATEMENT_HASH) return lexicalStructure(normalizedSql);
  return { fingerprint: facts.structureHash, parsed: true, statementKind: facts.statementKind, relations: facts.relations };
}
