-- gold.customer_rfm: per snapshot, the customers with a deal opened in the lookback (days
-- snapshot - lookback + 1 .. snapshot), counting only orders up to the snapshot; scores 1..levels
-- by percent rank, worst first (the quintiles scoring)
CREATE OR REPLACE TABLE customer_rfm AS
WITH purchases AS (
    SELECT customer_key, deal_id, order_date, revenue, min(order_date) OVER (PARTITION BY deal_id) AS opened_date
    FROM order_deals),
-- every month end from the first purchase's month to before the run date, the run date and the day before
month_ends AS (
    SELECT CAST(last_day(CAST(unnest(range(date_trunc('month', min(order_date)), DATE '${run_date}', INTERVAL 1 MONTH)) AS DATE)) AS DATE)
           AS snapshot_date
    FROM order_deals WHERE customer_key IS NOT NULL),
snapshots AS (
    SELECT snapshot_date FROM month_ends WHERE snapshot_date < DATE '${run_date}'
    UNION SELECT unnest([${snapshot_dates}])),
known AS (
    SELECT s.snapshot_date, p.* FROM purchases p
    JOIN snapshots s ON p.order_date <= s.snapshot_date AND p.opened_date > s.snapshot_date - ${lookback_days}),
measures AS (
    SELECT snapshot_date, customer_key, max(opened_date) AS last_deal_date, count(DISTINCT deal_id) AS frequency,
           CAST(sum(revenue) AS DECIMAL(18,2)) AS monetary, snapshot_date - max(opened_date) AS recency_days
    FROM known GROUP BY snapshot_date, customer_key)
SELECT *,
       CAST(least(floor(percent_rank() OVER (PARTITION BY snapshot_date ORDER BY recency_days DESC) * ${levels}) + 1, ${levels}) AS INTEGER) AS r_score,
       CAST(least(floor(percent_rank() OVER (PARTITION BY snapshot_date ORDER BY frequency) * ${levels}) + 1, ${levels}) AS INTEGER) AS f_score,
       CAST(least(floor(percent_rank() OVER (PARTITION BY snapshot_date ORDER BY monetary) * ${levels}) + 1, ${levels}) AS INTEGER) AS m_score
FROM measures;
