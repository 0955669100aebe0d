-- Every event's identifiers, typed (customer_id:…, phone:…, email:…, client_id:…), as conform's identifierEvents
CREATE OR REPLACE TABLE identity_events AS
SELECT event_type, event_key, list_filter(ids, id -> id IS NOT NULL) AS ids FROM (
    SELECT 'order' AS event_type, order_id AS event_key,
           ['customer_id:' || customer_id, 'phone:' || phone, 'email:' || email, 'client_id:' || client_id] AS ids
    FROM silver_orders
    UNION ALL
    SELECT 'call', call_id, ['phone:' || caller_phone, 'client_id:' || client_id] FROM silver_calls
    UNION ALL
    SELECT 'session', session_id, ['client_id:' || client_id, 'customer_id:' || customer_id, 'email:' || email, 'phone:' || phone]
    FROM silver_sessions
    UNION ALL
    SELECT 'message', message_id, ['customer_id:' || customer_id, 'email:' || email, 'phone:' || phone, 'client_id:' || client_id]
    FROM silver_messages);

-- a star per event: every identifier linked to the event's smallest one; self-loops keep lone identifiers
CREATE OR REPLACE TABLE identity_neighbours AS
WITH edges AS (
    SELECT DISTINCT unnest(ids) AS src, list_min(ids) AS dst FROM identity_events WHERE len(ids) > 0)
SELECT src, dst FROM edges UNION SELECT dst, src FROM edges;

CREATE OR REPLACE TABLE identity_labels AS
SELECT src AS node, least(min(dst), src) AS label FROM identity_neighbours GROUP BY src;
