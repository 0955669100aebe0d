package io.ltvlake.common.testing;

import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The upstream tables a job test starts from. A test's seed rows carry only the columns the job
 * under test reads, while a table's checks are made for the full rows its own job writes; so seeds
 * are written as plain Delta tables where the lake keeps the table, and the checks stay with the
 * jobs that produce the rows (the job under test's own writes are checked as in a run).
 */
public final class LakeSeeds {

    private LakeSeeds() {}

    public static void seed(Lake lake, TableSpec table, Dataset<Row> rows) {
        rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
                .partitionBy(table.partitionColumns().toArray(String[]::new)).save(lake.path(table));
    }
}
