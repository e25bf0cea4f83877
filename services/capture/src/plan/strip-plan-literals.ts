import { lexicalNormalize } from '../normalize/lexical-normalize.js';
import type { RawPlan } from './raw-plan.js';

// JSON plan keys whose string values are names or enumerations, kept as they are.
const NAME_KEYS = new Set([
  'Node Type', 'Relation Name', 'Schema', 'Alias', 'Index Name', 'Strategy', 'Join Type', 'Parent Relationship',
  'Scan Direction', 'Sort Method', 'Sort Space Type', 'Operation', 'CTE Name', 'Function Name', 'Subplan Name',
  'Partial Mode', 'Command', 'Trigger Name', 'Constraint Name', 'Relation', 'Conflict Resolution',
  'Conflict Arbiter Indexes', 'Tuplestore Name', 'Group Sort Method',
]);

// Text plan property labels whose values are measurements or enumerations, never statement constants.
const MEASUREMENT_LABELS = new Set([
  'Rows Removed by Filter', 'Rows Removed by Index Recheck', 'Rows Removed by Join Filter', 'Rows Removed by Conflict Filter',
  'Heap Fetches', 'Heap Blocks', 'Buffers', 'I/O Timings', 'Planning Time', 'Execution Time', 'Planning', 'Execution',
  'Sort Method', 'Workers Planned', 'Workers Launched', 'Batches', 'Memory Usage', 'Buckets', 'Peak Memory Usage',
  'Hash Buckets', 'Cache Hits', 'Cache Misses', 'Cache Evictions', 'Cache Overflows', 'Disk Usage', 'Storage',
  'Full-sort Groups', 'Pre-sorted Groups', 'Index Searches', 'WAL', 'JIT', 'Functions', 'Options', 'Timing',
  'Query Identifier', 'Conflict Resolution', 'Conflict Arbiter Indexes', 'Tuples Inserted', 'Conflicting Tuples',
  'Planning Buffers', 'Worker 0', 'Worker 1', 'Worker 2', 'Worker 3', 'Settings', 'Serialization',
]);

const NODE_LINE = /\(cost=\d|^\s*->|\(actual (?:time|rows)=/;
const PROPERTY_LINE = /^(\s*)([A-Za-z][A-Za-z0-9 /()-]*?): (.*)$/;

function stripExpression(text: string): string {
  return lexicalNormalize(text).normalizedSql;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function stripJson(value: Json, key: string | null, normalizedSql: string): Json | undefined {
  if (key === 'Query Text') return normalizedSql;
  if (key === 'Query Parameters') return undefined;
  if (typeof value === 'string') return key !== null && NAME_KEYS.has(key) ? value : stripExpression(value);
  if (Array.isArray(value)) {
    const names = key !== null && NAME_KEYS.has(key);
    return value.map((item) => (typeof item === 'string' ? (names ? item : stripExpression(item)) : (stripJson(item, null, normalizedSql) ?? null)));
  }
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [childKey, child] of Object.entries(value)) {
      const stripped = stripJson(child, childKey, normalizedSql);
      if (stripped !== undefined) out[childKey] = stripped;
    }
    return out;
  }
  return value;
}

function stripTextPlan(text: string, normalizedSql: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let skipping = false;
  for (const line of lines) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('Query Text:')) {
      out.push(`Query Text: ${normalizedSql}`);
      skipping = true;
      continue;
    }
    if (trimmed.startsWith('Query Parameters:')) {
      skipping = true;
      continue;
    }
    if (skipping) {
      // Query text and parameters may span lines; they end where the plan tree starts.
      if (!NODE_LINE.test(line) && !trimmed.startsWith('Query Identifier:')) continue;
      skipping = false;
    }
    if (NODE_LINE.test(line)) {
      // Node lines hold names and estimates; a quoted constant would be a surprise, but strip it anyway.
      out.push(line.replace(/'(?:[^']|'')*'/g, '?'));
      continue;
    }
    const property = PROPERTY_LINE.exec(line);
    if (property !== null) {
      const [, indent = '', label = '', value = ''] = property;
      out.push(MEASUREMENT_LABELS.has(label) ? line : `${indent}${label}: ${stripExpression(value)}`);
      continue;
    }
    out.push(stripExpression(line));
  }
  return out.join('\n');
}

/**
 * An auto_explain plan with every literal stripped, as JSON text: a JSON plan keeps its
 * shape (Query Text replaced by the normalized statement, Query Parameters dropped,
 * conditions normalized); a text plan becomes {"Format":"text","Plan":"..."}.
 * Returns null when a JSON plan cannot be read.
 */
export function stripPlanLiterals(plan: RawPlan, normalizedSql: string): string | null {
  if (plan.format === 'text') return JSON.stringify({ Format: 'text', Plan: stripTextPlan(plan.text, normalizedSql) });
  let parsed: Json;
  try {
    parsed = JSON.parse(plan.text) as Json;
  } catch {
    return null;
  }
  return JSON.stringify(stripJson(parsed, null, normalizedSql) ?? null);
}
