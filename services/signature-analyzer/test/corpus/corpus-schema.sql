-- The labelled corpus's schema: an online shop. Volumes come from generate_series so
-- that plans are real; statistics are gathered by ANALYZE at the end.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');

-- Small lookup tables (below largeTableRows).
CREATE TABLE countries (
  code char(2) PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE categories (
  id integer PRIMARY KEY,
  name text NOT NULL,
  parent_id integer REFERENCES categories (id)
);
CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email varchar(200) NOT NULL,
  full_name text NOT NULL,
  country char(2) NOT NULL REFERENCES countries (code),
  city text,
  phone text,
  referral_code char(8) NOT NULL,
  created_at timestamptz NOT NULL,
  last_login_at timestamptz,
  is_active boolean NOT NULL DEFAULT true,
  loyalty_points integer NOT NULL DEFAULT 0
);
CREATE INDEX customers_lower_email_idx ON customers (lower(email));
CREATE INDEX customers_created_at_idx ON customers (created_at);
CREATE UNIQUE INDEX customers_referral_code_idx ON customers (referral_code);
CREATE INDEX customers_phone_idx ON customers (phone);

-- A wide table: 24 columns.
CREATE TABLE products (
  id integer PRIMARY KEY,
  sku text NOT NULL,
  name text NOT NULL,
  description text,
  category_id integer NOT NULL REFERENCES categories (id),
  price numeric(12,2) NOT NULL,
  stock integer NOT NULL,
  weight_grams integer,
  width_mm integer,
  height_mm integer,
  depth_mm integer,
  color text,
  material text,
  brand text,
  supplier_code text,
  tax_class smallint NOT NULL DEFAULT 1,
  is_active boolean NOT NULL DEFAULT true,
  rating numeric(3,2),
  review_count integer NOT NULL DEFAULT 0,
  barcode text,
  origin_country char(2),
  warranty_months smallint,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX products_sku_pattern_idx ON products (sku text_pattern_ops);
CREATE INDEX products_name_trgm_idx ON products USING gin (name gin_trgm_ops);
CREATE INDEX products_category_idx ON products (category_id);
CREATE INDEX products_brand_material_idx ON products (brand, material);

CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status order_status NOT NULL,
  total numeric(12,2) NOT NULL,
  currency char(3) NOT NULL,
  created_at timestamptz NOT NULL,
  shipped_at timestamptz,
  coupon_code text,
  shipping_country char(2) NOT NULL,
  note text
);
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC);
CREATE INDEX orders_created_at_idx ON orders (created_at);
CREATE INDEX orders_pending_created_idx ON orders (created_at) WHERE status = 'pending';

CREATE TABLE order_items (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders (id),
  product_id integer NOT NULL REFERENCES products (id),
  quantity integer NOT NULL,
  unit_price numeric(12,2) NOT NULL
);
CREATE INDEX order_items_order_idx ON order_items (order_id);

-- Narrow, large: no index but the primary key.
CREATE TABLE page_views (
  id bigint PRIMARY KEY,
  customer_id bigint,
  path text NOT NULL,
  viewed_at timestamptz NOT NULL
);

INSERT INTO countries SELECT chr(65 + g / 26) || chr(65 + g % 26), 'Country ' || g FROM generate_series(0, 199) g;
INSERT INTO categories SELECT g, 'Category ' || g, CASE WHEN g > 20 THEN g % 20 + 1 END FROM generate_series(1, 150) g;
INSERT INTO settings SELECT 'key' || g, 'value' || g FROM generate_series(1, 30) g;

INSERT INTO customers
SELECT g, 'user' || g || '@example.com', 'Customer ' || g, chr(65 + (g % 200) / 26) || chr(65 + (g % 200) % 26),
       'City ' || (g % 500), '+1555' || lpad(g::text, 7, '0'), lpad(to_hex(g * 7919), 8, '0'),
       timestamptz '2020-01-01' + g * interval '30 minutes', timestamptz '2024-01-01' + (g % 1000) * interval '1 hour',
       g % 10 <> 0, g % 1000
FROM generate_series(1, 50000) g;

INSERT INTO products
SELECT g, 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || md5(g::text), repeat('Lorem ipsum dolor sit amet. ', 3),
       1 + g % 150, (g % 500) + 0.99, g % 100, 100 + g % 5000, g % 300, g % 200, g % 100,
       (ARRAY['red', 'green', 'blue', 'black', 'white'])[1 + g % 5], 'material ' || g % 20, 'brand ' || g % 300,
       'SUP' || g % 700, 1 + g % 3, g % 20 <> 0, (g % 500) / 100.0, g % 250, lpad(g::text, 13, '0'),
       chr(65 + (g % 200) / 26) || chr(65 + (g % 200) % 26), (g % 4) * 12,
       timestamptz '2019-01-01' + g * interval '1 hour', timestamptz '2024-01-01' + g * interval '1 minute'
FROM generate_series(1, 20000) g;

INSERT INTO orders
SELECT g, 1 + (g * 7) % 50000, (ARRAY['pending', 'paid', 'shipped', 'delivered', 'cancelled']::order_status[])[1 + g % 5],
       (g % 1000) + 0.5, (ARRAY['EUR', 'USD', 'GBP'])[1 + g % 3], timestamptz '2022-01-01' + g * interval '3 minutes',
       CASE WHEN g % 5 >= 2 THEN timestamptz '2022-01-02' + g * interval '3 minutes' END,
       CASE WHEN g % 50 = 0 THEN 'COUPON' || g % 97 END,
       chr(65 + (g % 200) / 26) || chr(65 + (g % 200) % 26), NULL
FROM generate_series(1, 200000) g;

INSERT INTO order_items
SELECT g, 1 + (g - 1) / 2, 1 + (g * 13) % 20000, 1 + g % 4, (g % 500) + 0.99
FROM generate_series(1, 400000) g;

INSERT INTO page_views
SELECT g, CASE WHEN g % 4 <> 0 THEN 1 + g % 50000 END, '/p/' || g % 20000, timestamptz '2024-01-01' + g * interval '10 seconds'
FROM generate_series(1, 150000) g;

ANALYZE;
