package io.ltvlake.jobs.gold.deal_metrics;

import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.gold.deals.DealsTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Metrics by deal number: how customers move from their first deal to the next ones. */
public final class RepeatDealsJob implements Job {

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
        return List.of(DealMetricsTables.REPEAT_DEAL_METRICS);
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> deals = lake.read(DealsTables.DEALS);
        result.read(deals.count());
        result.wrote(lake.overwrite(DealMetricsTables.REPEAT_DEAL_METRICS, DealMetricsTransforms.repeatDealMetrics(deals)));
        return result.build();
    }
}
