import type { PersonaDefinitionInput } from '../persona-definition.js';

/**
 * E-commerce product catalog: browse by category and brand, search by partial name or
 * model number, product pages with reviews and stock, stock reservation at checkout.
 * Read-heavy (about 2,500 reads per write); the indexes are shaped by the listings' ORDER BY
 * so that every page is an ordered index range scan stopped by its LIMIT.
 */
export const ecommerceProductCatalog: PersonaDefinitionInput = {
  personaId: 'ecommerce-product-catalog',
  version: 1,
  name: 'E-commerce product catalog',
  description:
    'Product catalog of an online shop: a two-level category tree, brands, products with a JSON attribute bag, stock per warehouse and customer reviews. ' +
    'Sized for about 2 million products, 12 warehouses and 30 million reviews. Customer accounts and orders live in other services, so customer_id is a plain reference.',
  initialSchema: {
    schemaName: 'catalog',
    extensions: ['pg_trgm'],
    enumTypes: [{ name: 'product_status', values: ['draft', 'active', 'discontinued'] }],
    tables: [
      {
        name: 'brands',
        description: 'Manufacturers and labels.',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'name', type: 'text' },
          { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
        ],
        primaryKey: ['id'],
        uniques: [{ name: 'brands_name_key', columns: ['name'] }],
        checks: [{ name: 'brands_name_length', condition: { kind: 'length-between', column: 'name', min: 1, max: 200 } }],
      },
      {
        name: 'categories',
        description: 'Category tree (roots have no parent). Slugs are the URL keys.',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'parent_id', type: 'bigint', nullable: true, description: 'Parent category; NULL for a root.' },
          { name: 'slug', type: 'text' },
          { name: 'name', type: 'text' },
        ],
        primaryKey: ['id'],
        uniques: [{ name: 'categories_slug_key', columns: ['slug'] }],
        foreignKeys: [{ name: 'categories_parent_fk', columns: ['parent_id'], referencesTable: 'categories', referencesColumns: ['id'], onDelete: 'restrict' }],
        checks: [
          { name: 'categories_slug_format', condition: { kind: 'matches', column: 'slug', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } },
          { name: 'categories_not_own_parent', condition: { kind: 'compare-columns', column: 'parent_id', operator: '<>', otherColumn: 'id' } },
        ],
      },
      {
        name: 'warehouses',
        description: 'Fulfilment locations holding stock.',
        columns: [
          { name: 'id', type: 'smallint', identity: 'always' },
          { name: 'code', type: 'text' },
          { name: 'name', type: 'text' },
          { name: 'country', type: 'char(2)' },
        ],
        primaryKey: ['id'],
        uniques: [{ name: 'warehouses_code_key', columns: ['code'] }],
        checks: [{ name: 'warehouses_country_format', condition: { kind: 'matches', column: 'country', pattern: '^[A-Z]{2}$' } }],
      },
      {
        name: 'products',
        description: 'Sellable products. Prices are integer cents in the given ISO currency; attributes hold facet values (color, weight, ...).',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'sku', type: 'text', description: 'Stock keeping unit, the merchant-facing key.' },
          { name: 'name', type: 'text' },
          { name: 'description', type: 'text', nullable: true },
          { name: 'brand_id', type: 'bigint' },
          { name: 'category_id', type: 'bigint' },
          { name: 'price_cents', type: 'bigint' },
          { name: 'currency', type: 'char(3)', default: { kind: 'literal', value: 'EUR' } },
          { name: 'status', type: 'product_status', default: { kind: 'literal', value: 'draft' } },
          { name: 'attributes', type: 'jsonb', default: { kind: 'literal', value: '{}' } },
          { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
          { name: 'updated_at', type: 'timestamptz', default: { kind: 'now' } },
        ],
        primaryKey: ['id'],
        uniques: [{ name: 'products_sku_key', columns: ['sku'] }],
        foreignKeys: [
          { name: 'products_brand_fk', columns: ['brand_id'], referencesTable: 'brands', referencesColumns: ['id'], onDelete: 'restrict' },
          { name: 'products_category_fk', columns: ['category_id'], referencesTable: 'categories', referencesColumns: ['id'], onDelete: 'restrict' },
        ],
        checks: [
          { name: 'products_price_not_negative', condition: { kind: 'compare', column: 'price_cents', operator: '>=', value: 0 } },
          { name: 'products_sku_format', condition: { kind: 'matches', column: 'sku', pattern: '^[A-Z0-9-]{4,40}$' } },
          { name: 'products_currency_format', condition: { kind: 'matches', column: 'currency', pattern: '^[A-Z]{3}$' } },
          { name: 'products_name_length', condition: { kind: 'length-between', column: 'name', min: 1, max: 300 } },
        ],
      },
      {
        name: 'stock_levels',
        description: 'On-hand and reserved quantity of a product in a warehouse.',
        columns: [
          { name: 'product_id', type: 'bigint' },
          { name: 'warehouse_id', type: 'smallint' },
          { name: 'quantity', type: 'integer', default: { kind: 'literal', value: 0 } },
          { name: 'reserved', type: 'integer', default: { kind: 'literal', value: 0 } },
          { name: 'updated_at', type: 'timestamptz', default: { kind: 'now' } },
        ],
        primaryKey: ['product_id', 'warehouse_id'],
        foreignKeys: [
          { name: 'stock_levels_product_fk', columns: ['product_id'], referencesTable: 'products', referencesColumns: ['id'], onDelete: 'cascade' },
          { name: 'stock_levels_warehouse_fk', columns: ['warehouse_id'], referencesTable: 'warehouses', referencesColumns: ['id'], onDelete: 'restrict' },
        ],
        checks: [
          { name: 'stock_levels_quantity_not_negative', condition: { kind: 'compare', column: 'quantity', operator: '>=', value: 0 } },
          { name: 'stock_levels_reserved_not_negative', condition: { kind: 'compare', column: 'reserved', operator: '>=', value: 0 } },
          { name: 'stock_levels_reserved_within_quantity', condition: { kind: 'compare-columns', column: 'reserved', operator: '<=', otherColumn: 'quantity' } },
        ],
      },
      {
        name: 'product_reviews',
        description: 'Customer reviews; customer_id refers to the accounts service.',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'product_id', type: 'bigint' },
          { name: 'customer_id', type: 'bigint' },
          { name: 'rating', type: 'smallint' },
          { name: 'title', type: 'text' },
          { name: 'body', type: 'text' },
          { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
        ],
        primaryKey: ['id'],
        foreignKeys: [{ name: 'product_reviews_product_fk', columns: ['product_id'], referencesTable: 'products', referencesColumns: ['id'], onDelete: 'cascade' }],
        checks: [
          { name: 'product_reviews_rating_range', condition: { kind: 'in', column: 'rating', values: [1, 2, 3, 4, 5] } },
          { name: 'product_reviews_body_length', condition: { kind: 'length-between', column: 'body', min: 1, max: 10000 } },
        ],
      },
    ],
  },
  indexingStrategy: {
    summary:
      'Listings are ordered index range scans: the category index leads with the equality columns (category, status) and continues with the sort key (price, id), ' +
      'so a page reads 48 index entries instead of sorting the category; the brand index does the same for "newest from a brand". Partial-name and model-number ' +
      'search uses a trigram GIN index. Each foreign key that can cascade or restrict a delete is the leading column of an index (products.brand_id, ' +
      'products.category_id, product_reviews.product_id, categories.parent_id; stock_levels.product_id through its primary key), except stock_levels.warehouse_id: ' +
      'a dozen warehouses, removed by a rare maintenance job that may scan. SKU lookups use the unique constraint. No partitioning: at 30 million reviews the ' +
      'product-leading btree keeps each page of reviews a short range scan, and nothing is deleted by age.',
    indexes: [
      {
        name: 'products_category_listing_idx',
        table: 'products',
        keys: [{ column: 'category_id' }, { column: 'status' }, { column: 'price_cents' }, { column: 'id' }],
        rationale: 'Category pages filter on category and status and sort by price then id: this key order returns a page in order without a sort, and covers the category foreign key.',
      },
      {
        name: 'products_brand_newest_idx',
        table: 'products',
        keys: [{ column: 'brand_id' }, { column: 'created_at', order: 'desc' }],
        rationale: 'Brand pages show the newest products first; also covers the brand foreign key.',
      },
      {
        name: 'products_name_trgm_idx',
        table: 'products',
        method: 'gin',
        keys: [{ column: 'name', operatorClass: 'gin_trgm_ops' }],
        rationale: 'Search by any part of a name or model number (ILIKE with leading wildcard) cannot use a btree; trigrams make it an index lookup.',
      },
      {
        name: 'product_reviews_product_created_idx',
        table: 'product_reviews',
        keys: [{ column: 'product_id' }, { column: 'created_at', order: 'desc' }],
        rationale: 'Product pages show the latest reviews; also covers the cascading product foreign key.',
      },
      {
        name: 'categories_parent_idx',
        table: 'categories',
        keys: [{ column: 'parent_id' }, { column: 'name' }],
        include: ['id', 'slug'],
        rationale: 'Navigation lists the children of a category by name; covering columns make it an index-only scan, and it covers the parent foreign key.',
      },
    ],
  },
  accessPatterns: [
    {
      id: 'product-by-sku',
      description: 'Product page or cart line by SKU.',
      kind: 'read',
      sql: 'SELECT id, sku, name, price_cents, currency, status, attributes FROM products WHERE sku = $1',
      parameters: [{ name: 'sku', type: 'text' }],
      parameterSamples: 'SELECT sku FROM products ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 800,
      latencyTargetMs: 2,
      servedBy: ['products_sku_key'],
    },
    {
      id: 'category-listing',
      description: 'First page of a category, cheapest first.',
      kind: 'read',
      sql: "SELECT id, sku, name, price_cents FROM products WHERE category_id = $1 AND status = 'active' ORDER BY price_cents, id LIMIT 48",
      parameters: [{ name: 'category_id', type: 'bigint' }],
      parameterSamples: 'SELECT category_id FROM products ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 300,
      latencyTargetMs: 10,
      servedBy: ['products_category_listing_idx'],
    },
    {
      id: 'brand-newest',
      description: 'Newest active products of a brand.',
      kind: 'read',
      sql: "SELECT id, sku, name, price_cents, created_at FROM products WHERE brand_id = $1 AND status = 'active' ORDER BY created_at DESC LIMIT 24",
      parameters: [{ name: 'brand_id', type: 'bigint' }],
      parameterSamples: 'SELECT brand_id FROM products ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 150,
      latencyTargetMs: 10,
      servedBy: ['products_brand_newest_idx'],
    },
    {
      id: 'product-search',
      description: 'Search box: products whose name contains the typed text (often part of a model number).',
      kind: 'read',
      sql: "SELECT id, sku, name, price_cents FROM products WHERE name ILIKE '%' || $1 || '%' AND status = 'active' ORDER BY name LIMIT 20",
      parameters: [{ name: 'term', type: 'text' }],
      parameterSamples: "SELECT substr(split_part(name, ' ', 3), 1, 7) FROM products ORDER BY random() LIMIT $1",
      expectedRatePerSecond: 120,
      latencyTargetMs: 25,
      servedBy: ['products_name_trgm_idx'],
    },
    {
      id: 'product-reviews',
      description: 'Latest reviews on a product page.',
      kind: 'read',
      sql: 'SELECT id, customer_id, rating, title, created_at FROM product_reviews WHERE product_id = $1 ORDER BY created_at DESC LIMIT 20',
      parameters: [{ name: 'product_id', type: 'bigint' }],
      parameterSamples: 'SELECT product_id FROM product_reviews ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 200,
      latencyTargetMs: 10,
      servedBy: ['product_reviews_product_created_idx'],
    },
    {
      id: 'stock-for-product',
      description: 'Available quantity per warehouse on a product page.',
      kind: 'read',
      sql: 'SELECT warehouse_id, quantity - reserved AS available FROM stock_levels WHERE product_id = $1',
      parameters: [{ name: 'product_id', type: 'bigint' }],
      parameterSamples: 'SELECT id FROM products ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 600,
      latencyTargetMs: 2,
      servedBy: ['stock_levels_pkey'],
    },
    {
      id: 'subcategories',
      description: 'Navigation: children of a category by name.',
      kind: 'read',
      sql: 'SELECT id, slug, name FROM categories WHERE parent_id = $1 ORDER BY name',
      parameters: [{ name: 'parent_id', type: 'bigint' }],
      parameterSamples: 'SELECT parent_id FROM categories WHERE parent_id IS NOT NULL ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 100,
      latencyTargetMs: 5,
      servedBy: ['categories_parent_idx'],
    },
    {
      id: 'reserve-stock',
      description: 'Checkout reserves stock in one warehouse if enough is available (no row changes otherwise).',
      kind: 'write',
      sql: 'UPDATE stock_levels SET reserved = reserved + $3, updated_at = now() WHERE product_id = $1 AND warehouse_id = $2 AND quantity - reserved >= $3',
      parameters: [
        { name: 'product_id', type: 'bigint' },
        { name: 'warehouse_id', type: 'smallint' },
        { name: 'amount', type: 'integer' },
      ],
      parameterSamples: 'SELECT product_id, warehouse_id, 1 FROM stock_levels ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 40,
      latencyTargetMs: 5,
      servedBy: ['stock_levels_pkey'],
    },
  ],
  volumes: [
    { table: 'brands', expectedRows: 20_000, growthRowsPerDay: 10, testRows: 2_000 },
    { table: 'categories', expectedRows: 20_000, growthRowsPerDay: 5, testRows: 2_000 },
    { table: 'warehouses', expectedRows: 12, growthRowsPerDay: 0, testRows: 3 },
    { table: 'products', expectedRows: 2_000_000, growthRowsPerDay: 2_000, testRows: 60_000 },
    { table: 'stock_levels', expectedRows: 24_000_000, growthRowsPerDay: 24_000, testRows: 180_000 },
    { table: 'product_reviews', expectedRows: 30_000_000, growthRowsPerDay: 40_000, testRows: 150_000 },
  ],
  seeds: [
    { table: 'brands', sql: "INSERT INTO brands (name) SELECT 'Brand ' || g FROM generate_series(1, $1::int) AS g" },
    {
      // 40 roots, every other category a child of one of them (ids are assigned in generate_series order).
      table: 'categories',
      sql: "INSERT INTO categories (parent_id, slug, name) SELECT CASE WHEN g <= 40 THEN NULL ELSE 1 + g % 40 END, 'category-' || g, 'Category ' || g FROM generate_series(1, $1::int) AS g",
    },
    {
      table: 'warehouses',
      sql: "INSERT INTO warehouses (code, name, country) SELECT 'WH' || lpad(g::text, 3, '0'), 'Warehouse ' || g, (ARRAY['DE', 'FR', 'NL', 'PL', 'ES'])[1 + g % 5] FROM generate_series(1, $1::int) AS g",
    },
    {
      // Brands and categories are Zipf-like skewed (a few own most products); model codes are unique.
      table: 'products',
      sql:
        'INSERT INTO products (sku, name, description, brand_id, category_id, price_cents, currency, status, attributes, created_at) ' +
        "SELECT 'SKU-' || lpad(g::text, 9, '0'), " +
        "(ARRAY['Classic', 'Compact', 'Deluxe', 'Eco', 'Rugged', 'Mini', 'Pro', 'Smart', 'Travel', 'Vintage'])[1 + (g * 7) % 10] || ' ' || " +
        "(ARRAY['Backpack', 'Blender', 'Lamp', 'Headphones', 'Jacket', 'Kettle', 'Mug', 'Sneakers', 'Tent', 'Watch'])[1 + (g * 13) % 10] || ' ' || " +
        "chr(65 + (g * 31) % 26) || chr(65 + (g * 17) % 26) || '-' || lpad(((g::bigint * 7919) % 100000)::text, 5, '0'), " +
        "'Synthetic product ' || g, " +
        '1 + floor(c.brands * power(random(), 3))::bigint, ' +
        'c.first_leaf + floor(c.leaves * power(random(), 2))::bigint, ' +
        "500 + floor(random() * 99500)::bigint, 'EUR', " +
        "(CASE WHEN random() < 0.85 THEN 'active' WHEN random() < 0.5 THEN 'discontinued' ELSE 'draft' END)::product_status, " +
        "jsonb_build_object('color', (ARRAY['black', 'white', 'red', 'blue', 'green'])[1 + floor(random() * 5)::int], 'weight_g', 100 + floor(random() * 5000)::int), " +
        "now() - random() * interval '730 days' " +
        'FROM generate_series(1, $1::int) AS g CROSS JOIN (SELECT (SELECT count(*) FROM brands) AS brands, ' +
        '(SELECT count(*) FROM categories WHERE parent_id IS NOT NULL) AS leaves, (SELECT min(id) FROM categories WHERE parent_id IS NOT NULL) AS first_leaf) AS c',
    },
    {
      table: 'stock_levels',
      sql:
        'INSERT INTO stock_levels (product_id, warehouse_id, quantity, reserved) ' +
        'SELECT p.id, w.id, 20 + floor(random() * 480)::int, floor(random() * 20)::int ' +
        'FROM products AS p CROSS JOIN warehouses AS w ORDER BY p.id, w.id LIMIT $1',
    },
    {
      // Popular products collect most reviews.
      table: 'product_reviews',
      sql:
        'INSERT INTO product_reviews (product_id, customer_id, rating, title, body, created_at) ' +
        "SELECT 1 + floor(c.products * power(random(), 3))::bigint, 1 + floor(random() * 1000000)::bigint, (1 + floor(random() * 5))::smallint, 'Review ' || g, " +
        "repeat('Sturdy and works as described. ', 1 + g % 8), now() - random() * interval '700 days' " +
        'FROM generate_series(1, $1::int) AS g CROSS JOIN (SELECT count(*) AS products FROM products) AS c',
    },
  ],
};
