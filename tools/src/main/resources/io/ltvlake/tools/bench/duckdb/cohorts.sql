-- cohorts: a customer's cohort is the business month of the first purchase; first_job is the job of
-- deal 1; first_touch_channel is the channel of the earliest session no later than the first purchase
CREATE OR REPLACE TABLE session_channels AS
WITH touches AS (
    SELECT s.session_id, s.started_at, c.customer_key,
           nullif(lower(trim(s.utm_source)), '') AS utm_source, nullif(lower(trim(s.utm_medium)), '') AS utm_medium,
           nullif(lower(trim(s.utm_campaign)), '') AS utm_campaign, nullif(lower(trim(s.referrer)), '') AS referrer,
           regexp_replace(nullif(regexp_extract(lower(trim(s.referrer)), '^[a-z][a-z0-9+.-]*://([^/:?#@]+)', 1), ''), '^www[.]', '') AS referrer_host,
           NULL::VARCHAR AS touch_type
    FROM silver_sessions s JOIN event_customers c ON c.event_type = 'session' AND c.event_key = s.session_id)
SELECT session_id, started_at, customer_key, ${channel_case} AS channel FROM touches;

CREATE OR REPLACE TABLE cohort_customers AS
WITH purchases AS (SELECT * FROM order_deals WHERE order_date <= DATE '${run_date}'),
acquired AS (
    SELECT customer_key, CAST(date_trunc('month', min(order_date)) AS DATE) AS cohort_month, min(ordered_at) AS acquired_at
    FROM purchases GROUP BY customer_key),
first_jobs AS (SELECT customer_key, job AS first_job FROM deals WHERE deal_seq = 1),
first_touches AS (
    SELECT s.customer_key, s.channel,
           row_number() OVER (PARTITION BY s.customer_key ORDER BY s.started_at, s.session_id) AS touch
    FROM session_channels s JOIN acquired a USING (customer_key) WHERE s.started_at <= a.acquired_at)
SELECT a.*, coalesce(j.first_job, '${default_job}') AS first_job, coalesce(t.channel, '${default_channel}') AS first_touch_channel
FROM acquired a LEFT JOIN first_jobs j USING (customer_key)
LEFT JOIN first_touches t ON t.customer_key = a.customer_key AND t.touch = 1;

-- gold.cohort_retention: every split, cohort and month since acquisition up to the run's month
CREATE OR REPLACE TABLE cohort_retention AS
WITH splits AS (
    SELECT customer_key, cohort_month, 'all' AS split_type, 'all' AS split_value FROM cohort_customers
    UNION ALL SELECT customer_key, cohort_month, 'first_touch_channel', first_touch_channel FROM cohort_customers
    UNION ALL SELECT customer_key, cohort_month, 'first_job', first_job FROM cohort_customers),
grid AS (
    SELECT split_type, split_value, cohort_month, count(*) AS cohort_customers,
           unnest(range(0, datediff('month', cohort_month, DATE '${run_month}') + 1)) AS months_since_acquisition
    FROM splits GROUP BY split_type, split_value, cohort_month),
customer_months AS (
    SELECT customer_key, CAST(date_trunc('month', order_date) AS DATE) AS activity_month, count(*) AS orders,
           count(*) FILTER (WHERE purchase_kind IN ('first', 'repeat')) AS deals, sum(revenue) AS revenue
    FROM order_deals WHERE order_date <= DATE '${run_date}' GROUP BY ALL),
activity AS (
    SELECT s.split_type, s.split_value, s.cohort_month, datediff('month', s.cohort_month, m.activity_month) AS months_since_acquisition,
           count(*) AS active_customers, sum(m.orders) AS orders, sum(m.deals) AS deals,
           CAST(sum(m.revenue) AS DECIMAL(18,2)) AS revenue
    FROM splits s JOIN customer_months m USING (customer_key) GROUP BY ALL)
SELECT g.*, coalesce(a.active_customers, 0) AS active_customers, coalesce(a.orders, 0) AS orders,
       coalesce(a.deals, 0) AS deals, coalesce(a.revenue, 0) AS revenue,
       coalesce(a.active_customers, 0) * 100.0 / g.cohort_customers AS retention_percent
FROM grid g LEFT JOIN activity a USING (split_type, split_value, cohort_month, months_since_acquisition);
