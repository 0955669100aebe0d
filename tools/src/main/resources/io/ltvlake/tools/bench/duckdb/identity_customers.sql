-- silver.identity_map (one row per identifier) and silver.customers (one per component); the customer
-- key here is the component's smallest identifier (the lake keys it with a secret: the same partition)
CREATE OR REPLACE TABLE identity_map AS
SELECT split_part(node, ':', 1) AS identifier_type, substr(node, strpos(node, ':') + 1) AS identifier_value,
       label AS customer_key
FROM identity_labels;

CREATE OR REPLACE TABLE customers AS
SELECT customer_key, count(*) AS identifier_count FROM identity_map GROUP BY customer_key;

-- each event's customer: the component of its smallest identifier
CREATE OR REPLACE TABLE event_customers AS
SELECT e.event_type, e.event_key, l.label AS customer_key
FROM identity_events e JOIN identity_labels l ON l.node = list_min(e.ids)
WHERE len(e.ids) > 0;
