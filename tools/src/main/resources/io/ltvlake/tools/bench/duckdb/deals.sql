-- jtbd: an order's job is its CRM label (lower-case, blanks as '_'), else the first job rule (jtbd.rule-set)
-- that holds over its basket features, else the default job; lead-magnet orders (every positive line a
-- lead-magnet product) and main products come from the catalogue's roles
CREATE OR REPLACE TABLE deal_purchases AS
WITH baskets AS (
    SELECT l.order_id, count(*) AS positive_lines,
           list_sort(list(DISTINCT l.category) FILTER (WHERE l.category IS NOT NULL)) AS categories,
           list_sort(list(DISTINCT p.role) FILTER (WHERE p.role IS NOT NULL)) AS product_roles,
           count(*) FILTER (WHERE p.role = 'lead_magnet') AS lead_magnet_lines,
           count(*) FILTER (WHERE p.role = 'main') AS main_lines
    FROM silver_order_lines l LEFT JOIN silver_products p USING (product_id)
    WHERE l.is_revenue_line GROUP BY l.order_id),
features AS (
    SELECT o.*, coalesce(b.categories, []) AS categories, coalesce(b.product_roles, []) AS product_roles,
           b.positive_lines, b.lead_magnet_lines, b.main_lines,
           hour(timezone('${business_zone}', CAST(o.ordered_at AS TIMESTAMPTZ))) AS hour,
           isodow(timezone('${business_zone}', CAST(o.ordered_at AS TIMESTAMPTZ))) AS weekday,
           o.order_value AS total,
           nullif(regexp_replace(lower(trim(o.jtbd)), '\s+', '_', 'g'), '') AS crm_job
    FROM silver_orders o LEFT JOIN baskets b USING (order_id))
SELECT f.order_id, c.customer_key, f.ordered_at, epoch(f.ordered_at) AS at_second, f.order_date, f.revenue, f.order_cost,
       coalesce(f.crm_job, ${job_rule_case}, '${default_job}') AS job,
       coalesce(f.lead_magnet_lines > 0 AND f.lead_magnet_lines = f.positive_lines, false) AS is_lead_magnet_order,
       coalesce(f.main_lines > 0, false) AS has_main_product
FROM features f
JOIN event_customers c ON c.event_type = 'order' AND c.event_key = f.order_id
WHERE f.is_purchase;

-- DESIGN §4 deals. An order joins the latest deal of its job when it comes within the immediate window
-- of that deal's previous order (immediate upsell) or within the deferred window of its opening
-- (deferred upsell); otherwise it opens a deal. A main-product order within the deferred window of
-- a lead-magnet order joins that order's deal, whatever its job. The chain is anchored at each deal's
-- opening, so it is walked in order (a recursive CTE over each customer's and job's purchases,
-- numbered by a window function), not read off a single window.
CREATE OR REPLACE TABLE order_deals AS
WITH RECURSIVE lead_magnet_targets AS (
    SELECT p.order_id, arg_max(m.job, m.at_second) AS lead_magnet_job
    FROM deal_purchases p
    JOIN deal_purchases m ON m.customer_key = p.customer_key AND m.is_lead_magnet_order AND m.order_id <> p.order_id
         AND m.at_second <= p.at_second AND p.at_second - m.at_second <= ${deferred_seconds}
    WHERE p.has_main_product GROUP BY p.order_id),
sequenced AS (
    SELECT p.*, coalesce(t.lead_magnet_job, p.job) AS deal_group,
           row_number() OVER (PARTITION BY p.customer_key, coalesce(t.lead_magnet_job, p.job)
                              ORDER BY p.at_second, p.order_id) AS position
    FROM deal_purchases p LEFT JOIN lead_magnet_targets t USING (order_id)),
chain AS (
    SELECT customer_key, deal_group, position, order_id, at_second,
           at_second AS opened_second, '${source}:' || order_id AS deal_id, 'opening' AS kind
    FROM sequenced WHERE position = 1
    UNION ALL
    SELECT s.customer_key, s.deal_group, s.position, s.order_id, s.at_second,
           CASE WHEN s.at_second - c.at_second <= ${immediate_seconds} OR s.at_second - c.opened_second <= ${deferred_seconds}
                THEN c.opened_second ELSE s.at_second END,
           CASE WHEN s.at_second - c.at_second <= ${immediate_seconds} OR s.at_second - c.opened_second <= ${deferred_seconds}
                THEN c.deal_id ELSE '${source}:' || s.order_id END,
           CASE WHEN s.at_second - c.at_second <= ${immediate_seconds} THEN 'immediate_upsell'
                WHEN s.at_second - c.opened_second <= ${deferred_seconds} THEN 'deferred_upsell'
                ELSE 'opening' END
    FROM chain c JOIN sequenced s
      ON s.customer_key = c.customer_key AND s.deal_group = c.deal_group AND s.position = c.position + 1),
numbered AS (
    SELECT c.*, dense_rank() OVER (PARTITION BY c.customer_key ORDER BY c.opened_second, c.deal_id) AS deal_seq
    FROM chain c),
-- a deal a lead magnet opened takes the job of its first main-product order
deal_jobs AS (
    SELECT n.deal_id,
           CASE WHEN bool_or(n.kind = 'opening' AND p.is_lead_magnet_order)
                THEN coalesce(arg_min(p.job, p.at_second) FILTER (WHERE p.has_main_product), any_value(n.deal_group))
                ELSE any_value(n.deal_group) END AS deal_job
    FROM numbered n JOIN deal_purchases p USING (order_id) GROUP BY n.deal_id)
SELECT p.order_id, p.customer_key, p.ordered_at, p.order_date, p.revenue, p.order_cost, n.deal_id, n.deal_seq,
       j.deal_job,
       CASE WHEN n.kind <> 'opening' THEN n.kind WHEN n.deal_seq = 1 THEN 'first' ELSE 'repeat' END AS purchase_kind
FROM numbered n JOIN deal_purchases p USING (order_id) JOIN deal_jobs j USING (deal_id);

CREATE OR REPLACE TABLE deals AS
SELECT deal_id, any_value(customer_key) AS customer_key, any_value(deal_job) AS job, any_value(deal_seq) AS deal_seq,
       min(ordered_at) AS opened_at, max(ordered_at) AS closed_at, min(order_date) AS opened_date, count(*) AS order_count,
       count(*) FILTER (WHERE purchase_kind = 'immediate_upsell') AS immediate_upsell_count,
       count(*) FILTER (WHERE purchase_kind = 'deferred_upsell') AS deferred_upsell_count,
       CAST(sum(revenue) AS DECIMAL(18,2)) AS revenue
FROM order_deals GROUP BY deal_id;
