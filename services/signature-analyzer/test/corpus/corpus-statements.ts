import type { ParameterProfile } from '@shadowtune/shared/contracts/generated-types';
import type { PatternCode } from '../../src/detect/pattern-code.js';

/**
 * One labelled statement of the corpus, written as capture publishes it: constants are
 * `$n` placeholders (a few keep a literal, as with an operator's opt-in to literals),
 * with capture's flags and parameter profiles where the pattern depends on them.
 */
export interface CorpusEntry {
  readonly id: string;
  readonly sql: string;
  /** Patterns a DBA expects, or 'clean' when nothing should be reported. */
  readonly expected: readonly PatternCode[] | 'clean';
  /** Why: the reasoning behind the label. */
  readonly why: string;
  readonly flags?: readonly string[];
  readonly parameters?: readonly ParameterProfile[];
  /** N+1 simulation: this many executions within spanMs from one session (or only an application). */
  readonly burst?: { readonly count: number; readonly spanMs: number; readonly sessionless?: boolean };
  /** Reason code expected for a clean entry, when it matters. */
  readonly reason?: string;
}

const offsetProfile = (position: number, distinct: number): ParameterProfile => ({
  position,
  typeClass: 'INTEGER',
  sampleCount: 1_000,
  topShare: 1 / Math.max(distinct, 1),
  distinctEstimate: distinct,
});

/**
 * Schema (corpus-schema.sql): countries (200), categories (150), settings (30) are small;
 * customers 50k (indexes: lower(email), created_at, unique referral_code char(8), phone),
 * products 20k × 24 columns (sku text_pattern_ops, name gin_trgm_ops, category_id,
 * (brand, material)), orders 200k ((customer_id, created_at desc), created_at, partial
 * created_at WHERE status = 'pending'), order_items 400k (order_id; product_id NOT
 * indexed), page_views 150k (primary key only, customer_id nullable).
 */
export const CORPUS: readonly CorpusEntry[] = [
  // Selective filters on columns without an index.
  { id: 'fts-coupon', sql: 'SELECT id, total FROM orders WHERE coupon_code = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'coupon_code is rare and unindexed: 200k rows scanned for ~40' },
  { id: 'fts-email', sql: 'SELECT id, email FROM customers WHERE email = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'only lower(email) is indexed; email itself is not' },
  { id: 'fts-path', sql: 'SELECT id FROM page_views WHERE path = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'path has 20k distinct values and no index' },
  { id: 'fts-pv-customer', sql: 'SELECT id, customer_id FROM page_views WHERE customer_id = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'page_views.customer_id is not indexed' },
  { id: 'fts-update', sql: 'UPDATE orders SET note = $1 WHERE coupon_code = $2', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'the UPDATE finds its rows by an unindexed column' },
  { id: 'fts-delete', sql: 'DELETE FROM page_views WHERE path = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'the DELETE finds its rows by an unindexed column' },
  { id: 'fts-barcode', sql: 'SELECT id FROM products WHERE barcode = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'barcode is unique-ish and unindexed' },
  { id: 'fts-shipped', sql: 'SELECT o.id FROM orders o WHERE o.shipped_at = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'shipped_at is nearly unique and unindexed' },
  { id: 'fts-two-columns', sql: 'SELECT id FROM orders WHERE total = $1 AND currency = $2', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'neither column is indexed; together they keep ~70 rows' },
  { id: 'fts-second-key', sql: 'SELECT id FROM products WHERE material = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'material is only the second key of (brand, material): the leading-column rule rules the index out' },

  // Joins.
  { id: 'mji-product-sku', sql: 'SELECT i.quantity FROM order_items i JOIN products p ON p.id = i.product_id WHERE p.sku = $1', expected: ['MISSING_JOIN_INDEX'], why: 'one product, but 400k order_items are hashed: order_items.product_id has no index' },
  { id: 'mji-exists', sql: 'SELECT p.id, p.name FROM products p WHERE p.category_id = $1 AND EXISTS (SELECT 1 FROM order_items i WHERE i.product_id = p.id)', expected: ['MISSING_JOIN_INDEX'], why: '~130 products probe order_items by product_id, which has no index' },
  { id: 'mji-pageviews-order', sql: 'SELECT o.id, o.total, v.path FROM orders o JOIN page_views v ON v.customer_id = o.customer_id WHERE o.id = $1', expected: ['MISSING_JOIN_INDEX'], why: 'one order, but page_views is scanned whole: no index on page_views.customer_id' },
  { id: 'mji-pageviews-customer', sql: 'SELECT c.full_name, v.path FROM customers c JOIN page_views v ON v.customer_id = c.id WHERE c.referral_code = $1', expected: ['MISSING_JOIN_INDEX'], why: 'one customer by its unique code, page_views scanned whole' },
  { id: 'clean-join-fk-indexed', sql: 'SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.id = $1', expected: 'clean', why: 'orders.customer_id leads an index' },
  { id: 'clean-join-items', sql: 'SELECT i.quantity, i.unit_price FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.customer_id = $1', expected: 'clean', why: 'both join keys are indexed' },
  { id: 'clean-join-pk', sql: 'SELECT p.name, i.quantity FROM order_items i JOIN products p ON p.id = i.product_id WHERE i.order_id = $1', expected: 'clean', why: 'items by order_id (indexed), products by primary key' },
  { id: 'clean-report-join', sql: 'SELECT p.category_id, sum(i.quantity) FROM order_items i JOIN products p ON p.id = i.product_id GROUP BY p.category_id', expected: 'clean', why: 'a report over every row: a hash join of everything is right, an index would not help', reason: 'SCAN_REQUIRED' },
  { id: 'clean-small-join', sql: 'SELECT c.name, count(*) FROM categories c JOIN products p ON p.category_id = c.id GROUP BY c.name', expected: 'clean', why: 'aggregation over all products, 150 groups' },

  // Functions and casts on columns.
  { id: 'nsp-date-trunc', sql: 'SELECT id FROM orders WHERE date_trunc($1, created_at) = $2', expected: ['NON_SARGABLE_PREDICATE', 'FULL_TABLE_SCAN'], why: 'date_trunc over created_at hides its index' },
  { id: 'nsp-upper', sql: 'SELECT id FROM customers WHERE upper(full_name) = $1', expected: ['NON_SARGABLE_PREDICATE', 'FULL_TABLE_SCAN'], why: 'upper(full_name) has no expression index' },
  { id: 'nsp-id-text', sql: 'SELECT id FROM orders WHERE id::text = $1', expected: ['NON_SARGABLE_PREDICATE', 'FULL_TABLE_SCAN'], why: 'casting the primary key to text defeats its index' },
  { id: 'nsp-date-cast', sql: 'SELECT id FROM orders WHERE created_at::date = $1', expected: ['NON_SARGABLE_PREDICATE', 'FULL_TABLE_SCAN'], why: 'created_at::date hides the created_at index' },
  { id: 'nsp-arithmetic', sql: 'SELECT id FROM orders WHERE total + $1 = $2', expected: ['NON_SARGABLE_PREDICATE', 'FULL_TABLE_SCAN'], why: 'arithmetic on the column' },
  { id: 'nsp-coalesce', sql: 'SELECT id FROM customers WHERE coalesce(phone, $1) = $2', expected: ['NON_SARGABLE_PREDICATE', 'FULL_TABLE_SCAN'], why: 'coalesce(phone, ...) cannot use the phone index' },
  { id: 'clean-lower-email', sql: 'SELECT id, full_name FROM customers WHERE lower(email) = $1', expected: 'clean', why: 'matches the expression index lower(email)', reason: 'ALREADY_INDEXED' },
  { id: 'clean-lower-both', sql: 'SELECT id, full_name FROM customers WHERE lower(email) = lower($1)', expected: 'clean', why: 'the function on the value side is fine; the column side matches the expression index' },
  { id: 'clean-small-function', sql: 'SELECT code FROM countries WHERE lower(name) = $1', expected: 'clean', why: 'countries is a 200-row table', reason: 'SMALL_TABLE' },
  { id: 'clean-relabel-cast', sql: 'SELECT id FROM customers WHERE phone::varchar = $1', expected: 'clean', why: 'text::varchar only relabels: the phone index still serves' },
  { id: 'clean-moot-function', sql: 'SELECT id FROM orders WHERE customer_id = $1 AND lower(coupon_code) = $2', expected: 'clean', why: 'the customer_id index narrows to a few rows; lower() on the rest is moot' },

  // Type mismatches.
  { id: 'itm-char-text', sql: 'SELECT id FROM customers WHERE referral_code = $1::text', expected: ['INDEX_TYPE_MISMATCH', 'FULL_TABLE_SCAN'], why: 'char(8) = text casts the column: the unique index is not used' },
  { id: 'itm-pk-numeric', sql: 'SELECT id, total FROM orders WHERE id = $1::numeric', expected: ['INDEX_TYPE_MISMATCH', 'FULL_TABLE_SCAN'], why: 'bigint = numeric casts the primary key column' },
  { id: 'itm-fk-numeric', sql: 'SELECT total FROM orders WHERE customer_id = $1::numeric', expected: ['INDEX_TYPE_MISMATCH', 'FULL_TABLE_SCAN'], why: 'bigint = numeric casts customer_id, so its index is unused' },
  { id: 'clean-referral', sql: 'SELECT id FROM customers WHERE referral_code = $1', expected: 'clean', why: 'untyped placeholder takes the column type' },
  { id: 'clean-pk-bigint', sql: 'SELECT id FROM orders WHERE id = $1::bigint', expected: 'clean', why: 'same type' },
  { id: 'clean-int4-vs-int8', sql: 'SELECT total FROM orders WHERE customer_id = $1::int4', expected: 'clean', why: 'int8 = int4 is a cross-type btree operator: the index serves' },

  // LIKE.
  { id: 'lwl-literal', sql: "SELECT id FROM customers WHERE email LIKE '%' || $1", expected: ['LEADING_WILDCARD_LIKE', 'FULL_TABLE_SCAN'], why: "the '%' constant was kept: a suffix search on an unindexed column" },
  { id: 'lwl-flag', sql: 'SELECT id FROM page_views WHERE path LIKE $1', flags: ['LEADING_WILDCARD_LIKE'], expected: ['LEADING_WILDCARD_LIKE', 'FULL_TABLE_SCAN'], why: 'capture saw a pattern starting with %' },
  { id: 'lwl-flag-concat', sql: 'SELECT id FROM customers WHERE full_name ILIKE $1 || $2 || $3', flags: ['LEADING_WILDCARD_LIKE'], expected: ['LEADING_WILDCARD_LIKE', 'FULL_TABLE_SCAN'], why: "capture's flag: '%' || name || '%' with the wildcards stripped" },
  { id: 'clean-sku-prefix', sql: 'SELECT id, name FROM products WHERE sku LIKE $1', expected: 'clean', why: 'prefix search served by sku text_pattern_ops (the generic plan cannot know the prefix)', reason: 'ALREADY_INDEXED' },
  { id: 'clean-trgm-flag', sql: 'SELECT id FROM products WHERE name ILIKE $1', flags: ['LEADING_WILDCARD_LIKE'], expected: 'clean', why: 'a trigram index serves %...% on name' },
  { id: 'clean-trgm-literal', sql: "SELECT id FROM products WHERE name LIKE '%' || $1 || '%'", expected: 'clean', why: 'a trigram index serves %...% on name' },

  // ORDER BY ... LIMIT.
  { id: 'sfl-total', sql: 'SELECT id, total FROM orders ORDER BY total DESC LIMIT $1', expected: ['SORT_FOR_LIMIT'], why: 'top-N by total sorts 200k rows: no index on total' },
  { id: 'sfl-last-login', sql: 'SELECT id, full_name FROM customers ORDER BY last_login_at DESC LIMIT 20', expected: ['SORT_FOR_LIMIT'], why: 'no index on last_login_at' },
  { id: 'sfl-filtered', sql: 'SELECT id FROM orders WHERE status = $1 ORDER BY total LIMIT 50', expected: ['SORT_FOR_LIMIT'], why: '40k rows of a status sorted by an unindexed column' },
  { id: 'sfl-viewed', sql: 'SELECT v.path FROM page_views v ORDER BY v.viewed_at DESC LIMIT 100', expected: ['SORT_FOR_LIMIT'], why: 'no index on viewed_at' },
  { id: 'clean-order-created', sql: 'SELECT id, total FROM orders ORDER BY created_at DESC LIMIT 20', expected: 'clean', why: 'backward scan of the created_at index' },
  { id: 'clean-order-composite', sql: 'SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 10', expected: 'clean', why: '(customer_id, created_at desc) returns the order directly' },
  { id: 'clean-small-sort', sql: 'SELECT id FROM orders WHERE customer_id = $1 ORDER BY total DESC LIMIT 5', expected: 'clean', why: 'sorts the handful of rows of one customer' },
  { id: 'clean-order-pk', sql: 'SELECT id, email FROM customers ORDER BY id LIMIT 50', expected: 'clean', why: 'primary key order' },

  // OFFSET.
  { id: 'deep-offset-literal', sql: 'SELECT id, total FROM orders ORDER BY id LIMIT 20 OFFSET 40000', expected: ['DEEP_OFFSET'], why: 'reads and discards 40k rows per page' },
  { id: 'deep-offset-profile', sql: 'SELECT id, created_at FROM orders ORDER BY created_at DESC LIMIT $1 OFFSET $2', parameters: [offsetProfile(2, 400)], expected: ['DEEP_OFFSET'], why: '400 distinct offsets: users page hundreds of pages deep' },
  { id: 'deep-offset-flag', sql: 'SELECT id, full_name FROM customers ORDER BY id LIMIT $1 OFFSET $2', flags: ['DEEP_OFFSET'], expected: ['DEEP_OFFSET'], why: 'capture saw a deep OFFSET' },
  { id: 'clean-offset-10', sql: 'SELECT id, total FROM orders ORDER BY id LIMIT 20 OFFSET 10', expected: 'clean', why: 'second page' },
  { id: 'clean-offset-shallow', sql: 'SELECT id FROM orders ORDER BY created_at DESC LIMIT $1 OFFSET $2', parameters: [offsetProfile(2, 3)], expected: 'clean', why: 'only the first three pages are ever asked for' },

  // OR.
  { id: 'or-unindexed', sql: 'SELECT id FROM orders WHERE coupon_code = $1 OR shipped_at = $2', expected: ['OR_ACROSS_COLUMNS', 'FULL_TABLE_SCAN'], why: 'neither arm is indexed' },
  { id: 'or-half-indexed', sql: 'SELECT id FROM customers WHERE phone = $1 OR email = $2', expected: ['OR_ACROSS_COLUMNS', 'FULL_TABLE_SCAN'], why: 'email has no index, so no BitmapOr' },
  { id: 'or-two-tables', sql: 'SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.coupon_code = $1 OR c.phone = $2', expected: ['OR_ACROSS_COLUMNS'], why: 'an OR across two tables cannot use any index' },
  { id: 'clean-or-bitmap', sql: 'SELECT id FROM customers WHERE phone = $1 OR referral_code = $2', expected: 'clean', why: 'both arms indexed: BitmapOr' },
  { id: 'clean-or-same-column', sql: 'SELECT id FROM orders WHERE customer_id = $1 OR customer_id = $2', expected: 'clean', why: 'an IN in disguise on an indexed column' },

  // NOT IN.
  { id: 'not-in-nullable', sql: 'SELECT id, email FROM customers WHERE id NOT IN (SELECT customer_id FROM page_views WHERE viewed_at > $1) LIMIT 100', expected: ['NOT_IN_SUBQUERY'], why: 'page_views.customer_id is nullable and large' },
  { id: 'not-in-large', sql: 'SELECT id FROM products WHERE id NOT IN (SELECT product_id FROM order_items) LIMIT 50', expected: ['NOT_IN_SUBQUERY'], why: 'subplan over 400k rows; NOT EXISTS would be an anti-join' },
  { id: 'clean-not-in-list', sql: 'SELECT id FROM orders WHERE customer_id = $1 AND status NOT IN ($2, $3)', expected: 'clean', why: 'NOT IN over a list of values on a NOT NULL column, after an indexed filter' },
  { id: 'clean-not-exists', sql: 'SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) LIMIT 100', expected: 'clean', why: 'anti-join over an indexed key' },
  { id: 'clean-not-in-small-not-null', sql: 'SELECT id, name FROM categories WHERE id NOT IN (SELECT parent_id FROM categories WHERE parent_id IS NOT NULL)', expected: 'clean', why: 'small table and NULLs excluded by the subquery itself' },

  // SELECT *.
  { id: 'star-wide', sql: 'SELECT * FROM products WHERE id = $1', expected: ['SELECT_STAR_WIDE'], why: '24 columns fetched by primary key' },
  { id: 'star-wide-alias', sql: 'SELECT p.* FROM products p WHERE p.category_id = $1 LIMIT 20', expected: ['SELECT_STAR_WIDE'], why: 'p.* over the 24-column table' },
  { id: 'clean-star-narrow', sql: 'SELECT * FROM page_views WHERE id = $1', expected: 'clean', why: 'four columns' },
  { id: 'clean-star-exists', sql: 'SELECT o.id FROM orders o WHERE o.customer_id = $1 AND EXISTS (SELECT * FROM order_items i WHERE i.order_id = o.id)', expected: 'clean', why: 'a star inside EXISTS reads nothing' },
  { id: 'clean-star-small', sql: 'SELECT * FROM settings WHERE key = $1', expected: 'clean', why: 'narrow small table' },

  // Unbounded results.
  { id: 'unbounded-status', sql: 'SELECT id, customer_id, total FROM orders WHERE status = $1', expected: ['UNBOUNDED_RESULT'], why: 'one status is 40k rows and there is no LIMIT' },
  { id: 'unbounded-all', sql: 'SELECT id, path FROM page_views', expected: ['UNBOUNDED_RESULT'], why: 'the whole table' },
  { id: 'unbounded-join', sql: 'SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id', expected: ['UNBOUNDED_RESULT'], why: 'every order with its customer' },
  { id: 'clean-count', sql: 'SELECT count(*) FROM orders WHERE status = $1', expected: 'clean', why: 'one row out; counting a fifth of the table needs the scan' },
  { id: 'clean-group', sql: 'SELECT status, count(*) FROM orders GROUP BY status', expected: 'clean', why: 'five groups' },
  { id: 'clean-few-rows', sql: 'SELECT id, total FROM orders WHERE customer_id = $1', expected: 'clean', why: 'a handful of rows by an indexed key' },

  // Partial and composite indexes.
  { id: 'clean-partial-index', sql: 'SELECT count(*) FROM orders WHERE status = $1 AND created_at < $2', expected: 'clean', why: "the partial index on created_at WHERE status = 'pending' (and the created_at index) serve it" },
  { id: 'clean-composite', sql: 'SELECT id FROM orders WHERE created_at > $1 AND customer_id = $2', expected: 'clean', why: '(customer_id, created_at) serves both' },
  { id: 'clean-composite-leading', sql: 'SELECT id FROM products WHERE brand = $1 AND material = $2', expected: 'clean', why: '(brand, material) serves both' },

  // N+1.
  { id: 'n1-session', sql: 'SELECT id, name, price FROM products WHERE id = $1', burst: { count: 40, spanMs: 400 }, expected: ['N_PLUS_ONE'], why: '40 lookups by id in 0.4 s from one session' },
  { id: 'n1-application', sql: 'SELECT id, quantity FROM order_items WHERE order_id = $1', burst: { count: 60, spanMs: 800, sessionless: true }, expected: ['N_PLUS_ONE'], why: '60 in 0.8 s from one application' },
  { id: 'clean-n1-spread', sql: 'SELECT id, email FROM customers WHERE id = $1', burst: { count: 10, spanMs: 60_000 }, expected: 'clean', why: '10 calls over a minute' },
  { id: 'clean-n1-few', sql: 'SELECT id, price FROM products WHERE id = $1 AND is_active', burst: { count: 5, spanMs: 100 }, expected: 'clean', why: 'five calls are no loop' },

  // Clean small tables.
  { id: 'clean-settings', sql: 'SELECT * FROM settings', expected: 'clean', why: '30 rows', reason: 'SMALL_TABLE' },
  { id: 'clean-categories', sql: 'SELECT name FROM categories WHERE parent_id = $1', expected: 'clean', why: 'unindexed filter on a 150-row table', reason: 'SMALL_TABLE' },

  // Statement shapes: CTEs, derived tables, set operations, qualified and quoted names, LATERAL, ANY, locking, DML joins.
  { id: 'shape-cte', sql: 'WITH recent AS (SELECT id, customer_id FROM orders WHERE coupon_code = $1) SELECT c.email FROM recent r JOIN customers c ON c.id = r.customer_id', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'the CTE filters orders by an unindexed column' },
  { id: 'shape-derived-unbounded', sql: 'SELECT t.customer_id, t.n FROM (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) t WHERE t.n > $1', expected: ['UNBOUNDED_RESULT'], why: 'a per-customer count for tens of thousands of customers, no LIMIT' },
  { id: 'shape-union', sql: 'SELECT id FROM orders WHERE coupon_code = $1 UNION SELECT id FROM orders WHERE shipped_at = $2', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'both arms filter by unindexed columns' },
  { id: 'shape-qualified', sql: 'SELECT id FROM public.orders WHERE public.orders.coupon_code = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'schema-qualified names resolve like unqualified ones' },
  { id: 'shape-quoted', sql: 'SELECT "id" FROM "orders" WHERE "coupon_code" = $1', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'quoted identifiers' },
  { id: 'shape-in-subquery', sql: 'SELECT id FROM customers WHERE id IN (SELECT customer_id FROM page_views WHERE path = $1)', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'the semi-join side filters page_views by an unindexed path' },
  { id: 'shape-any-unindexed', sql: 'SELECT id FROM page_views WHERE path = ANY($1)', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: '= ANY(array) on an unindexed column' },
  { id: 'shape-for-update', sql: 'SELECT id FROM orders WHERE coupon_code = $1 FOR UPDATE', expected: ['FULL_TABLE_SCAN', 'MISSING_FILTER_INDEX'], why: 'locks rows found by a full scan' },
  { id: 'shape-report-period', sql: 'SELECT customer_id, sum(total) FROM orders WHERE created_at >= $1 GROUP BY customer_id', expected: ['UNBOUNDED_RESULT'], why: 'one row per customer for a period, no LIMIT' },
  { id: 'shape-update-from', sql: 'UPDATE order_items SET quantity = $1 FROM products p WHERE p.id = order_items.product_id AND p.sku = $2', expected: ['MISSING_JOIN_INDEX'], why: 'the UPDATE joins order_items by the unindexed product_id' },
  { id: 'clean-self-join', sql: 'SELECT a.id, b.id FROM orders a JOIN orders b ON b.customer_id = a.customer_id WHERE a.id = $1', expected: 'clean', why: 'other orders of the same customer, by index' },
  { id: 'clean-window', sql: 'SELECT id, total, rank() OVER (ORDER BY total DESC) FROM orders WHERE customer_id = $1', expected: 'clean', why: 'a window over one customer\'s few orders' },
  { id: 'clean-lateral', sql: 'SELECT c.id, o.total FROM customers c CROSS JOIN LATERAL (SELECT total FROM orders o WHERE o.customer_id = c.id ORDER BY created_at DESC LIMIT 1) o WHERE c.referral_code = $1', expected: 'clean', why: 'latest order of one customer via the composite index' },
  { id: 'clean-any-pk', sql: 'SELECT id, total FROM orders WHERE id = ANY($1)', expected: 'clean', why: 'primary key lookups' },
  { id: 'clean-between', sql: 'SELECT id FROM orders WHERE created_at BETWEEN $1 AND $2 LIMIT 100', expected: 'clean', why: 'range on an indexed column, bounded' },
  { id: 'clean-is-null-indexed', sql: 'SELECT id FROM orders WHERE shipped_at IS NULL AND customer_id = $1', expected: 'clean', why: 'the customer_id index narrows first' },
  { id: 'clean-is-null-common', sql: 'SELECT id FROM page_views WHERE customer_id IS NULL LIMIT 10', expected: 'clean', why: 'a quarter of the rows match: the first ten come fast' },
  { id: 'clean-delete-pk', sql: 'DELETE FROM orders WHERE id = $1', expected: 'clean', why: 'by primary key' },

  // Not tuned.
  { id: 'reason-begin', sql: 'BEGIN', expected: 'clean', why: 'transaction control', reason: 'NOT_A_QUERY' },
  { id: 'reason-insert', sql: 'INSERT INTO page_views (id, customer_id, path, viewed_at) VALUES ($1, $2, $3, $4)', expected: 'clean', why: 'INSERT is not tuned', reason: 'UNSUPPORTED_STATEMENT' },
  { id: 'reason-unknown-table', sql: 'SELECT id FROM missing_table WHERE id = $1', expected: 'clean', why: 'not in the schema', reason: 'UNKNOWN_TABLE' },
  { id: 'reason-malformed', sql: 'SELEC id FRM orders WHERE', expected: 'clean', why: 'not SQL', reason: 'NOT_PARSABLE' },
];
