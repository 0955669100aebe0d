package io.ltvlake.jobs.gold.rfm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.gold.clv.ClvTables;
import io.ltvlake.jobs.gold.deals.DealsTables;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Segment LTV per RFM segment: the run date's segments with their revenue so far and the value
 * the CLV model expects of them, which is what a retention budget is planned against. It needs
 * the run date's RFM snapshot, so it runs after {@code rfm} and {@code clv} of the same night.
 */
public final class SegmentValueJob extends DeclaredJob {

    public SegmentValueJob() {
        super("segment_value",
                "Lifetime value so far and predicted CLV per RFM segment",
                List.of("rfm", "clv"),
                List.of(RfmTables.RFM_SEGMENT_LTV));
    }

    private static final StructType NO_CLV = new StructType().add("customer_key", DataTypes.StringType)
            .add("probability_alive", DataTypes.DoubleType).add("expected_purchases", DataTypes.DoubleType)
            .add("expected_value", DataTypes.createDecimalType(18, 2));

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Lake lake = context.lake();
        Dataset<Row> snapshot = lake.read(RfmTables.CUSTOMER_RFM)
                .filter(col("snapshot_date").equalTo(lit(Date.valueOf(context.runDate()))));
        // not a count to print: a missing snapshot must stop the job; it reads one snapshot_date partition only
        long customers = snapshot.count();
        if (customers == 0) {
            throw new IllegalStateException(RfmTables.CUSTOMER_RFM.name() + " has no snapshot for " + context.runDate()
                    + ": run the rfm job for this date first");
        }
        Dataset<Row> orderDeals = lake.read(DealsTables.ORDER_DEALS);
        result.read(customers).read(lake.rows(DealsTables.ORDER_DEALS));
        Dataset<Row> clv = lake.readIfExists(ClvTables.CUSTOMER_CLV).orElseGet(() -> {
            context.warn(result, ClvTables.CUSTOMER_CLV.name() + " does not exist (the model could not be fitted): "
                    + "the expected columns are null");
            return context.spark().createDataFrame(List.of(), NO_CLV);
        });
        result.wrote(lake.overwrite(RfmTables.RFM_SEGMENT_LTV, RfmTransforms.segmentValue(orderDeals, snapshot, clv,
                context.runDate())));
        return result.build();
    }
}
