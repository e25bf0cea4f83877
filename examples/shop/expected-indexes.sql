-- What a careful DBA adds after reading workload.log (one index per line, in the order of
-- the queries that need it). The example test parses this file and checks that
-- `shadowtune run` proposes validated indexes covering at least 90% of these.
CREATE INDEX ON orders (customer_id, created_at DESC);        -- a customer's orders, newest first
CREATE INDEX ON order_items (order_id);                       -- an order's lines (and the foreign key)
CREATE INDEX ON payments (order_id);                          -- an order's payments (and the foreign key)
CREATE INDEX ON reviews (product_id, created_at DESC);        -- a product page's latest reviews
CREATE INDEX ON products (category_id, price);                -- a category listing sorted by price
CREATE INDEX ON customers (lower(email));                     -- login by e-mail, case-insensitive
CREATE INDEX ON orders (status, created_at);                  -- the back office's queue of pending orders
CREATE INDEX ON order_items (product_id);                     -- sales of a product (and the foreign key)
CREATE INDEX ON reviews (customer_id, created_at DESC);       -- a customer's reviews, newest first
CREATE INDEX ON shipments (tracking_number);                  -- carrier callbacks look a shipment up by tracking number
