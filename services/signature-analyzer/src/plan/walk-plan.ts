import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { PlanNode, WalkedPlan } from './plan-node.js';

type RawPlan = Readonly<Record<string, unknown>>;

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The root `Plan` object of EXPLAIN (FORMAT JSON) output (an array, an object, or its JSON text). */
function rootOf(explain: unknown): RawPlan {
  let value = explain;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (cause) {
      throw new ShadowtuneError('INPUT_INVALID', 'plan is not JSON', { cause });
    }
  }
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'object' && value !== null && 'Plan' in value) value = (value as { Plan: unknown }).Plan;
  if (typeof value !== 'object' || value === null || typeof (value as RawPlan)['Node Type'] !== 'string') {
    throw new ShadowtuneError('INPUT_INVALID', 'plan has no "Plan" node');
  }
  return value as RawPlan;
}

/**
 * Flattens EXPLAIN (FORMAT JSON) output into nodes in pre-order with parent links, so
 * detectors can look for a node and its ancestors without recursion. Accepts plans with
 * or without VERBOSE and ANALYZE (auto_explain output too).
 */
export function walkPlan(explain: unknown): WalkedPlan {
  const nodes: PlanNode[] = [];
  const visit = (raw: RawPlan, parentId: number | null, depth: number): number => {
    const id = nodes.length;
    const placeholder = {} as PlanNode;
    nodes.push(placeholder);
    const children = Array.isArray(raw.Plans) ? (raw.Plans as RawPlan[]) : [];
    const childIds = children.map((child) => visit(child, id, depth + 1));
    nodes[id] = {
      id,
      parentId,
      depth,
      nodeType: text(raw['Node Type']) ?? 'Unknown',
      parentRelationship: text(raw['Parent Relationship']),
      subplanName: text(raw['Subplan Name']),
      relationName: text(raw['Relation Name']),
      schema: text(raw.Schema),
      alias: text(raw.Alias),
      indexName: text(raw['Index Name']),
      joinType: text(raw['Join Type']),
      strategy: text(raw.Strategy),
      startupCost: num(raw['Startup Cost']),
      totalCost: num(raw['Total Cost']),
      planRows: num(raw['Plan Rows']),
      planWidth: num(raw['Plan Width']),
      filter: text(raw.Filter),
      indexCond: text(raw['Index Cond']),
      recheckCond: text(raw['Recheck Cond']),
      hashCond: text(raw['Hash Cond']),
      mergeCond: text(raw['Merge Cond']),
      joinFilter: text(raw['Join Filter']),
      sortKey: Array.isArray(raw['Sort Key']) ? (raw['Sort Key'] as unknown[]).map(String) : [],
      childIds,
    };
    return id;
  };
  visit(rootOf(explain), null, 0);
  const root = nodes[0]!;
  return { nodes, root, totalCost: root.totalCost };
}
