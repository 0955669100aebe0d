-- silver.order_lines: the lines of each order's latest export (then latest updated_at, then file),
-- one row per line number, contacts normalised, status completed when missing, revenue lines marked
CREATE OR REPLACE TABLE silver_order_lines AS
WITH versions AS (
    SELECT *, dense_rank() OVER (PARTITION BY order_id
                                 ORDER BY _export_date DESC, updated_at DESC NULLS LAST, _source_file DESC) AS version
    FROM checked_order_lines WHERE _reason IS NULL),
keyed AS (
    SELECT *, coalesce(CAST(line_no AS VARCHAR),
                       'h' || left(sha256(concat_ws('|', order_id, CAST(ordered_at AS VARCHAR), product_id, CAST(quantity AS VARCHAR),
                                                    CAST(unit_price AS VARCHAR), customer_id, phone, email, client_id, status)), 16)) AS line_key
    FROM versions WHERE version = 1),
single AS (
    SELECT *, row_number() OVER (PARTITION BY order_id, line_key
                                 ORDER BY product_id, quantity, unit_price, _source_file) AS copy
    FROM keyed)
SELECT * EXCLUDE (version, copy, phone, email, status),
       e164(phone) AS phone, normalised_email(email) AS email,
       coalesce(status, 'completed') AS status,
       quantity > 0 AND unit_price > 0 AS is_revenue_line,
       business_date(ordered_at) AS order_date
FROM single WHERE copy = 1;

-- silver.orders: one row per order; a purchase is completed with at least one positive line
CREATE OR REPLACE TABLE silver_orders AS
WITH orders AS (
    SELECT order_id,
           any_value(customer_id) AS customer_id, any_value(phone) AS phone, any_value(email) AS email,
           any_value(client_id) AS client_id, any_value(jtbd) AS jtbd, any_value(guests) AS guests,
           any_value(store) AS store, any_value(country) AS country,
           CAST(sum(CASE WHEN is_revenue_line THEN quantity ELSE 0 END) AS INTEGER) AS item_count,
           count(DISTINCT CASE WHEN is_revenue_line THEN category END) AS category_count,
           min(ordered_at) AS ordered_at, min(order_date) AS order_date,
           first(status ORDER BY line_key) AS status,
           bool_or(is_revenue_line) AS has_revenue_line,
           CAST(coalesce(sum(CASE WHEN is_revenue_line THEN quantity * unit_price END), 0) AS DECIMAL(18,2)) AS order_value,
           CAST(sum(CASE WHEN is_revenue_line THEN quantity * unit_cost END) AS DECIMAL(18,2)) AS order_cost
    FROM silver_order_lines GROUP BY order_id)
SELECT *, status = 'completed' AND has_revenue_line AS is_purchase,
       CASE WHEN status = 'completed' AND has_revenue_line THEN order_value ELSE 0 END AS revenue
FROM orders;

-- silver.sessions, silver.calls, silver.messages, silver.products: the latest export of each key
CREATE OR REPLACE TABLE silver_sessions AS
SELECT * EXCLUDE (phone, email, latest), e164(phone) AS phone, normalised_email(email) AS email
FROM (SELECT *, row_number() OVER (PARTITION BY session_id ORDER BY _export_date DESC, _source_file DESC) AS latest
      FROM checked_sessions WHERE _reason IS NULL)
WHERE latest = 1;

CREATE OR REPLACE TABLE silver_calls AS
SELECT * EXCLUDE (caller_phone, latest), e164(caller_phone) AS caller_phone
FROM (SELECT *, row_number() OVER (PARTITION BY call_id ORDER BY _export_date DESC, _source_file DESC) AS latest
      FROM checked_calls WHERE _reason IS NULL)
WHERE latest = 1;

CREATE OR REPLACE TABLE silver_messages AS
SELECT * EXCLUDE (phone, email, latest), e164(phone) AS phone, normalised_email(email) AS email
FROM (SELECT *, row_number() OVER (PARTITION BY message_id ORDER BY _export_date DESC, _source_file DESC) AS latest
      FROM checked_messages WHERE _reason IS NULL)
WHERE latest = 1;

CREATE OR REPLACE TABLE silver_products AS
SELECT * EXCLUDE (latest)
FROM (SELECT *, row_number() OVER (PARTITION BY product_id ORDER BY _export_date DESC, _source_file DESC) AS latest
      FROM checked_products WHERE _reason IS NULL)
WHERE latest = 1;
