package io.ltvlake.common.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LakeTest {

    private final SparkSession spark = TestSpark.session();
    private final Lake lake = new Lake(spark, TestSpark.tempDir("lake-test").toString());
    private final TableSpec spec = TableSpec.of("bronze.things", "one row per thing and day", List.of("day", "id"),
            "things by day").partitionedBy("day");
    private final StructType schema = new StructType().add("day", "string").add("id", "int").add("value", "string");

    private Dataset<Row> rows(Object[]... values) {
        return spark.createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create).toList(), schema);
    }

    @Test
    void replaceWhereReplacesOnlyItsSliceAndARerunChangesNothing() {
        lake.replaceWhere(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d1", 2, "b"}), "day = 'd1'");
        Lake.Write second = lake.replaceWhere(spec, rows(new Object[] {"d2", 1, "c"}), "day = 'd2'");
        assertEquals(1, second.rowsWritten());
        Lake.Write rerun = lake.replaceWhere(spec, rows(new Object[] {"d1", 1, "a2"}), "day = 'd1'");
        assertEquals(1, rerun.rowsWritten());
        List<String> all = lake.read(spec).orderBy("day", "id").collectAsList().stream()
                .map(r -> r.getString(0) + r.getInt(1) + r.getString(2)).toList();
        assertEquals(List.of("d11a2", "d21c"), all);
        assertEquals(rerun.version(), lake.version(spec));
    }

    @Test
    void rowsOutsideTheSliceAreRefused() {
        // a new table: the write's checks refuse the rows (with a null day too) before anything is created
        Expectations.Refused refused = assertThrows(Expectations.Refused.class, () -> lake.replaceWhere(spec,
                rows(new Object[] {"d1", 1, "a"}, new Object[] {"d9", 2, "x"}, new Object[] {null, 3, "y"}), "day = 'd1'"));
        assertTrue(refused.getMessage().contains("inside_the_replaceWhere_slice") && refused.getMessage().contains("offending rows: 2 of 3"),
                refused.getMessage());
        assertFalse(lake.exists(spec), "nothing was created");
        // an existing table: Delta refuses them
        lake.replaceWhere(spec, rows(new Object[] {"d1", 1, "a"}), "day = 'd1'");
        Exception error = assertThrows(Exception.class,
                () -> lake.replaceWhere(spec, rows(new Object[] {"d9", 1, "x"}), "day = 'd1'"));
        assertTrue(String.valueOf(error.getMessage()).contains("DELTA_REPLACE_WHERE_MISMATCH"), error.getMessage());
        assertEquals(List.of("d1"), lake.read(spec).collectAsList().stream().map(r -> r.getString(0)).toList());
    }

    @Test
    void anOverwriteKeepingRowsChecksOnlyTheChangedOnesUnlessACheckReadsAColumnDerivedAgain() {
        StructType things = new StructType().add("id", "int").add("value", "string").add("customer_key", "string");
        java.util.function.Function<Object[][], Dataset<Row>> of = values -> spark.createDataFrame(
                java.util.Arrays.stream(values).map(RowFactory::create).toList(), things);
        // written before the table had its check, so the lake holds a row the check would refuse
        lake.overwrite(TableSpec.of("silver.kept_things", "one row per thing", List.of("id"), "things"),
                of.apply(new Object[][] {{1, null, "k1"}, {2, "b", "k2"}}));
        TableSpec checked = TableSpec.of("silver.kept_things", "one row per thing", List.of("id"), "things")
                .check(Expectation.expression("value_is_known", "value is not null"));
        long stored = lake.version(checked);
        Dataset<Row> kept = lake.readAt(checked, stored);

        // kept rows were checked when written: only the changed one is, so the three rows are written
        Dataset<Row> changed = of.apply(new Object[][] {{3, "c", null}});
        Lake.Write write = lake.overwrite(checked, kept.unionByName(changed), null, new Lake.Keeping(kept, changed, List.of("customer_key")));
        assertEquals(3, write.rowsWritten());
        // the same rows overwritten plainly are all checked
        Expectations.Refused all = assertThrows(Expectations.Refused.class,
                () -> lake.overwrite(checked, of.apply(new Object[][] {{1, null, "k1"}, {2, "b", "k2"}, {3, "c", null}})));
        assertTrue(all.getMessage().contains("value_is_known") && all.getMessage().contains("offending rows: 1 of 3"), all.getMessage());

        Dataset<Row> keptNow = lake.readAt(checked, write.version());
        // a changed row that fails a check is refused
        Dataset<Row> unknown = of.apply(new Object[][] {{4, null, null}});
        Expectations.Refused failing = assertThrows(Expectations.Refused.class, () -> lake.overwrite(checked,
                keptNow.unionByName(unknown), null, new Lake.Keeping(keptNow, unknown, List.of("customer_key"))));
        assertTrue(failing.getMessage().contains("offending rows: 1 of 1"), failing.getMessage());
        // a changed row whose key a kept row still holds would be in the table twice
        Dataset<Row> twice = of.apply(new Object[][] {{2, "b2", null}});
        Expectations.Refused duplicate = assertThrows(Expectations.Refused.class, () -> lake.overwrite(checked,
                keptNow.unionByName(twice), null, new Lake.Keeping(keptNow, twice, List.of("customer_key"))));
        assertTrue(duplicate.getMessage().contains("rows kept sharing a key with the rows written again: 1"), duplicate.getMessage());
        // kept rows whose value was derived again, which the check reads, are checked like the rest
        Dataset<Row> fine = of.apply(new Object[][] {{5, "e", null}});
        Expectations.Refused rederived = assertThrows(Expectations.Refused.class, () -> lake.overwrite(checked,
                keptNow.unionByName(fine), null, new Lake.Keeping(keptNow, fine, List.of("customer_key", "value"))));
        assertTrue(rederived.getMessage().contains("offending rows: 1 of 4"), rederived.getMessage());
        assertEquals(write.version(), lake.version(checked), "nothing refused was committed");
    }

    @Test
    void aNewTablesFirstReplaceWhereCreatesItWithItsRowsInOneCommit() {
        Lake.Write first = lake.replaceWhere(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d1", 2, "b"}), "day = 'd1'");
        assertEquals(List.of(0L, 2L), List.of(first.version(), first.rowsWritten()));
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + lake.path(spec) + "`").select("description", "partitionColumns").first();
        assertEquals(List.of("things by day", List.of("day")), List.of(detail.getString(0), detail.getList(1)));
    }

    @Test
    void theSpecIsStoredWithTheTable() {
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}));
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + lake.path(spec) + "`").select("description", "properties").first();
        assertEquals("things by day", detail.getString(0));
        java.util.Map<String, String> properties = detail.getJavaMap(1);
        assertEquals("one row per thing and day", properties.get("ltvlake.grain"));
        assertEquals("day,id", properties.get("ltvlake.primary_key"));
    }

    @Test
    void registeredTablesAreQueryableByLayerAndName() {
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d1", 2, "b"}));
        lake.registerAll(List.of(spec, TableSpec.of("silver.absent", "none", List.of(), "not written")));
        assertEquals(2L, spark.sql("select count(*) from bronze.things").first().getLong(0));
    }

    @Test
    void aTableMissingFromTheLakeDoesNotResolveToAnEarlierRegistration() {
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}));
        lake.registerAll(List.of(spec));
        Lake empty = new Lake(spark, TestSpark.tempDir("lake-test-empty").toString());
        assertEquals(List.of(), empty.registerAll(List.of(spec)));
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> spark.sql("select * from bronze.things").count(),
                "bronze.things is not in this lake");
    }

    /** The actions of one commit of the table, by kind ("add", "remove", "metaData", "commitInfo", ...). */
    private List<String> actionsOf(TableSpec table, long version) throws java.io.IOException {
        java.nio.file.Path commit = java.nio.file.Path.of(lake.path(table), "_delta_log", String.format("%020d.json", version));
        return java.nio.file.Files.readAllLines(commit).stream().map(line -> line.substring(2, line.indexOf('"', 2))).toList();
    }

    @Test
    void anOverwriteWithTheSameColumnsChangesNoMetadataAndReportsTheRowsItWrote() throws Exception {
        Lake.Write first = lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}));
        // version 0 creates the table with its spec and its first rows, in one commit
        assertEquals(0, first.version());
        assertEquals(1, first.rowsWritten());
        Lake.Write again = lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d1", 2, "b"},
                new Object[] {"d2", 3, "c"}));
        assertEquals(1, again.version());
        assertEquals(3, again.rowsWritten());
        assertEquals(1, lake.version(spec));
        assertTrue(actionsOf(spec, 0).containsAll(List.of("metaData", "add")), "the creation holds the metadata and the rows: "
                + actionsOf(spec, 0));
        assertTrue(actionsOf(spec, 1).contains("add"), "the rewrite adds files");
        assertTrue(!actionsOf(spec, 1).contains("metaData"), "a same-columns rewrite keeps the metadata: " + actionsOf(spec, 1));
    }

    @Test
    void theFirstWriteOfANewTableRecordsWhatItWasComputedFromToo() {
        Lake.Write first = lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d1", 2, "b"}), "silver.orders=3");
        Lake.Commit commit = lake.lastCommit(spec).orElseThrow();
        assertEquals(List.of(0L, java.util.Optional.of("silver.orders=3"), "2"),
                List.of(commit.version(), commit.metadata(), commit.metrics().get("numOutputRows")), "created with its rows");
        assertEquals(2, first.rowsWritten());
        // the metadata was this commit's alone: the next write, and a new table, record none
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "c"}));
        assertEquals(java.util.Optional.empty(), lake.lastCommit(spec).orElseThrow().metadata());
        TableSpec other = TableSpec.of("bronze.others", "one row per thing", List.of("id"), "others");
        lake.overwrite(other, rows(new Object[] {"d1", 1, "a"}).select("id", "value"));
        assertEquals(java.util.Optional.empty(), lake.lastCommit(other).orElseThrow().metadata());
    }

    @Test
    void anOverwriteCanRecordWhatItWasComputedFromInItsCommit() {
        assertTrue(lake.lastCommit(spec).isEmpty(), "no table, no commit");
        Lake.Write plain = lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}));
        Lake.Commit first = lake.lastCommit(spec).orElseThrow();
        assertEquals(plain.version(), first.version());
        assertEquals(java.util.Optional.empty(), first.metadata());
        assertEquals("1", first.metrics().get("numOutputRows"), "the commit's metrics, from its log entry: " + first.metrics());
        Lake.Write recorded = lake.overwrite(spec, rows(new Object[] {"d1", 1, "b"}, new Object[] {"d1", 2, "c"}), "silver.orders=7");
        Lake.Commit second = lake.lastCommit(spec).orElseThrow();
        assertEquals(List.of(recorded.version(), java.util.Optional.of("silver.orders=7"), "2"),
                List.of(second.version(), second.metadata(), second.metrics().get("numOutputRows")));
        assertEquals(2, recorded.rowsWritten(), "rows written come from the same metrics");
        assertEquals(plain.version() + 1, recorded.version());
        assertEquals("a", lake.readAt(spec, plain.version()).first().getString(2), "the earlier commit's rows, by time travel");
        assertEquals("b", lake.readAt(spec, recorded.version()).orderBy("id").first().getString(2));
    }

    @Test
    void anOverwriteThatAddsAColumnReplacesTheSchema() throws Exception {
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}));
        StructType wider = schema.add("note", "string");
        Lake.Write write = lake.overwrite(spec, spark.createDataFrame(List.of(RowFactory.create("d1", 1, "a", "n"),
                RowFactory.create("d1", 2, "b", null)), wider));
        assertEquals(2, write.rowsWritten());
        assertTrue(actionsOf(spec, write.version()).contains("metaData"));
        assertEquals(List.of("day", "id", "value", "note"), List.of(lake.read(spec).columns()));
    }

    @Test
    void aWriteThatChangesNothingMakesNoCommitAndReportsNoRows() {
        Lake.Write first = lake.replaceWhere(spec, rows(new Object[] {"d1", 1, "a"}), "day = 'd1'");
        Lake.Write nothing = lake.replaceWhere(spec, rows(), "day = 'd9'");
        assertEquals(0, nothing.rowsWritten());
        assertEquals(first.version(), nothing.version());
        assertEquals(first.version(), lake.version(spec));
    }

    @Test
    void aReplaceWhereOnAColumnOutsideThePartitioningCountsOnlyTheSliceItWrote() {
        // day partitions the table: replacing id = 1 rewrites d1's file, carrying id 2 over unchanged
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d1", 2, "b"}));
        Lake.Write write = lake.replaceWhere(spec, rows(new Object[] {"d1", 1, "a2"}), "id = 1");
        assertEquals(1, write.rowsWritten());
        List<String> all = lake.read(spec).orderBy("id").collectAsList().stream().map(r -> r.getInt(1) + r.getString(2)).toList();
        assertEquals(List.of("1a2", "2b"), all);
    }

    @Test
    void rowsComeFromTheDeltaLogAndCountWhatTheTableHoldsNow() {
        // d1 holds ids 1 and 2 in one file, d2 id 3 in another
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d1", 2, "b"}, new Object[] {"d2", 3, "c"}));
        assertEquals(java.util.OptionalLong.of(3), lake.rows(spec));
        // replacing d2 by two rows: 2 kept in d1 + 2 new in d2
        lake.replaceWhere(spec, rows(new Object[] {"d2", 3, "c"}, new Object[] {"d2", 4, "d"}), "day = 'd2'");
        assertEquals(java.util.OptionalLong.of(4), lake.rows(spec));
        // a deletion vector hides id 2 inside d1's file, which still records 2 rows in its statistics: 4 - 1
        spark.sql("ALTER TABLE delta.`" + lake.path(spec) + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        spark.sql("DELETE FROM delta.`" + lake.path(spec) + "` WHERE id = 2");
        assertEquals(java.util.OptionalLong.of(3), lake.rows(spec));
        assertEquals(3L, lake.read(spec).count());
    }

    @Test
    void aTableReplacedWholeByItsLastCommitHasItsRowsFromThatCommitWithoutASparkJob() {
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d2", 2, "b"}));
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d1", 2, "b"}, new Object[] {"d3", 3, "c"}));
        assertTrue(lake.lastCommit(spec).orElseThrow().replacedTheTable(), "an overwrite replaces the table");
        org.apache.spark.SparkContext context = spark.sparkContext();
        String group = "lake-test-rows-" + System.nanoTime();
        context.setJobGroup(group, "rows of a table", false);
        try {
            assertEquals(java.util.OptionalLong.of(3), lake.rows(spec));
            assertEquals(0, context.statusTracker().getJobIdsForGroup(group).length, "no Spark job for the count");
            // a replaceWhere keeps rows it did not write: the count comes from the files' statistics, in a Spark job
            lake.replaceWhere(spec, rows(new Object[] {"d3", 3, "c"}, new Object[] {"d3", 4, "d"}), "day = 'd3'");
            assertFalse(lake.lastCommit(spec).orElseThrow().replacedTheTable());
            int before = context.statusTracker().getJobIdsForGroup(group).length;
            assertEquals(java.util.OptionalLong.of(4), lake.rows(spec));
            assertTrue(context.statusTracker().getJobIdsForGroup(group).length > before, "the statistics are summed by Spark");
        } finally {
            context.clearJobGroup();
        }
    }

    /** Three rows whose values come from a plan with a shuffle: 1+2 = 3 for a, 4 for b. */
    private Dataset<Row> sums() {
        return spark.sql("select key, sum(value) as total from values ('a', 1), ('a', 2), ('b', 4) as t(key, value) group by key");
    }

    @Test
    void rowsFromACheckpointThroughRowByRowStepsAndBroadcastJoinsAreCheapToReadTwice() {
        Dataset<Row> computed = io.ltvlake.common.spark.Checkpoints.eager(sums());
        Dataset<Row> other = io.ltvlake.common.spark.Checkpoints.eager(sums()).withColumnRenamed("total", "other_total");
        assertTrue(Lake.cheapToReadTwice(computed));
        assertTrue(Lake.cheapToReadTwice(computed.filter("total > 3").withColumn("double", org.apache.spark.sql.functions.expr("total * 2"))));
        assertTrue(Lake.cheapToReadTwice(computed.unionByName(computed)));
        assertTrue(Lake.cheapToReadTwice(computed.join(org.apache.spark.sql.functions.broadcast(other.select("key", "other_total")), "key")));
        // a shuffle (the plan of sums, a join of two checkpoints, an aggregate) is worth a cache; so is a random value
        assertFalse(Lake.cheapToReadTwice(sums()));
        assertFalse(Lake.cheapToReadTwice(computed.join(other, "key")));
        assertFalse(Lake.cheapToReadTwice(computed.groupBy("key").count()));
        assertFalse(Lake.cheapToReadTwice(computed.withColumn("noise", org.apache.spark.sql.functions.rand())));
    }

    @Test
    void aDeltaTableIsCheapToReadTwiceThroughFiltersAndABroadcastJoinButACsvFileIsNot() throws Exception {
        lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}, new Object[] {"d2", 2, "b"}));
        Dataset<Row> stored = lake.readAt(spec, lake.version(spec));
        Dataset<Row> keys = io.ltvlake.common.spark.Checkpoints.eager(rows(new Object[] {"d1", 1, "a"}).select("day"));
        assertTrue(Lake.cheapToReadTwice(stored));
        assertTrue(Lake.cheapToReadTwice(lake.read(spec).filter("id > 1").select("day")));
        assertTrue(Lake.cheapToReadTwice(stored.join(org.apache.spark.sql.functions.broadcast(keys), new String[] {"day"}, "left_anti")));
        assertFalse(Lake.cheapToReadTwice(stored.groupBy("day").count()), "an aggregate of a table is worth a cache");

        java.nio.file.Path csv = java.nio.file.Files.writeString(TestSpark.tempDir("lake-test-csv").resolve("rows.csv"), "day,value\nd1,1\n");
        assertFalse(Lake.cheapToReadTwice(spark.read().option("header", "true").csv(csv.toString())), "a CSV scan parses every row again");
    }

    @Test
    void rowsAreUnknownWhenAFileHasNoStatisticsAndAnEmptyTableHoldsNone() {
        lake.overwrite(spec, rows());
        assertEquals(java.util.OptionalLong.of(0), lake.rows(spec));
        String key = "spark.databricks.delta.stats.collect";
        spark.conf().set(key, "false");
        try {
            lake.replaceWhere(spec, rows(new Object[] {"d1", 1, "a"}), "day = 'd1'");
        } finally {
            spark.conf().unset(key);
        }
        lake.replaceWhere(spec, rows(new Object[] {"d2", 2, "b"}), "day = 'd2'");
        assertEquals(java.util.OptionalLong.empty(), lake.rows(spec), "d1's file has no numRecords: 1 row, or 2 in all, would be a guess");
        assertThrows(IllegalStateException.class, () -> lake.rows(TableSpec.of("bronze.absent", "none", List.of(), "never written")));
    }

    @Test
    void aWriteNamesItsTableInTheSparkJobDescriptionsAndRestoresTheStepsAfter() throws Exception {
        List<String> descriptions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                descriptions.add(String.valueOf(start.properties().getProperty("spark.job.description")));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            spark.sparkContext().setJobDescription("conform: write silver");
            lake.overwrite(spec, rows(new Object[] {"d1", 1, "a"}));
            assertEquals("conform: write silver", spark.sparkContext().getLocalProperty("spark.job.description"));
            spark.sparkContext().listenerBus().waitUntilEmpty();
            // Delta names its own jobs within it, e.g. "Delta: conform: write silver: write bronze.things: Compute snapshot ..."
            assertTrue(!descriptions.isEmpty() && descriptions.stream().allMatch(d -> d.contains("conform: write silver: write bronze.things")),
                    descriptions.toString());
        } finally {
            spark.sparkContext().removeSparkListener(listener);
            spark.sparkContext().setJobDescription(null);
        }
    }
}
