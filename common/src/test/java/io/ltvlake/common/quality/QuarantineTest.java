package io.ltvlake.common.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class QuarantineTest {

    private final SparkSession spark = TestSpark.session();

    @Test
    void aFileThatRepeatsABadLineKeepsEveryRepetitionInTheQuarantine() {
        StructType schema = new StructType().add("_source", "string").add("_entity", "string").add("_export_date", "date")
                .add("_source_file", "string").add("_raw", "string").add("_ingested_at", "timestamp").add(Quarantine.REASON, "string");
        Date day = Date.valueOf("2026-11-20");
        Timestamp at = Timestamp.valueOf("2026-11-21 02:00:00");
        Dataset<Row> checked = spark.createDataFrame(List.of(
                RowFactory.create("shop", "order_lines", day, "f.csv", "O1,x,2", at, "unparseable_number: quantity"),
                RowFactory.create("shop", "order_lines", day, "f.csv", "O1,x,2", at, "unparseable_number: quantity"),
                RowFactory.create("shop", "order_lines", day, "f.csv", "O2,y,1", at, null)), schema);

        Dataset<Row> rejected = Quarantine.rejected(checked);
        // two rows read, two rows rejected: the repetition is a row of its own, numbered 1 and 2
        assertEquals("[[O1,x,2,1,unparseable_number], [O1,x,2,2,unparseable_number]]",
                rejected.orderBy("_occurrence").select("_raw", "_occurrence", "_reason_code").collectAsList().toString());
        Lake lake = new Lake(spark, TestSpark.tempDir("quarantine-test").toString());
        // the key (with _occurrence) holds, so the lake's key check lets both rows in
        assertEquals(2, Quarantine.write(lake, rejected, "_entity = 'order_lines'").rowsWritten());
        assertEquals(2, lake.read(Quarantine.TABLE).count());
    }
}
