package io.ltvlake.common.lake;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.BROADCAST$;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.ResolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The one way to read and write a Delta table of the lake. Every write is a single Delta
 * transaction: a full overwrite, or a {@code replaceWhere} of exactly the slice a run owns,
 * so a rerun replaces rather than appends.
 *
 * <p>Before it commits, every write checks the table's {@link Expectation}s on the rows it is
 * about to write ({@link Expectations}); a failing error check refuses the write with
 * {@link Expectations.Refused} and nothing is committed. The rows are persisted for the checks
 * and the write, so their plan is computed once and the rows checked are the rows written (a
 * plan with {@code current_timestamp()} or {@code rand()} would otherwise differ between two
 * computations); the cost is one cached copy of the table while it is written. Rows that are
 * cheap to read again and deterministic ({@link #cheapToReadTwice}: a checkpoint, say)
 * are read twice instead.
 *
 * <p>Relationships between two tables of one job: a job that writes {@code gold.order_deals}
 * before the {@code gold.deals} it points to cannot check the pointer at the first write. Inside
 * {@link #beginJob} (the job runner opens one per job) such a check waits for the referenced
 * table's write and runs before that commit, against the rows being written; if it fails there,
 * the referencing table is restored to its version before the job. Outside a job, a relationship
 * is checked against the referenced table as the lake holds it, and waits for its first write
 * when the table does not exist yet. Not thread-safe: one job writes at a time.
 */
public final class Lake {

    /**
     * What a write did: the table's version after it, the rows it wrote and the lines of the warn
     * checks that failed (the write went through).
     */
    public record Write(TableSpec table, long version, long rowsWritten, List<String> warnings) {
        public Write {
            warnings = List.copyOf(warnings);
        }

        public Write(TableSpec table, long version, long rowsWritten) {
            this(table, version, rowsWritten, List.of());
        }
    }

    /**
     * The writes of one job: a relationship to a table the job writes later is checked at that
     * write. {@link #finish} checks what is still waiting against the lake; {@link #close} ends the
     * scope either way.
     */
    public final class JobScope implements AutoCloseable {
        private final Set<TableRef> outputs;
        private final Set<TableRef> written = new HashSet<>();
        private final PrintStream out;

        private JobScope(List<TableSpec> outputs, PrintStream out) {
            this.outputs = outputs.stream().map(TableSpec::ref).collect(Collectors.toSet());
            this.out = out;
        }

        /**
         * Checks the relationships still waiting for a table of this job that the job did not
         * write, against that table as the lake holds it; returns the warnings printed.
         */
        public List<String> finish() {
            List<Pending> open = new ArrayList<>(pending);
            List<Expectations.Failure> failures = new ArrayList<>();
            for (Pending wait : open) {
                Optional<Dataset<Row>> referenced = readIfExists(wait.check().referenced());
                if (referenced.isPresent()) {
                    Expectations.relationship(wait.table().ref(), wait.check(), read(wait.table()), referenced.get(),
                            wait.check().referenced() + " as the lake holds it").ifPresent(failures::add);
                } else {
                    failures.add(new Expectations.Failure(wait.table().ref(), wait.check(),
                            wait.check().referenced() + " does not exist and was not written", List.of()));
                }
            }
            pending.removeAll(open);
            return settle(failures, open, "nothing else was committed");
        }

        @Override
        public void close() {
            pending.clear();
            scope = null;
        }
    }

    /** A relationship of a written table that waits for its referenced table's write. */
    private record Pending(TableSpec table, Expectation.Relationship check, long versionBefore) {}

    private final SparkSession spark;
    private final String root;
    private final List<Pending> pending = new ArrayList<>();
    private JobScope scope;

    public Lake(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String root() {
        return root;
    }

    public SparkSession spark() {
        return spark;
    }

    public String path(TableSpec table) {
        return path(table.ref());
    }

    private String path(TableRef ref) {
        return root + "/" + ref.layer() + "/" + ref.name();
    }

    public boolean exists(TableSpec table) {
        return DeltaTable.isDeltaTable(spark, path(table));
    }

    public Dataset<Row> read(TableSpec table) {
        if (!exists(table)) {
            throw new IllegalStateException("table " + table.name() + " does not exist yet at " + path(table)
                    + "; run the job that writes it first (bin/ltvlake jobs shows which)");
        }
        return load(table);
    }

    /**
     * The table as a past commit left it (Delta time travel), for a job that sets what changed since its last
     * run against what it read then. Fails when the version was vacuumed away or never existed.
     */
    public Dataset<Row> readAt(TableSpec table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(path(table));
    }

    public Optional<Dataset<Row>> readIfExists(TableSpec table) {
        return exists(table) ? Optional.of(load(table)) : Optional.empty();
    }

    private Dataset<Row> load(TableSpec table) {
        return spark.read().format("delta").load(path(table));
    }

    /**
     * Replaces the whole table, once its checks pass. The schema is replaced only when it really
     * changes (a column added, dropped or retyped, or other partitioning): a metadata change in the
     * commit makes every reader that planned its query on the previous snapshot fail with
     * DELTA_SCHEMA_CHANGE_SINCE_ANALYSIS, so a nightly rewrite with the same columns must not make one.
     */
    public Write overwrite(TableSpec table, Dataset<Row> rows) {
        return overwrite(table, rows, null);
    }

    /**
     * {@link #overwrite(TableSpec, Dataset)} whose commit carries {@code commitMetadata} (Delta's
     * {@code userMetadata}), for a job to record what the rows were computed from; {@link #lastCommit} gives it back.
     */
    public Write overwrite(TableSpec table, Dataset<Row> rows, String commitMetadata) {
        return overwrite(table, rows, commitMetadata, null);
    }

    /**
     * Rows about to overwrite a table of which only {@code changed} is new: the others are {@code kept}, the table's
     * own rows as the lake holds them, checked when they were written, with no column but {@code recomputed} derived
     * again (a customer key, say). The caller vouches that the table's checks are those the kept rows were written
     * under. An incremental night rewrites a large table whole but checks only what it changed.
     */
    public record Keeping(Dataset<Row> kept, Dataset<Row> changed, List<String> recomputed) {
        public Keeping {
            recomputed = List.copyOf(recomputed);
        }
    }

    /**
     * {@link #overwrite(TableSpec, Dataset, String)} that checks only {@code keeping.changed()}, and that no row kept
     * shares a unique key with them, when no row or unique check reads a column the kept rows had derived again;
     * otherwise every row, as an overwrite does. Relationships are checked on every row either way.
     */
    public Write overwrite(TableSpec table, Dataset<Row> rows, String commitMetadata, Keeping keeping) {
        return described(table, () -> checkedWrite(table, rows, null, keeping, (checked, before) -> {
            if (before.isEmpty()) {
                return createWith(table, checked, commitMetadata);
            }
            long versionBefore = before.get().version();
            boolean schemaChanges = before.get().changesSchema(table, checked.schema());
            org.apache.spark.sql.DataFrameWriter<Row> writer = clustered(table, checked).write().format("delta").mode("overwrite")
                    .option("overwriteSchema", String.valueOf(schemaChanges));
            if (commitMetadata != null) {
                writer = writer.option("userMetadata", commitMetadata);
            }
            writer.partitionBy(table.partitionColumns().toArray(String[]::new)).save(path(table));
            return lastWrite(table, versionBefore);
        }));
    }

    /**
     * A table's latest commit: its version, the metadata its writer gave it (empty when none) and Delta's operation
     * metrics ({@code numOutputRows} and the like; empty when the commit has none).
     */
    public record Commit(long version, Optional<String> metadata, Map<String, String> metrics, boolean replacedTheTable) {
        public Commit {
            metrics = Map.copyOf(metrics);
        }
    }

    /**
     * Whether a commit left the table holding exactly the rows it wrote: a creation or replacement from a query, or
     * an overwrite without a replaceWhere predicate (nor dynamic partition overwrite).
     */
    private static boolean replacesTheTable(org.apache.spark.sql.delta.actions.CommitInfo info) {
        Map<String, String> parameters = scala.collection.JavaConverters.mapAsJavaMap(info.operationParameters());
        return info.operation().endsWith("TABLE AS SELECT")
                || info.operation().equals("WRITE") && "Overwrite".equals(parameters.get("mode"))
                && !parameters.containsKey("predicate") && !parameters.containsKey("partitionOverwriteMode");
    }

    /**
     * The table's latest commit, from the log alone: the snapshot's version and that one commit file's
     * commit info (a history read would make a DataFrame of it); empty when the table does not exist.
     */
    public Optional<Commit> lastCommit(TableSpec table) {
        org.apache.spark.sql.delta.DeltaLog log = org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table));
        long version = log.update(false, scala.Option.empty(), scala.Option.empty()).version();
        if (version < 0) {
            return Optional.empty();
        }
        scala.collection.Iterator<scala.Tuple2<Object, scala.collection.Seq<org.apache.spark.sql.delta.actions.Action>>> commits =
                log.getChanges(version, version, false);
        Optional<String> metadata = Optional.empty();
        Map<String, String> metrics = Map.of();
        boolean replaced = false;
        while (commits.hasNext()) {
            for (org.apache.spark.sql.delta.actions.Action action : scala.collection.JavaConverters.seqAsJavaList(commits.next()._2())) {
                if (action instanceof org.apache.spark.sql.delta.actions.CommitInfo info) {
                    if (info.userMetadata().isDefined()) {
                        metadata = Optional.of(info.userMetadata().get());
                    }
                    if (info.operationMetrics().isDefined()) {
                        metrics = scala.collection.JavaConverters.mapAsJavaMap(info.operationMetrics().get());
                    }
                    replaced = replacesTheTable(info);
                }
            }
        }
        return Optional.of(new Commit(version, metadata, metrics, replaced));
    }

    /**
     * What the lake holds of a table before a write, from one read of its Delta log: the version,
     * the columns and the partitioning. Read once per write, it answers whether the table exists,
     * the version a failed relationship restores to, and whether an overwrite changes the schema.
     */
    private record TableState(long version, StructType schema, List<String> partitionColumns) {

        /**
         * Whether writing rows of {@code rows} would change the table's columns or partitioning.
         * Nullability and column metadata do not count: Delta stores every written column as nullable.
         */
        boolean changesSchema(TableSpec table, StructType rows) {
            return !sameColumns(schema, rows) || !partitionColumns.equals(table.partitionColumns());
        }
    }

    /**
     * The table's latest snapshot, empty when it does not exist. Delta's public API has no snapshot
     * (its {@code history} holds no schema, its {@code detail} counts every file of the table), so this
     * asks the Delta log, which {@code DeltaTable.isDeltaTable} and {@code forPath} consult as well.
     */
    private Optional<TableState> snapshot(TableSpec table) {
        org.apache.spark.sql.delta.Snapshot latest = deltaSnapshot(table);
        if (latest.version() < 0) {
            return Optional.empty();
        }
        return Optional.of(new TableState(latest.version(), latest.schema(),
                scala.collection.JavaConverters.seqAsJavaList(latest.metadata().partitionColumns())));
    }

    private org.apache.spark.sql.delta.Snapshot deltaSnapshot(TableSpec table) {
        return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table)).update(false, scala.Option.empty(), scala.Option.empty());
    }

    /**
     * The rows the table holds, from its Delta log alone. When its last commit replaced the whole table (a creation
     * or an overwrite), that commit's {@code numOutputRows}, read from one log file. Otherwise the {@code numRecords}
     * statistic Delta stores with every file it adds, less the rows a deletion vector removes from it, summed over
     * the snapshot's files in one small Spark job; it reads no data file, so it costs the same for a thousand rows
     * as for a billion. Empty when a file has no statistics (a table written with
     * {@code spark.databricks.delta.stats.collect} off, or converted from Parquet): the lake writes none such, and a
     * guess would be a wrong number.
     */
    public OptionalLong rows(TableSpec table) {
        Commit last = lastCommit(table).orElseThrow(() -> new IllegalStateException("table " + table.name()
                + " does not exist at " + path(table)));
        if (last.replacedTheTable() && last.metrics().containsKey("numOutputRows")) {
            // the table holds what that commit wrote, and its metrics counted it: no Spark job over the file list
            return OptionalLong.of(Long.parseLong(last.metrics().get("numOutputRows")));
        }
        org.apache.spark.sql.delta.Snapshot latest = deltaSnapshot(table);
        Dataset<Row> files = latest.allFiles().toDF().select(
                functions.get_json_object(functions.col("stats"), "$.numRecords").cast("long").as("records"),
                functions.coalesce(functions.col("deletionVector.cardinality"), functions.lit(0L)).as("deleted"));
        Row totals = files.agg(functions.sum(functions.col("records").minus(functions.col("deleted"))),
                functions.count(functions.when(functions.col("records").isNull(), 1))).first();
        if (totals.getLong(1) > 0) {
            return OptionalLong.empty();
        }
        // no files at all: the sum of nothing is null
        return OptionalLong.of(totals.isNullAt(0) ? 0L : totals.getLong(0));
    }

    private static boolean sameColumns(StructType a, StructType b) {
        StructType x = nullable(a);
        StructType y = nullable(b);
        if (x.length() != y.length()) {
            return false;
        }
        for (int i = 0; i < x.length(); i++) {
            if (!x.fields()[i].name().equals(y.fields()[i].name()) || !x.fields()[i].dataType().equals(y.fields()[i].dataType())) {
                return false;
            }
        }
        return true;
    }

    /** The schema with every field (nested ones too) nullable, as Delta stores a written schema. */
    private static StructType nullable(StructType schema) {
        return schema.asNullable();
    }

    /**
     * Replaces exactly the rows matching {@code predicate}, once its checks pass. Delta rejects rows
     * outside the predicate (DELTA_REPLACE_WHERE_MISMATCH), so a job cannot overwrite what it does
     * not own. The key must stay unique over the whole table: when the predicate names a column
     * outside the key, the slice's keys are also looked for among the rows the write keeps.
     */
    public Write replaceWhere(TableSpec table, Dataset<Row> rows, String predicate) {
        return described(table, () -> checkedWrite(table, rows, predicate, null, (checked, before) -> {
            if (before.isEmpty()) {
                // the checks found every row inside the slice, which Delta itself verifies only in an existing table
                return createWith(table, checked, null);
            }
            long versionBefore = before.get().version();
            clustered(table, checked).write().format("delta").mode("overwrite").option("replaceWhere", predicate)
                    .option("mergeSchema", "true").save(path(table));
            return lastWrite(table, versionBefore);
        }));
    }

    /**
     * Whether reading {@code rows} twice costs less than caching them once: they come from checkpoints, a cache,
     * rows in the driver or a columnar table (Delta, parquet), through row-by-row steps (projections, filters,
     * unions) and joins with a broadcast side. A write checks its rows before it commits them, and caching a few
     * million rows of a checkpoint only to read them twice cost conform a sixth of its night at 200 k customers;
     * a columnar scan reads only the columns it needs, and rows that need a shuffle are worth a cache. A table
     * read at a version gives the same rows both times; a read of the latest version could see another writer's
     * commit between the two, which one writer per table (the job graph) rules out.
     */
    static boolean cheapToReadTwice(Dataset<Row> rows) {
        LogicalPlan plan = rows.queryExecution().analyzed();
        // a random value would differ between the two reads
        return plan.deterministic() && cheapToReadTwice(plan);
    }

    private static boolean cheapToReadTwice(LogicalPlan plan) {
        if (plan instanceof LogicalRDD || plan instanceof InMemoryRelation || plan instanceof LocalRelation) {
            return true;
        }
        if (plan instanceof LogicalRelation relation) {
            // Delta's file format is parquet's; a CSV or JSON scan parses every row again
            return relation.relation() instanceof HadoopFsRelation files && files.fileFormat() instanceof ParquetFileFormat;
        }
        if (plan instanceof Project || plan instanceof Filter || plan instanceof ResolvedHint || plan instanceof Union) {
            return scala.collection.JavaConverters.seqAsJavaList(plan.children()).stream().allMatch(Lake::cheapToReadTwice);
        }
        if (plan instanceof Join join) {
            return cheapToReadTwice(join.left()) && cheapToReadTwice(join.right()) && (broadcast(join.left()) || broadcast(join.right()));
        }
        return false;
    }

    /** Whether a join's side is hinted to be broadcast (under projections and filters of it). */
    private static boolean broadcast(LogicalPlan side) {
        if (side instanceof ResolvedHint hint) {
            return hint.hints().strategy().contains(BROADCAST$.MODULE$);
        }
        if (side instanceof Project || side instanceof Filter) {
            return broadcast(side.children().head());
        }
        return false;
    }

    /**
     * Runs a write with "&lt;step&gt;: write &lt;table&gt;" as the Spark job description, so the Spark UI
     * tells a table's checks and commit from the rest of the job's step; the step's own description
     * ({@code JobContext.step}) is restored afterwards.
     */
    private Write described(TableSpec table, java.util.function.Supplier<Write> write) {
        org.apache.spark.SparkContext context = spark.sparkContext();
        // the local property SparkContext.setJobDescription sets (Spark's constant for it is private to Spark)
        String step = context.getLocalProperty("spark.job.description");
        context.setJobDescription((step == null ? "" : step + ": ") + "write " + table.name());
        try {
            return write.get();
        } finally {
            context.setJobDescription(step);
        }
    }

    /**
     * Opens the scope of one job that writes {@code outputs}: a relationship to one of them that the
     * job has not written yet is checked when it is written. Warnings go to {@code out}.
     */
    public JobScope beginJob(List<TableSpec> outputs, PrintStream out) {
        pending.clear();
        scope = new JobScope(outputs, out);
        return scope;
    }

    /**
     * Checks the rows, then lets {@code commit} write them, given the table's snapshot before the
     * write (empty for a new table). {@code replacePredicate} is the slice a replaceWhere replaces,
     * null for an overwrite; {@code keeping} the rows of an overwrite that need no check, or null.
     */
    private Write checkedWrite(TableSpec table, Dataset<Row> rows, String replacePredicate, Keeping keeping,
                               BiFunction<Dataset<Row>, Optional<TableState>, Write> commit) {
        Optional<TableState> before = snapshot(table);
        List<Expectation> checks = table.expectations();
        List<Pending> waiting = pending.stream().filter(p -> p.check().referenced().equals(table.ref())).toList();
        List<Expectation.RowCheck> slice = replacePredicate == null || before.isPresent() ? List.of()
                : List.of(insideTheSlice(replacePredicate));
        if (checks.isEmpty() && waiting.isEmpty() && slice.isEmpty()) {
            return commit.apply(rows, before);
        }
        // a dataset the caller cached stays cached: only our own copy is released; rows that are cheap to read
        // again (a checkpoint, say) are read twice, for the checks and the write, rather than copied into a cache
        boolean onlyChanged = keeping != null && before.isPresent() && noCheckReads(table, keeping.recomputed(), rows.columns());
        // checking only the changed rows, the write is the one pass over the others: nothing to cache for a second
        boolean cachedHere = !onlyChanged && rows.storageLevel().equals(StorageLevel.NONE()) && !cheapToReadTwice(rows);
        Dataset<Row> checked = cachedHere ? rows.persist(StorageLevel.MEMORY_AND_DISK()) : rows;
        try {
            List<Expectations.Failure> failures = new ArrayList<>(Expectations.rowsAndKeys(table, onlyChanged ? keeping.changed() : checked, slice));
            if (onlyChanged) {
                failures.addAll(Expectations.keysAlsoKept(table, keeping.changed(), keeping.kept()));
                out().println("      " + table.ref()
                        + ": checked only the rows changed (the rows kept were checked when written)");
            }
            Optional<Dataset<Row>> kept = replacePredicate == null || before.isEmpty() ? Optional.<Dataset<Row>>empty()
                    : Optional.of(load(table)).map(existing -> existing.where(functions.coalesce(functions.expr(replacePredicate), functions.lit(false))
                            .unary_$bang()));
            if (kept.isPresent() && !table.primaryKey().containsAll(predicateColumns(replacePredicate))) {
                failures.addAll(Expectations.keysAlsoOutsideSlice(table, checked, kept.get()));
            }
            List<Pending> deferred = new ArrayList<>();
            for (Expectation check : checks) {
                if (check instanceof Expectation.Relationship relationship) {
                    if (waitsForLaterWrite(table, relationship)) {
                        // a table new to this job has no version to restore to: a failure empties it
                        deferred.add(new Pending(table, relationship, before.map(TableState::version).orElse(NO_TABLE)));
                    } else {
                        relationshipNow(table, relationship, checked, kept).ifPresent(failures::add);
                    }
                }
            }
            for (Pending wait : waiting) {
                Dataset<Row> asWritten = kept.map(k -> k.unionByName(checked, true)).orElse(checked);
                Expectations.relationship(wait.table().ref(), wait.check(), read(wait.table()), asWritten,
                        table.ref() + " as written now").ifPresent(failures::add);
            }
            pending.removeAll(waiting);
            List<String> warnings = settle(failures, waiting, "nothing of " + table.ref() + " was committed");
            Write write = commit.apply(checked, before);
            for (Pending wait : deferred) {
                // a table written twice before its referenced table restores to before the first write
                if (pending.stream().noneMatch(p -> p.table().ref().equals(wait.table().ref()) && p.check().equals(wait.check()))) {
                    pending.add(wait);
                }
            }
            if (scope != null) {
                scope.written.add(table.ref());
            }
            return new Write(write.table(), write.version(), write.rowsWritten(), warnings);
        } finally {
            if (cachedHere) {
                checked.unpersist(false);
            }
        }
    }

    /** Where the lake's lines about a write go: the running job's output, or the console outside a job. */
    private PrintStream out() {
        return scope == null ? System.out : scope.out;
    }

    /** Whether none of the table's row and unique checks reads one of {@code columns}. */
    private static boolean noCheckReads(TableSpec table, List<String> columns, String[] tableColumns) {
        for (Expectation check : table.expectations()) {
            List<String> read = check instanceof Expectation.RowCheck rowCheck ? rowCheck.shownColumns(List.of(tableColumns))
                    : check instanceof Expectation.Unique unique ? unique.columns() : List.of();
            if (read.stream().anyMatch(columns::contains)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A relationship checked at this write: against the referenced table as the lake holds it, or
     * against the rows themselves when a table points into itself.
     */
    private Optional<Expectations.Failure> relationshipNow(TableSpec table, Expectation.Relationship check,
                                                           Dataset<Row> rows, Optional<Dataset<Row>> kept) {
        if (check.referenced().equals(table.ref())) {
            Dataset<Row> asWritten = kept.map(k -> k.unionByName(rows, true)).orElse(rows);
            return Expectations.relationship(table.ref(), check, rows, asWritten, table.ref() + " as written now");
        }
        Optional<Dataset<Row>> referenced = readIfExists(check.referenced());
        if (referenced.isEmpty()) {
            return Optional.of(new Expectations.Failure(table.ref(), check, check.referenced()
                    + " does not exist and this job does not write it", List.of()));
        }
        return Expectations.relationship(table.ref(), check, rows, referenced.get(), check.referenced() + " as the lake holds it");
    }

    /**
     * In a job: the referenced table is one of the job's outputs it has not written yet. Outside a
     * job: the referenced table does not exist yet.
     */
    private boolean waitsForLaterWrite(TableSpec table, Expectation.Relationship check) {
        if (check.referenced().equals(table.ref())) {
            return false;
        }
        if (scope != null) {
            return scope.outputs.contains(check.referenced()) && !scope.written.contains(check.referenced());
        }
        return readIfExists(check.referenced()).isEmpty();
    }

    /**
     * Prints every failure, throws when one of them is an error (first restoring the tables whose
     * waiting relationships were checked, so none of them keeps this job's rows), and returns the
     * warning lines otherwise.
     */
    private List<String> settle(List<Expectations.Failure> failures, List<Pending> checkedWaits, String consequence) {
        PrintStream out = out();
        List<String> warnings = new ArrayList<>();
        List<Expectations.Failure> errors = new ArrayList<>();
        for (Expectations.Failure failure : failures) {
            if (failure.refuses()) {
                errors.add(failure);
            } else {
                warnings.add(failure.line());
                out.println("      WARNING: " + failure.line());
            }
        }
        out.flush();
        if (errors.isEmpty()) {
            return warnings;
        }
        List<String> restored = new ArrayList<>();
        for (Pending wait : checkedWaits) {
            if (errors.stream().anyMatch(e -> e.table().equals(wait.table().ref()) && e.check().equals(wait.check()))) {
                if (wait.versionBefore() == NO_TABLE) {
                    // its first write created it: it is left empty, as a creation of its own would have left it
                    DeltaTable.forPath(spark, path(wait.table())).delete();
                    restored.add(wait.table().ref() + " emptied (this job created it)");
                } else {
                    DeltaTable.forPath(spark, path(wait.table())).restoreToVersion(wait.versionBefore());
                    restored.add(wait.table().ref() + " restored to version " + wait.versionBefore());
                }
            }
        }
        restored.add(0, consequence);
        throw new Expectations.Refused(String.join("; ", restored), errors);
    }

    /**
     * The columns a replaceWhere predicate names, from Spark's parser; a predicate it cannot read
     * names, to be safe, a column no key holds.
     */
    private List<String> predicateColumns(String predicate) {
        List<String> names = new ArrayList<>();
        try {
            collectAttributes(spark.sessionState().sqlParser().parseExpression(predicate), names);
        } catch (org.apache.spark.sql.catalyst.parser.ParseException | RuntimeException e) {
            names.add("(unreadable predicate)");
        }
        return names;
    }

    private static void collectAttributes(org.apache.spark.sql.catalyst.expressions.Expression expression, List<String> names) {
        if (expression instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute attribute) {
            List<String> parts = scala.collection.JavaConverters.seqAsJavaList(attribute.nameParts());
            names.add(parts.get(parts.size() - 1));
        }
        for (org.apache.spark.sql.catalyst.expressions.Expression child
                : scala.collection.JavaConverters.seqAsJavaList(expression.children())) {
            collectAttributes(child, names);
        }
    }

    private Optional<Dataset<Row>> readIfExists(TableRef ref) {
        String location = path(ref);
        return DeltaTable.isDeltaTable(spark, location) ? Optional.of(spark.read().format("delta").load(location)) : Optional.empty();
    }

    private Dataset<Row> read(TableRef ref) {
        return readIfExists(ref).orElseThrow(() -> new IllegalStateException("table " + ref
                + " does not exist yet; run the job that writes it first (bin/ltvlake jobs shows which)"));
    }

    /** The table's current version, from one read of its log; empty when the table does not exist. */
    public OptionalLong versionIfExists(TableSpec table) {
        return snapshot(table).map(state -> OptionalLong.of(state.version())).orElseGet(OptionalLong::empty);
    }

    public long version(TableSpec table) {
        return snapshot(table).orElseThrow(() -> new IllegalStateException("table " + table.name()
                + " does not exist at " + path(table))).version();
    }

    /**
     * Registers every existing table as {@code layer.name} in the session catalogue, so SQL
     * can say {@code select * from silver.orders}. Returns the tables registered.
     */
    public List<TableSpec> registerAll(List<TableSpec> tables) {
        List<TableSpec> registered = new java.util.ArrayList<>();
        for (TableSpec table : tables) {
            // a table missing from this lake must not resolve to one registered earlier in the session
            // (another lake, or before it was deleted)
            spark.sql("CREATE DATABASE IF NOT EXISTS " + table.ref().layer());
            spark.sql("DROP TABLE IF EXISTS " + table.name());
            if (!exists(table)) {
                continue;
            }
            spark.sql("CREATE TABLE " + table.name() + " USING delta LOCATION '" + path(table).replace("'", "\\'") + "'");
            registered.add(table);
        }
        return registered;
    }

    /**
     * Rows of one partition gathered into one task, so a write makes one file per partition
     * value instead of one per input split and partition value (hundreds of tiny files).
     */
    private static Dataset<Row> clustered(TableSpec table, Dataset<Row> rows) {
        if (table.partitionColumns().isEmpty()) {
            return rows;
        }
        return rows.repartition(table.partitionColumns().stream().map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new));
    }

    /**
     * The check a new table's first {@code replaceWhere} makes in place of Delta's: every row inside the slice (a
     * row for which the predicate is null is outside it, as for the rows such a write keeps).
     */
    private static Expectation.RowCheck insideTheSlice(String predicate) {
        return new Expectation.Expression("inside_the_replaceWhere_slice", "coalesce((" + predicate + "), false)",
                Expectation.Severity.ERROR);
    }

    /**
     * Creates the new table with its spec and its first rows in one commit, version 0, which carries
     * {@code commitMetadata} when there is some. A creation of its own before the write would cost a commit, and a
     * snapshot of the empty table for the write, more: about a tenth of a first run on a small lake, where every
     * table is new.
     */
    private Write createWith(TableSpec table, Dataset<Row> rows, String commitMetadata) {
        org.apache.spark.sql.CreateTableWriter<Row> writer = clustered(table, rows)
                .writeTo("delta.`" + path(table).replace("`", "``") + "`").using("delta")
                // Spark's table property for the comment, which Delta keeps as the table's description
                .tableProperty("comment", table.comment());
        for (Map.Entry<String, String> property : specProperties(table).entrySet()) {
            writer = writer.tableProperty(property.getKey(), property.getValue());
        }
        List<org.apache.spark.sql.Column> partitions = table.partitionColumns().stream().map(functions::col).toList();
        if (!partitions.isEmpty()) {
            writer = writer.partitionedBy(partitions.get(0),
                    scala.collection.JavaConverters.asScalaBuffer(partitions.subList(1, partitions.size())).toSeq());
        }
        // Delta drops a creation's userMetadata option; it takes the session's setting when the operation has none
        String previous = spark.conf().getOption(USER_METADATA).getOrElse(() -> null);
        if (commitMetadata != null) {
            spark.conf().set(USER_METADATA, commitMetadata);
        }
        try {
            writer.create();
        } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
            throw new IllegalStateException("table " + table.name() + " appeared at " + path(table)
                    + " while this job created it: one writer per table", e);
        } finally {
            if (commitMetadata != null) {
                if (previous == null) {
                    spark.conf().unset(USER_METADATA);
                } else {
                    spark.conf().set(USER_METADATA, previous);
                }
            }
        }
        return lastWrite(table, NO_TABLE);
    }

    /** The spec's grain and key, stored with the table as its properties when it is created. */
    private static Map<String, String> specProperties(TableSpec table) {
        return Map.of("ltvlake.grain", table.grain(), "ltvlake.primary_key", String.join(",", table.primaryKey()));
    }

    /** The version before a table's first write: none. */
    private static final long NO_TABLE = -1L;

    /** Delta's session setting for the metadata of the next commits ({@code DeltaSQLConf.DELTA_USER_METADATA}). */
    private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    /**
     * The write's commit, from the log ({@link #lastCommit}; a history read would make a DataFrame of it and run
     * a Spark job): Delta makes no commit for a write that adds and removes nothing, and then nothing was written.
     * Rows written are the commit's {@code numOutputRows} less its {@code numCopiedRows}: a replaceWhere on a
     * column other than the partitioning rewrites the files it touches, and the rows it carries over from them
     * were not written by this job.
     */
    private Write lastWrite(TableSpec table, long versionBefore) {
        Commit last = lastCommit(table).orElseThrow(() -> new IllegalStateException(table.name() + " has no commit after its write"));
        if (last.version() == versionBefore) {
            return new Write(table, versionBefore, 0L);
        }
        long rows = Long.parseLong(last.metrics().getOrDefault("numOutputRows", "0"))
                - Long.parseLong(last.metrics().getOrDefault("numCopiedRows", "0"));
        return new Write(table, last.version(), rows);
    }
}
