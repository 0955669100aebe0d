package io.ltvlake.jobs.gold.deal_metrics;

import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.gold.deals.DealsJob;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Metrics by deal number: how customers move from their first deal to the next ones. */
public final class RepeatDealsJob implements Job {

    public static final TableSpec REPEAT_DEAL_METRICS = TableSpec.of("gold.repeat_deal_metrics", "one row per deal number",
            List.of("deal_seq"),
            "By deal number (1 = first deal): customers who got that far, conversion from the previous number, days "
                    + "since the previous deal (p25, median, p75), average check and its change, revenue, and margin "
                    + "over deals with known costs.");

    @Override
    public String name() {
        return "repeat_deals";
    }

    @Override
    public String description() {
        return "repeat-deal metrics by deal number: conversion, days between deals, average check, margin";
    }

    @Override
    public List<String> upstream() {
        return List.of("deals");
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of(REPEAT_DEAL_METRICS);
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> deals = lake.read(DealsJob.DEALS);
        result.read(deals.count());
        result.wrote(lake.overwrite(REPEAT_DEAL_METRICS, DealMetricsTransforms.repeatDealMetrics(deals)));
        return result.build();
    }
}
