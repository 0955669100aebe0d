package io.ltvlake.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.junit.jupiter.api.Test;

class CheckpointsTest {

    private static final SparkSession SPARK = TestSpark.session();

    /** Three rows whose values come from a plan with a shuffle: 1+2 = 3 for a, 4 for b. */
    private static Dataset<Row> sums() {
        return SPARK.sql("select key, sum(value) as total from values ('a', 1), ('a', 2), ('b', 4) as t(key, value) group by key");
    }

    private static List<String> sorted(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static RDD<?> checkpointed(Dataset<Row> rows) {
        assertTrue(rows.logicalPlan() instanceof LogicalRDD, "the plan starts from the computed rows: " + rows.logicalPlan());
        return ((LogicalRDD) rows.logicalPlan()).rdd();
    }

    @Test
    void inLocalModeTheCheckpointIsLocalAndWritesNoFile() {
        Dataset<Row> frozen = Checkpoints.eager(sums());

        assertEquals(List.of("[a,3]", "[b,4]"), sorted(frozen));
        RDD<?> rdd = checkpointed(frozen);
        assertTrue(rdd.isCheckpointed(), "computed when made (eager)");
        assertTrue(rdd.getCheckpointFile().isEmpty(), "a local checkpoint has no file");
    }

    @Test
    void aReliableCheckpointIsWrittenUnderTheFolderWhichTheRunRemoves() throws IOException {
        Path folder = TestSpark.tempDir("ltvlake-checkpoints");
        SparkContext context = SPARK.sparkContext();
        // the test JVM's session is local: the folder a cluster session gets from SparkSessions is set here by hand
        context.setCheckpointDir(folder.toString());

        Dataset<Row> frozen = Checkpoints.reliable(sums());

        assertEquals(List.of("[a,3]", "[b,4]"), sorted(frozen));
        String file = checkpointed(frozen).getCheckpointFile().get();
        assertTrue(file.contains(folder.getFileName().toString()), file + " under " + folder);
        try (Stream<Path> written = Files.walk(folder)) {
            assertTrue(written.anyMatch(p -> p.getFileName().toString().startsWith("part-")), "the rows are in files under " + folder);
        }
        Checkpoints.removeFolder(SPARK);
        assertFalse(Files.exists(Path.of(context.getCheckpointDir().get().replaceFirst("^file:", ""))),
                "the application's folder is gone");
        assertEquals(List.of("[a,4]", "[b,4]"), sorted(Checkpoints.reliable(SPARK.sql(
                "select key, max(value) as total from values ('a', 4), ('b', 4) as t(key, value) group by key"))),
                "a later checkpoint makes the folder again");
        Checkpoints.removeFolder(SPARK);
    }

    @Test
    void onlyASessionOnAClusterGetsAFolderUnderTheLake() {
        SparkContext local = SPARK.sparkContext();
        scala.Option<String> before = local.getCheckpointDir();
        Checkpoints.useFolderUnderLakeOnACluster(local, "/nonexistent/lake");
        assertEquals(before, local.getCheckpointDir(), "a local session keeps what it had");
        assertEquals("true", local.getConf().get("spark.cleaner.referenceTracking.cleanCheckpoints"),
                "checkpoints no plan refers to are cleaned during the run");
    }
}
