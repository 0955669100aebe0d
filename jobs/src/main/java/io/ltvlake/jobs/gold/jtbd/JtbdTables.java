package io.ltvlake.jobs.gold.jtbd;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: JtbdJob writes them, everyone else reads them from here. */
public final class JtbdTables {

    private JtbdTables() {}

    public static final TableSpec ORDER_JOBS = TableSpec.of("gold.order_jobs", "one row per order", List.of("source", "order_id"),
            "Every order's basket features (hour, weekday, item_count, category_count, guests, total, categories, "
                    + "product_roles, store, country) and its job: the CRM label, else the first matching rule of the "
                    + "configured rule set, else 'other' (job_source: crm, rule or default; job_rule: the rule's name).");
}
