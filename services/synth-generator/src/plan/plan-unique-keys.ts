export interface UniqueKeyColumn {
  readonly name: string;
  /** Filled by the server from a sequence or identity: unique without the generator's help. */
  readonly serverUnique: boolean;
  /** Not yet given a source and free to take one (not an FK column, not server-filled). */
  readonly free: boolean;
  readonly capacity: number;
  /** Foreign key the column belongs to, if any. */
  readonly foreignKey: string | null;
}

export interface UniqueKeyDecision {
  /** Columns numbered by the row index. */
  readonly rowIndex: readonly string[];
  /** Columns (and whole foreign keys) numbered as digits of the row index. */
  readonly digits: readonly { readonly column: string | null; readonly foreignKey: string | null; readonly divisor: number; readonly radix: number }[];
  /** Rows the keys can hold (<= the rows asked for). */
  readonly rows: number;
  readonly notes: readonly string[];
}

/**
 * Decides how every unique column set holds for `rows` rows. A set is already safe when it
 * contains a server-numbered column or a column numbered by the row index, or all digits
 * of an earlier composite numbering. Otherwise one free column with enough capacity is
 * numbered by the row index; failing that, the set's free columns and foreign keys become
 * digits of the row index (mixed radix: a junction table's (a_id, b_id) walks the pairs),
 * and if even their product is too small the row count is capped and the reason noted.
 * `foreignKeyRows` gives each foreign key's parent row count (its radix).
 */
export function planUniqueKeys(
  sets: readonly (readonly string[])[],
  columns: ReadonlyMap<string, UniqueKeyColumn>,
  foreignKeyRows: ReadonlyMap<string, { readonly rows: number; readonly columns: readonly string[] }>,
  requestedRows: number,
): UniqueKeyDecision {
  let rows = requestedRows;
  const rowIndex = new Set<string>();
  const digits: { column: string | null; foreignKey: string | null; divisor: number; radix: number }[] = [];
  const digitGroups: Set<string>[] = [];
  const taken = new Set<string>();
  const notes: string[] = [];
  for (const set of sets) {
    const members = set.map((c) => columns.get(c)).filter((c): c is UniqueKeyColumn => c !== undefined);
    if (members.length !== set.length) {
      notes.push(`unique key (${set.join(', ')}) names a column the generator does not fill; left to the server`);
      continue;
    }
    if (members.some((c) => c.serverUnique || rowIndex.has(c.name))) continue;
    if (digitGroups.some((g) => [...g].every((c) => set.includes(c)))) continue;
    const single = members.find((c) => c.free && !taken.has(c.name) && c.capacity >= rows);
    if (single !== undefined) {
      rowIndex.add(single.name);
      taken.add(single.name);
      continue;
    }
    // Digits: free columns and whole foreign keys inside the set, widest first.
    const candidates: { column: string | null; foreignKey: string | null; radix: number; covers: string[] }[] = [];
    for (const c of members) {
      if (c.free && !taken.has(c.name) && c.capacity > 1) candidates.push({ column: c.name, foreignKey: null, radix: Math.min(c.capacity, 2 ** 31), covers: [c.name] });
    }
    const keys = new Set(members.map((c) => c.foreignKey).filter((k): k is string => k !== null));
    for (const fk of keys) {
      const info = foreignKeyRows.get(fk);
      if (info === undefined || !info.columns.every((c) => set.includes(c)) || info.columns.some((c) => taken.has(c))) continue;
      candidates.push({ column: null, foreignKey: fk, radix: Math.max(1, info.rows), covers: [...info.columns] });
    }
    if (candidates.length === 0) {
      notes.push(`unique key (${set.join(', ')}) has no column the generator can number; rows are capped at 1`);
      rows = Math.min(rows, 1);
      continue;
    }
    candidates.sort((a, b) => b.radix - a.radix);
    let product = 1;
    const chosen: typeof candidates = [];
    for (const candidate of candidates) {
      chosen.push(candidate);
      product *= candidate.radix;
      if (product >= rows) break;
    }
    if (product < rows) {
      notes.push(`unique key (${set.join(', ')}) holds at most ${product} rows; capped from ${rows}`);
      rows = product;
    }
    let divisor = 1;
    const group = new Set<string>();
    for (const candidate of chosen) {
      digits.push({ column: candidate.column, foreignKey: candidate.foreignKey, divisor, radix: candidate.radix });
      divisor *= candidate.radix;
      for (const c of candidate.covers) {
        taken.add(c);
        group.add(c);
      }
    }
    digitGroups.push(group);
  }
  return { rowIndex: [...rowIndex], digits, rows, notes };
}
