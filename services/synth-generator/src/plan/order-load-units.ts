export interface DependencyEdge {
  /** Key of the referencing table. */
  readonly child: string;
  /** Key of the referenced table. */
  readonly parent: string;
  readonly constraint: string;
  readonly deferrable: boolean;
  /** Every column of the key is nullable. */
  readonly nullable: boolean;
}

export interface LoadUnit {
  /** Table keys, parents first within the unit. */
  readonly tables: readonly string[];
  /** Indexes of units that must be loaded before this one. */
  readonly dependsOn: readonly number[];
  /** Loaded in one transaction with constraints deferred (a cycle through deferrable keys). */
  readonly deferred: boolean;
}

export interface LoadOrder {
  readonly units: readonly LoadUnit[];
  /** `child|constraint` of each edge the order cannot honour, with how the loader keeps it enforced. */
  readonly brokenEdges: ReadonlyMap<string, 'deferred' | 'drop-and-readd'>;
}

function strongComponents(nodes: readonly string[], edges: readonly DependencyEdge[]): string[][] {
  const adjacency = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) if (e.child !== e.parent) adjacency.get(e.child)?.push(e.parent);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  // Iterative Tarjan: schemas can chain hundreds of tables.
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const successors = adjacency.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const w = successors[frame.next] as string;
        frame.next += 1;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter);
          counter += 1;
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(w) ?? 0));
        }
        continue;
      }
      work.pop();
      const parentFrame = work[work.length - 1];
      if (parentFrame !== undefined) low.set(parentFrame.node, Math.min(low.get(parentFrame.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}

/** Kahn's order inside one cycle, breaking edges (deferrable first, then nullable) when stuck. */
function orderComponent(component: readonly string[], edges: readonly DependencyEdge[], broken: Map<string, 'deferred' | 'drop-and-readd'>): string[] {
  const members = new Set(component);
  const inner = edges.filter((e) => members.has(e.child) && members.has(e.parent) && e.child !== e.parent);
  const remaining = new Set(component);
  const active = new Set(inner);
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter((t) => ![...active].some((e) => e.child === t && remaining.has(e.parent))).sort();
    if (ready.length > 0) {
      for (const t of ready) {
        order.push(t);
        remaining.delete(t);
      }
      continue;
    }
    const candidates = [...active].filter((e) => remaining.has(e.child) && remaining.has(e.parent));
    candidates.sort((a, b) => Number(b.deferrable) - Number(a.deferrable) || Number(b.nullable) - Number(a.nullable) || `${a.child}|${a.constraint}`.localeCompare(`${b.child}|${b.constraint}`));
    const victim = candidates[0];
    if (victim === undefined) break;
    active.delete(victim);
    broken.set(`${victim.child}|${victim.constraint}`, victim.deferrable ? 'deferred' : 'drop-and-readd');
  }
  return order;
}

/**
 * Orders tables parents first. Cycles (strongly connected components) become one unit;
 * inside it the fewest edges are broken, preferring deferrable keys (then the unit loads in
 * one transaction, checked at commit) and then nullable ones; a broken non-deferrable key
 * is dropped for the load and re-added. Self-references never break the order: a COPY
 * checks its foreign keys at the end of the statement.
 */
export function orderLoadUnits(tables: readonly string[], edges: readonly DependencyEdge[]): LoadOrder {
  const sortedTables = [...tables].sort();
  const known = new Set(sortedTables);
  const usable = edges.filter((e) => known.has(e.child) && known.has(e.parent));
  const broken = new Map<string, 'deferred' | 'drop-and-readd'>();
  const components = strongComponents(sortedTables, usable);
  const componentOf = new Map<string, number>();
  components.forEach((c, i) => c.forEach((t) => componentOf.set(t, i)));
  // Tarjan emits components in reverse topological order of the child→parent graph:
  // parents come out first, which is the load order we want.
  const units: LoadUnit[] = [];
  const unitOfComponent = new Map<number, number>();
  components.forEach((component, ci) => {
    const ordered = component.length > 1 ? orderComponent(component, usable, broken) : component;
    const dependsOn = new Set<number>();
    for (const e of usable) {
      if (componentOf.get(e.child) !== ci) continue;
      const parentComponent = componentOf.get(e.parent);
      if (parentComponent === undefined || parentComponent === ci) continue;
      const unit = unitOfComponent.get(parentComponent);
      if (unit !== undefined) dependsOn.add(unit);
    }
    const deferred = ordered.some((t) => usable.some((e) => e.child === t && broken.get(`${e.child}|${e.constraint}`) === 'deferred'));
    unitOfComponent.set(ci, units.length);
    units.push({ tables: ordered, dependsOn: [...dependsOn].sort((a, b) => a - b), deferred });
  });
  return { units, brokenEdges: broken };
}
