// Writes workload.log: what PostgreSQL logged for the shop's application over a few
// minutes with log_min_duration_statement = 0 and log_line_prefix = '%m [%p] %q%u@%d '
// (stderr format). Deterministic: `npx tsx examples/shop/generate-workload.ts` writes the
// same file every time. Durations are what an unindexed production of a few million rows
// shows (the slow statements are the ones expected-indexes.sql fixes).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let state = 0x5eed;
/** mulberry32: small, seedable, good enough for a workload. */
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
/** Skewed ids: a few customers and products get most of the traffic. */
const skewed = (n: number) => 1 + Math.floor(n * Math.pow(random(), 3));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const around = (ms: number) => ms * (0.6 + random() * 0.8);

const COUNTRIES = ['de', 'fr', 'us', 'gb', 'es', 'it', 'nl', 'se'];
const CARRIERS = ['dhl', 'ups', 'fedex', 'laposte'];

interface Template {
  readonly weight: number;
  readonly ms: number;
  readonly sql: () => string;
}

const templates: Template[] = [
  // The slow ones.
  { weight: 14, ms: 48, sql: () => `SELECT id, status, total, created_at FROM orders WHERE customer_id = ${skewed(100_000)} ORDER BY created_at DESC LIMIT 20` },
  { weight: 14, ms: 36, sql: () => `SELECT oi.product_id, oi.quantity, oi.unit_price, p.name FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = ${int(1, 300_000)}` },
  { weight: 8, ms: 22, sql: () => `SELECT id, provider, amount, status FROM payments WHERE order_id = ${int(1, 300_000)}` },
  { weight: 10, ms: 31, sql: () => `SELECT r.rating, r.body, r.created_at FROM reviews r WHERE r.product_id = ${skewed(20_000)} ORDER BY r.created_at DESC LIMIT 10` },
  { weight: 10, ms: 41, sql: () => `SELECT id, name, price FROM products WHERE category_id = ${skewed(400)} AND active ORDER BY price LIMIT 24` },
  { weight: 7, ms: 39, sql: () => `SELECT id, full_name FROM customers WHERE lower(email) = 'user${skewed(100_000)}@example.com'` },
  { weight: 2, ms: 65, sql: () => `SELECT id, customer_id, total FROM orders WHERE status = 'pending' ORDER BY created_at LIMIT 50` },
  { weight: 4, ms: 33, sql: () => `SELECT count(*), sum(quantity) FROM order_items WHERE product_id = ${skewed(20_000)}` },
  { weight: 4, ms: 24, sql: () => `SELECT id, product_id, rating, created_at FROM reviews WHERE customer_id = ${skewed(100_000)} ORDER BY created_at DESC LIMIT 20` },
  { weight: 3, ms: 19, sql: () => `SELECT order_id, carrier FROM shipments WHERE tracking_number = '${pick(CARRIERS).toUpperCase()}${int(10_000_000, 99_999_999)}'` },
  // Served by the primary keys and unique constraints already there.
  { weight: 30, ms: 0.08, sql: () => `SELECT id, email, full_name, country FROM customers WHERE id = ${skewed(100_000)}` },
  { weight: 30, ms: 0.07, sql: () => `SELECT id, sku, name, price, active FROM products WHERE id = ${skewed(20_000)}` },
  { weight: 8, ms: 0.09, sql: () => `SELECT id, name, price FROM products WHERE sku = 'SKU-${int(1, 20_000)}'` },
  { weight: 10, ms: 0.06, sql: () => `SELECT id, customer_id, status, total, created_at FROM orders WHERE id = ${int(1, 300_000)}` },
  { weight: 3, ms: 0.05, sql: () => `SELECT id, name, parent_id FROM categories ORDER BY name` },
  // Writes.
  { weight: 6, ms: 0.4, sql: () => `INSERT INTO orders (customer_id, status, total) VALUES (${skewed(100_000)}, 'pending', ${int(5, 900)}.${int(10, 99)})` },
  { weight: 10, ms: 0.3, sql: () => `INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (${int(1, 300_000)}, ${skewed(20_000)}, ${int(1, 4)}, ${int(2, 300)}.${int(10, 99)})` },
  { weight: 6, ms: 0.2, sql: () => `UPDATE orders SET status = '${pick(['paid', 'shipped', 'delivered'])}' WHERE id = ${int(1, 300_000)}` },
  { weight: 3, ms: 0.3, sql: () => `INSERT INTO payments (order_id, provider, amount, status) VALUES (${int(1, 300_000)}, '${pick(['card', 'paypal', 'sepa'])}', ${int(5, 900)}.00, 'captured')` },
  { weight: 2, ms: 0.3, sql: () => `INSERT INTO customers (email, full_name, country) VALUES ('user${int(100_001, 200_000)}@example.com', 'New Customer', '${pick(COUNTRIES)}')` },
];

const total = templates.reduce((sum, t) => sum + t.weight, 0);
function draw(): Template {
  let x = random() * total;
  for (const t of templates) {
    x -= t.weight;
    if (x < 0) return t;
  }
  return templates[templates.length - 1]!;
}

const STATEMENTS = 3_000;
const start = Date.UTC(2025, 2, 3, 9, 0, 0);
const lines: string[] = [];
let at = start;
for (let i = 0; i < STATEMENTS; i += 1) {
  at += int(20, 180);
  const stamp = new Date(at).toISOString().replace('T', ' ').replace('Z', ' UTC');
  const template = draw();
  const pid = 4100 + int(0, 15);
  lines.push(`${stamp} [${pid}] shop_app@shop LOG:  duration: ${around(template.ms).toFixed(3)} ms  statement: ${template.sql()}`);
}
const out = fileURLToPath(new URL('./workload.log', import.meta.url));
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${STATEMENTS} statements to ${out}`);
