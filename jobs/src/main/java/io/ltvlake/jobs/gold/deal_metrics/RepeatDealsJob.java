package io.ltvlake.jobs.gold.deal_metrics;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.deals.DealsTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Metrics by deal number: how customers move from their first deal to the next ones. */
public final class RepeatDealsJob extends DeclaredJob {

    public RepeatDealsJob() {
        super("repeat_deals",
                "repeat-deal metrics by deal number: conversion, days between deals, average check, margin",
                List.of("deals"),
                List.of(DealMetricsTables.REPEAT_DEAL_METRICS));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> deals = lake.read(DealsTables.DEALS);
        result.read(lake.rows(DealsTables.DEALS));
        result.wrote(lake.overwrite(DealMetricsTables.REPEAT_DEAL_METRICS, DealMetricsTransforms.repeatDealMetrics(deals)));
        return result.build();
    }
}
