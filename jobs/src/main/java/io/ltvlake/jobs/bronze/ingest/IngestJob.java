package io.ltvlake.jobs.bronze.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.to_date;

import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.SourceSettings;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.common.quality.Reconciliation;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Landing → bronze for every configured source and entity. One run ingests every export day
 * up to the run date that is new or whose files changed since they were ingested (the audit
 * table keeps each day's file fingerprint), so a first load of two years is one run and a
 * nightly run touches only the new day. The files of an unchanged day are never opened; where
 * ingest.trust-folder-times says folder times can be trusted, a day folder whose time the audit
 * recorded is not even listed. Each day's slice is replaced, never appended twice.
 * Every file is checked for the columns its profile needs, and for bytes valid in the profile's
 * encoding, before anything is written.
 *
 * <p>Nothing is lost in silence. A 0-byte or headerless file, and a re-delivered day with more than
 * ingest.max-shrink fewer rows than the delivery it would replace, are held back: the day keeps what
 * bronze has, its fingerprint is not recorded (so the next run looks again), every other day and
 * source still loads, and the job then fails naming each held day and the {@code --accept-shrink
 * SOURCE:DAY} that applies it anyway (recorded in the audit's {@code is_shrink_accepted}). Rows
 * breaking a plausibility rule go to the quarantine as {@code implausible_value: <column>}; file
 * columns no profile expression reads are listed per file, in the output and in the audit.
 */
public final class IngestJob implements Job {

    private static final String CORRUPT = IngestTransforms.CORRUPT_RECORD;
    private static final String SOURCE_ROW = IngestTransforms.SOURCE_ROW;

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String description() {
        return "landing -> bronze: new or changed export days of every source, bad rows to the quarantine";
    }

    @Override
    public List<String> upstream() {
        return List.of();
    }

    @Override
    public List<TableSpec> outputs() {
        List<TableSpec> tables = new ArrayList<>(BronzeTables.BY_ENTITY.values());
        tables.add(BronzeTables.AUDIT);
        tables.add(Quarantine.TABLE);
        return tables;
    }

    /**
     * A set of files sharing one header, with the expressions that resolve against it and the
     * header's columns that no expression reads (listed once per file, in the output and the audit).
     */
    record ReadGroup(List<String> fileColumns, List<LandingFiles.LandingFile> files, Map<String, String> expressions,
                     List<String> unknownColumns) {}

    /**
     * What a source/entity delivered for an export day when it was last ingested: its audit row, with the
     * day folder's time when the audit has one (null in an audit written before folder times were kept).
     */
    record Delivered(String fingerprint, long rowsRead, Long folderModifiedAt, Row audit) {}

    /**
     * What one run does for one source and entity, worked out and checked before anything is written.
     * {@code previousRows}: rows read from the delivery each re-delivered day replaces; {@code accepted}: days
     * --accept-shrink names; {@code forced}: those of them the guard would have held back (filled as it checks);
     * {@code held}: why each held-back day is.
     */
    record EntityPlan(SourceSettings source, SourceProfile.EntityMapping mapping, CanonicalSchema.Entity entity,
                      List<LocalDate> pendingDays, Map<LocalDate, String> fingerprints, Map<LocalDate, Integer> fileCounts,
                      List<ReadGroup> groups, int upToDateDays, java.util.Set<LocalDate> reingested,
                      Map<LocalDate, Long> previousRows, java.util.Set<LocalDate> accepted,
                      java.util.Set<LocalDate> forced, Map<String, String> plausible, List<String> held,
                      Map<LocalDate, Long> folderTimes) {

        String label() {
            return source.name() + "/" + entity.name();
        }

        /** The same plan without {@code days}: what is left to write once they are held back. */
        EntityPlan without(java.util.Collection<LocalDate> days) {
            List<LocalDate> pending = new ArrayList<>(pendingDays);
            pending.removeAll(days);
            java.util.Set<LocalDate> again = new java.util.TreeSet<>(reingested);
            again.removeAll(days);
            List<ReadGroup> kept = new ArrayList<>();
            for (ReadGroup group : groups) {
                List<LandingFiles.LandingFile> files = group.files().stream()
                        .filter(f -> !days.contains(exportDay(f))).toList();
                if (!files.isEmpty()) {
                    kept.add(new ReadGroup(group.fileColumns(), files, group.expressions(), group.unknownColumns()));
                }
            }
            return new EntityPlan(source, mapping, entity, pending, fingerprints, fileCounts, kept, upToDateDays, again,
                    previousRows, accepted, forced, plausible, held, folderTimes);
        }

        LocalDate exportDay(LandingFiles.LandingFile file) {
            return source.isSingleExport() ? source.singleExportDate().orElseThrow()
                    : LocalDate.parse(new org.apache.hadoop.fs.Path(file.path()).getParent().getName());
        }
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        context.step("plan: landing folders, file headers and encodings");
        LandingFiles landing = new LandingFiles(context.spark().sparkContext().hadoopConfiguration());
        List<EntityPlan> plans = new ArrayList<>();
        List<Row> refreshed = new ArrayList<>();
        for (SourceSettings source : context.settings().sources()) {
            SourceProfile profile = SourceProfile.parse(source.profile(),
                    ConfigLoader.loadSourceProfile(context.settings(), source.profile()));
            plans.addAll(plan(context, result, landing, source, profile, refreshed));
        }
        // Everything is checked; only now is anything written.
        Timestamp ingestedAt = Timestamp.from(Instant.now());
        List<Loaded> loaded = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (EntityPlan plan : plans) {
            held.addAll(plan.held());
            if (plan.pendingDays().isEmpty() && plan.held().isEmpty()) {
                context.say(plan.label() + ": up to date ("
                        + plan.upToDateDays() + " export days already ingested)");
            } else if (plan.pendingDays().isEmpty()) {
                context.say(plan.label() + ": nothing to load, " + plan.held().size() + " export day(s) held back");
            } else {
                context.step("load " + plan.label());
                load(context, result, plan, ingestedAt, held).ifPresent(loaded::add);
            }
        }
        if (!loaded.isEmpty() || !refreshed.isEmpty()) {
            context.step("quarantine, reconciliation and audit");
            finish(context, result, loaded, refreshed, ingestedAt);
        }
        if (!held.isEmpty()) {
            // Everything else is loaded; the run still fails, so no one mistakes a held-back day for a loaded one.
            throw new IllegalStateException("held back " + held.size() + " export day(s), the rest is loaded: "
                    + String.join("; ", held));
        }
        return result.build();
    }

    // ------------------------------------------------------------------ planning

    /**
     * Works out, per entity of the source, which export days are new or changed, and checks their files.
     * A day folder whose time is the one the audit recorded for every entity of the profile is not even
     * listed; of the listed folders, only files whose names, sizes or times changed are opened. Audit rows
     * of unchanged days whose folder time moved (a file of another entity arrived, or the audit predates
     * folder times) go to {@code refreshed} with the new time, so the next night skips the folder.
     */
    private List<EntityPlan> plan(JobContext context, JobResult.Builder result, LandingFiles landing,
                                  SourceSettings source, SourceProfile profile, List<Row> refreshed) {
        LocalDate runDate = context.runDate();
        Map<LocalDate, LandingFiles.DayFolder> dayFolders = new TreeMap<>();
        if (source.isSingleExport()) {
            LocalDate date = source.singleExportDate().orElseThrow();
            String path = source.singleExportPath().orElseThrow();
            if (!landing.exists(path)) {
                throw new IllegalArgumentException("source '" + source.name() + "': export file " + path + " does not exist");
            }
            if (!date.isAfter(runDate)) {
                dayFolders.put(date, new LandingFiles.DayFolder(date, path, null));
            }
        } else {
            IngestConfig ingest = context.settings().section(IngestConfig.class);
            // run --full trusts no folder time: every day folder is listed, and a changed file in any is found
            java.util.function.Predicate<String> trustsFolderTimes = context.full() ? scheme -> false : ingest::trustsFolderTimes;
            for (LandingFiles.DayFolder folder : landing.exportDays(source.landing(), runDate, trustsFolderTimes)) {
                dayFolders.put(folder.day(), folder);
            }
            if (!dayFolders.containsKey(runDate)) {
                context.warn(result, "source '" + source.name() + "': no export for " + runDate + " (no folder "
                        + source.landing() + "/" + runDate + "); 0 rows loaded for that day");
            }
        }
        Map<String, Map<LocalDate, Delivered>> ingested = ingestedDeliveries(context.lake(), source.name());
        java.util.Set<LocalDate> unchangedFolders = unchangedFolders(dayFolders.values(), profile, ingested);
        if (!unchangedFolders.isEmpty()) {
            context.say(source.name() + ": " + (dayFolders.size() - unchangedFolders.size()) + " of " + dayFolders.size()
                    + " export day folders new or changed since bronze.ingest_audit; the other "
                    + unchangedFolders.size() + " not listed");
        }
        Map<LocalDate, Long> folderTimes = new TreeMap<>();
        dayFolders.values().stream().filter(f -> f.modifiedAt() != null).forEach(f -> folderTimes.put(f.day(), f.modifiedAt()));
        List<EntityPlan> plans = new ArrayList<>();
        for (SourceProfile.EntityMapping mapping : profile.entities().values()) {
            CanonicalSchema.Entity entity = CanonicalSchema.entity(mapping.entity());
            Map<LocalDate, Delivered> known = ingested.getOrDefault(entity.name(), Map.of());
            List<LocalDate> pending = new ArrayList<>();
            Map<LocalDate, String> fingerprints = new LinkedHashMap<>();
            Map<LocalDate, Integer> fileCounts = new LinkedHashMap<>();
            List<LandingFiles.LandingFile> files = new ArrayList<>();
            List<LocalDate> empty = new ArrayList<>();
            for (Map.Entry<LocalDate, LandingFiles.DayFolder> day : dayFolders.entrySet()) {
                if (unchangedFolders.contains(day.getKey())) {
                    continue;
                }
                List<LandingFiles.LandingFile> dayFiles = landing.files(day.getValue().path(), mapping.files());
                String fingerprint = LandingFiles.fingerprint(dayFiles);
                Delivered delivered = known.get(day.getKey());
                if (delivered != null && fingerprint.equals(delivered.fingerprint())) {
                    Long folderTime = day.getValue().modifiedAt();
                    if (folderTime != null && !folderTime.equals(delivered.folderModifiedAt())) {
                        refreshed.add(withFolderTime(delivered.audit(), folderTime));
                    }
                    continue;
                }
                pending.add(day.getKey());
                fingerprints.put(day.getKey(), fingerprint);
                fileCounts.put(day.getKey(), dayFiles.size());
                files.addAll(dayFiles);
                if (dayFiles.isEmpty()) {
                    empty.add(day.getKey());
                }
            }
            if (!empty.isEmpty() && (entity == CanonicalSchema.ORDER_LINES || empty.contains(runDate))) {
                context.warn(result, source.name() + "/" + entity.name() + ": no files matching '" + mapping.files()
                        + "' on " + describeDays(empty) + "; 0 rows loaded for " + (empty.size() == 1 ? "it" : "them"));
            }
            String label = source.name() + "/" + entity.name();
            checkEncoding(context, profile, mapping, files);
            // A 0-byte or headerless file is an export that died while writing: never skipped in silence.
            List<LandingFiles.LandingFile> emptyFiles = new ArrayList<>();
            List<ReadGroup> groups = files.isEmpty() ? List.of()
                    : groups(context, result, landing, entity, mapping, files, emptyFiles);
            java.util.Set<LocalDate> reingested = new java.util.TreeSet<>(known.keySet());
            reingested.retainAll(pending);
            Map<LocalDate, Long> previousRows = new TreeMap<>();
            reingested.forEach(day -> previousRows.put(day, known.get(day).rowsRead()));
            java.util.Set<LocalDate> accepted = new java.util.TreeSet<>();
            pending.stream().filter(day -> context.settings().section(IngestConfig.class).acceptsShrink(source.name(), day)).forEach(accepted::add);
            Map<String, String> plausible = IngestTransforms.plausibilityRules(entity, mapping,
                    context.settings().section(IngestConfig.class).minDate(), latestPlausibleTime(context));
            checkPlausibilityRules(context.spark(), profile.name(), entity, plausible);
            EntityPlan plan = new EntityPlan(source, mapping, entity, pending, fingerprints, fileCounts, groups,
                    dayFolders.size() - pending.size(), reingested, previousRows, accepted, new java.util.TreeSet<>(), plausible,
                    new ArrayList<>(), folderTimes);
            java.util.Set<LocalDate> heldDays = new java.util.TreeSet<>();
            for (LandingFiles.LandingFile file : emptyFiles) {
                LocalDate day = plan.exportDay(file);
                String what = file.size() == 0 ? "is empty (0 bytes)" : "has no header line";
                if (accepted.contains(day)) {
                    plan.forced().add(day);
                    context.warn(result, label + ": file " + file.path() + " " + what + "; skipped, as --accept-shrink "
                            + source.name() + ":" + day + " allows");
                } else {
                    heldDays.add(day);
                    plan.held().add(heldMessage(label, day, "file " + file.path() + " " + what, previousRows.get(day),
                            source.name()));
                }
            }
            plan.held().forEach(message -> context.warn(result, message));
            plans.add(heldDays.isEmpty() ? plan : plan.without(heldDays));
        }
        return plans;
    }

    /**
     * The day folders that need no listing: the folder's time is known and every entity of the profile
     * recorded that same time for the day in the audit. A day after the last audited one has no audit rows,
     * a held-back day keeps the time of the delivery it held back, and an audit written before folder times
     * were kept has none: all of those are listed.
     */
    private static java.util.Set<LocalDate> unchangedFolders(java.util.Collection<LandingFiles.DayFolder> folders,
                                                             SourceProfile profile, Map<String, Map<LocalDate, Delivered>> ingested) {
        List<String> entities = profile.entities().values().stream()
                .map(m -> CanonicalSchema.entity(m.entity()).name()).toList();
        java.util.Set<LocalDate> unchanged = new java.util.TreeSet<>();
        for (LandingFiles.DayFolder folder : folders) {
            boolean recorded = folder.modifiedAt() != null && entities.stream().allMatch(entity -> {
                Delivered delivered = ingested.getOrDefault(entity, Map.of()).get(folder.day());
                return delivered != null && folder.modifiedAt().equals(delivered.folderModifiedAt());
            });
            if (recorded) {
                unchanged.add(folder.day());
            }
        }
        return unchanged;
    }

    /** An audit row as it was, with the day folder's new time; columns an older audit lacks are null. */
    private static Row withFolderTime(Row audit, long folderTime) {
        StructType schema = auditSchema();
        List<String> present = List.of(audit.schema().fieldNames());
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < values.length; i++) {
            String column = schema.fields()[i].name();
            values[i] = column.equals(FOLDER_MODIFIED_AT) ? new Timestamp(folderTime)
                    : present.contains(column) ? audit.get(audit.fieldIndex(column)) : null;
        }
        return RowFactory.create(values);
    }

    /** Why a day is held back and how to apply it anyway, on one line (the job's failure shows the first line). */
    private static String heldMessage(String label, LocalDate day, String why, Long previousRows, String source) {
        return label + " " + day + " not applied: " + why
                + (previousRows == null ? " (first delivery)" : " (the loaded delivery has " + previousRows + " rows)")
                + "; to apply it anyway: run --accept-shrink " + source + ":" + day;
    }

    /** The end of the run date in the business time zone, plus ingest.max-future: later event times are implausible. */
    private static Instant latestPlausibleTime(JobContext context) {
        return context.runDate().plusDays(1).atStartOfDay(context.settings().businessTimeZone()).toInstant()
                .plus(context.settings().section(IngestConfig.class).maxFuture());
    }

    /** A profile's plausibility predicate that does not resolve against the canonical columns is a config error, named. */
    private static void checkPlausibilityRules(SparkSession spark, String profile, CanonicalSchema.Entity entity,
                                               Map<String, String> rules) {
        Dataset<Row> probe = spark.createDataFrame(List.<Row>of(), CanonicalSchema.bronzeSchema(entity));
        rules.forEach((column, predicate) -> {
            try {
                probe.selectExpr(predicate).schema();
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                throw new io.ltvlake.common.config.ConfigError("source profile '" + profile + "', entity '" + entity.name()
                        + "': plausible '" + column + "' = `" + predicate + "` is not a predicate over the canonical columns: " + why);
            }
        });
    }

    /** Fails before anything is written when a file is not valid in the profile's encoding. */
    private static void checkEncoding(JobContext context, SourceProfile profile, SourceProfile.EntityMapping mapping,
                                      List<LandingFiles.LandingFile> files) {
        if (!SourceProfile.TEXT_FORMATS.contains(mapping.format())) {
            return;
        }
        List<String> paths = files.stream().filter(f -> f.size() > 0).map(LandingFiles.LandingFile::path).toList();
        List<EncodingCheck.Invalid> invalid = EncodingCheck.check(context.spark(), paths, mapping.encoding());
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException(EncodingCheck.describe(invalid.get(0), mapping.encoding(), profile.name(),
                    invalid.size() - 1));
        }
    }

    private static String describeDays(List<LocalDate> days) {
        if (days.size() <= 3) {
            return days.stream().map(LocalDate::toString).collect(Collectors.joining(", "));
        }
        return days.size() + " export days (" + days.get(0) + " … " + days.get(days.size() - 1) + ")";
    }

    /** One small row per export day already ingested (not per data row): the audit, not the data, goes to the driver. */
    private static Map<String, Map<LocalDate, Delivered>> ingestedDeliveries(Lake lake, String source) {
        Map<String, Map<LocalDate, Delivered>> result = new HashMap<>();
        lake.readIfExists(BronzeTables.AUDIT).ifPresent(audit -> {
            boolean hasFolderTimes = List.of(audit.columns()).contains(FOLDER_MODIFIED_AT);
            for (Row row : audit.filter(col("source").equalTo(source)).collectAsList()) {
                Timestamp folderTime = hasFolderTimes ? row.getAs(FOLDER_MODIFIED_AT) : null;
                result.computeIfAbsent(row.<String>getAs("entity"), k -> new HashMap<>())
                        .put(row.<Date>getAs("export_date").toLocalDate(), new Delivered(row.getAs("fingerprint"),
                                row.<Long>getAs("rows_read"), folderTime == null ? null : folderTime.getTime(), row));
            }
        });
        return result;
    }

    /**
     * Groups files by their columns and resolves each canonical expression against them. A
     * required column that cannot be resolved fails the job here, before anything is written,
     * naming the file and the column; an optional one is loaded as null with a warning.
     */
    private List<ReadGroup> groups(JobContext context, JobResult.Builder result, LandingFiles landing,
                                   CanonicalSchema.Entity entity, SourceProfile.EntityMapping mapping,
                                   List<LandingFiles.LandingFile> files, List<LandingFiles.LandingFile> empty) {
        SparkSession spark = context.spark();
        Map<List<String>, List<LandingFiles.LandingFile>> byColumns = new LinkedHashMap<>();
        files.stream().filter(f -> f.size() == 0).forEach(empty::add);
        if (mapping.format().equals("csv")) {
            char delimiter = mapping.options().getOrDefault("sep", mapping.options().getOrDefault("delimiter", ",")).charAt(0);
            List<LandingFiles.LandingFile> withBytes = files.stream().filter(f -> f.size() > 0).toList();
            java.util.Iterator<List<String>> headers = landing.csvHeaders(withBytes.stream().map(LandingFiles.LandingFile::path).toList(),
                    delimiter, mapping.encoding()).iterator();
            for (LandingFiles.LandingFile file : files) {
                List<String> header = file.size() == 0 ? List.of() : headers.next();
                if (header.isEmpty() || header.equals(List.of(""))) {
                    if (file.size() > 0) {
                        empty.add(file);
                    }
                    continue;
                }
                byColumns.computeIfAbsent(header, k -> new ArrayList<>()).add(file);
            }
        } else {
            List<LandingFiles.LandingFile> readable = files.stream().filter(f -> f.size() > 0).toList();
            if (!readable.isEmpty()) {
                List<String> paths = readable.stream().map(LandingFiles.LandingFile::path).toList();
                Dataset<Row> sample = reader(spark, mapping, null).load(paths.toArray(String[]::new));
                List<String> columns = new ArrayList<>(List.of(sample.columns()));
                columns.remove(CORRUPT);
                byColumns.put(columns, readable);
            }
        }
        List<ReadGroup> groups = new ArrayList<>();
        for (Map.Entry<List<String>, List<LandingFiles.LandingFile>> group : byColumns.entrySet()) {
            StructType schema = stringSchema(group.getKey());
            Dataset<Row> probe = spark.createDataFrame(List.<Row>of(), schema);
            Map<String, String> resolved = new LinkedHashMap<>();
            String example = group.getValue().get(0).path();
            for (CanonicalSchema.Column column : entity.columns()) {
                String expression = mapping.columns().get(column.name());
                if (expression == null) {
                    continue;
                }
                try {
                    probe.selectExpr(expression).schema();
                    resolved.put(column.name(), expression);
                } catch (Exception e) {
                    if (!(e instanceof AnalysisException) && !(e.getCause() instanceof AnalysisException)
                            && !(e instanceof org.apache.spark.sql.catalyst.parser.ParseException)) {
                        throw e;
                    }
                    String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
                    if (column.required()) {
                        throw new IllegalArgumentException("file " + example + (group.getValue().size() > 1
                                ? " (and " + (group.getValue().size() - 1) + " more with the same header)" : "")
                                + ": required column '" + column.name() + "' cannot be read: profile expression `"
                                + expression + "` needs a column the file does not have (file columns: "
                                + group.getKey() + "). " + why);
                    }
                    context.warn(result, "file " + example + ": no column for optional '" + column.name()
                            + "' (expression `" + expression + "`); loaded as null");
                }
            }
            List<String> unknown = unknownColumns(probe, group.getKey(), resolved.values());
            if (!unknown.isEmpty()) {
                for (LandingFiles.LandingFile file : group.getValue()) {
                    context.warn(result, "file " + file.path() + ": columns no profile expression reads, not loaded: "
                            + String.join(", ", unknown));
                }
            }
            groups.add(new ReadGroup(group.getKey(), group.getValue(), resolved, unknown));
        }
        return groups;
    }

    /** The file's columns that none of the expressions reads, as Spark's analyser resolves them. */
    private static List<String> unknownColumns(Dataset<Row> probe, List<String> fileColumns, java.util.Collection<String> expressions) {
        if (expressions.isEmpty()) {
            return fileColumns;
        }
        java.util.Set<String> read = new java.util.HashSet<>();
        scala.collection.Iterator<org.apache.spark.sql.catalyst.expressions.Attribute> references = probe
                .selectExpr(expressions.toArray(String[]::new)).queryExecution().analyzed().references().iterator();
        while (references.hasNext()) {
            read.add(references.next().name().toLowerCase(java.util.Locale.ROOT));
        }
        return fileColumns.stream().filter(c -> !read.contains(c.toLowerCase(java.util.Locale.ROOT))).toList();
    }

    // ------------------------------------------------------------------ execution

    /**
     * One entity's pending days, checked and written to bronze; its rejects wait for the one quarantine write.
     * {@code rowsLoaded}: the rows the bronze commit wrote, from its metrics.
     */
    record Loaded(EntityPlan plan, Dataset<Row> checked, Dataset<Row> cached, Map<LocalDate, long[]> perDay,
                  Map<String, Long> perReason, long rowsLoaded) {

        String slice() {
            return "_source = " + literal(plan.source().name()) + " AND _export_date IN (" + days(plan.pendingDays()) + ")";
        }
    }

    private java.util.Optional<Loaded> load(JobContext context, JobResult.Builder result, EntityPlan plan,
                                            Timestamp ingestedAt, List<String> held) {
        SparkSession spark = context.spark();
        context.say(plan.label() + ": loading " + plan.pendingDays().size()
                + " new or changed export day(s), " + plan.groups().stream().mapToInt(g -> g.files().size()).sum() + " files");
        Dataset<Row> checked = null;
        for (ReadGroup group : plan.groups()) {
            Dataset<Row> part = IngestTransforms.markImplausible(IngestTransforms.canonicalise(read(spark, plan, group),
                    group.fileColumns(), plan.entity(), plan.mapping(), group.expressions(),
                    context.settings().phoneDefaultRegion()), plan.plausible());
            checked = checked == null ? part : checked.unionByName(part);
        }
        if (checked == null) {
            checked = spark.createDataFrame(List.<Row>of(), emptyCheckedSchema(spark, plan, context.settings().phoneDefaultRegion()));
        }
        checked = checked.persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> cached = checked;

        // One pass for every count: per export day and reason code.
        Map<LocalDate, long[]> perDay = new TreeMap<>();
        Map<String, Long> perReason = new TreeMap<>();
        for (Row row : checked.groupBy(col("_export_date"), substring_index(col(Quarantine.REASON), ":", 1).as("code"))
                .agg(count(lit(1)).as("rows")).collectAsList()) {
            long rows = row.getLong(2);
            long[] counts = perDay.computeIfAbsent(row.getDate(0).toLocalDate(), d -> new long[3]);
            counts[0] += rows;
            if (row.isNullAt(1)) {
                counts[1] += rows;
            } else {
                counts[2] += rows;
                perReason.merge(row.getString(1), rows, Long::sum);
            }
        }
        // The re-delivery guard: a changed day that lost too many rows keeps its loaded delivery.
        java.util.Set<LocalDate> shrunk = new java.util.TreeSet<>();
        for (Map.Entry<LocalDate, Long> previous : plan.previousRows().entrySet()) {
            LocalDate day = previous.getKey();
            long before = previous.getValue();
            long now = perDay.containsKey(day) ? perDay.get(day)[0] : 0;
            boolean tooFew = before > 0 && (now == 0 || before - now > context.settings().section(IngestConfig.class).maxShrink() * before);
            if (!tooFew) {
                continue;
            }
            String why = "the new delivery (" + plan.fileCounts().get(day) + " file(s)" + filesOf(plan, day)
                    + ") has " + now + " rows, " + Math.round(100.0 * (before - now) / before) + " % fewer than the "
                    + before + " loaded, more than ingest.max-shrink " + Math.round(100 * context.settings().section(IngestConfig.class).maxShrink()) + " %";
            if (plan.accepted().contains(day)) {
                plan.forced().add(day);
                context.warn(result, plan.label() + " " + day + ": " + why + "; applied, as --accept-shrink "
                        + plan.source().name() + ":" + day + " allows");
            } else {
                shrunk.add(day);
                String message = plan.label() + " " + day + " not applied: " + why + "; to apply it anyway: run --accept-shrink "
                        + plan.source().name() + ":" + day;
                context.warn(result, message);
                held.add(message);
            }
        }
        if (!shrunk.isEmpty()) {
            plan = plan.without(shrunk);
            checked = checked.filter(col("_export_date").isin(shrunk.stream().map(Date::valueOf).toArray()).unary_$bang());
            perDay.keySet().removeAll(shrunk);
            perReason.clear(); // counted over the held days too: not shown rather than shown wrong
            if (plan.pendingDays().isEmpty()) {
                // Spark's cache is keyed by plan: left cached, a later read of the same files would return these rows.
                cached.unpersist();
                return java.util.Optional.empty();
            }
        }
        Loaded loaded = new Loaded(plan, checked, cached, perDay, perReason, 0L);
        TableSpec bronze = BronzeTables.BY_ENTITY.get(plan.entity().name());
        // A day that never had files and still has none leaves nothing to add or delete.
        boolean anythingToReplace = !plan.groups().isEmpty() || !plan.reingested().isEmpty();
        if (anythingToReplace) {
            Lake.Write write = context.lake().replaceWhere(bronze,
                    IngestTransforms.loaded(checked, plan.entity(), plan.source().name(), ingestedAt), loaded.slice());
            result.wrote(write);
            loaded = new Loaded(plan, checked, cached, perDay, perReason, write.rowsWritten());
        }
        return java.util.Optional.of(loaded);
    }

    private static String filesOf(EntityPlan plan, LocalDate day) {
        List<String> names = plan.groups().stream().flatMap(g -> g.files().stream())
                .filter(f -> plan.exportDay(f).equals(day)).map(LandingFiles.LandingFile::path).toList();
        return names.isEmpty() ? ", no file matching '" + plan.mapping().files() + "'" : ": " + String.join(", ", names);
    }

    /**
     * One quarantine write and one audit write for the whole run, and the reconciliation of every entity
     * against what the commits wrote (their metrics, not a count of the tables): each entity's rows read
     * are its bronze commit's rows plus the rows it rejected, and the quarantine commit holds exactly the
     * rejected rows of all entities. The audit write also carries the {@code refreshed} rows: unchanged days
     * whose folder time moved, recorded with the new time.
     */
    private void finish(JobContext context, JobResult.Builder result, List<Loaded> loaded, List<Row> refreshed,
                        Timestamp ingestedAt) {
        Lake lake = context.lake();
        Dataset<Row> rejected = null;
        List<String> quarantineSlices = new ArrayList<>();
        List<String> auditSlices = new ArrayList<>();
        List<Row> audit = new ArrayList<>();
        for (Loaded l : loaded) {
            EntityPlan plan = l.plan();
            Dataset<Row> rows = IngestTransforms.rejected(l.checked(), plan.entity(), plan.source().name(), ingestedAt);
            rejected = rejected == null ? rows : rejected.unionByName(rows);
            quarantineSlices.add("(" + l.slice() + " AND _entity = " + literal(plan.entity().name()) + ")");
            auditSlices.add("(source = " + literal(plan.source().name()) + " AND entity = " + literal(plan.entity().name())
                    + " AND export_date IN (" + days(plan.pendingDays()) + "))");
            for (LocalDate day : plan.pendingDays()) {
                long[] counts = l.perDay().getOrDefault(day, new long[3]);
                // one "file: column, column" entry per file: an array, not a map, so the audit can be compared
                // with EXCEPT (time travel, idempotence checks), which Spark refuses on map columns
                List<String> unknown = new ArrayList<>();
                for (ReadGroup group : plan.groups()) {
                    group.files().stream().filter(f -> !group.unknownColumns().isEmpty() && plan.exportDay(f).equals(day))
                            .forEach(f -> unknown.add(f.name() + ": " + String.join(", ", group.unknownColumns())));
                }
                java.util.Collections.sort(unknown);
                audit.add(RowFactory.create(plan.source().name(), plan.entity().name(), Date.valueOf(day),
                        plan.fingerprints().get(day), plan.fileCounts().get(day), counts[0], counts[1], counts[2],
                        Date.valueOf(context.runDate()), ingestedAt, plan.previousRows().get(day),
                        plan.forced().contains(day), unknown, folderTime(plan.folderTimes().get(day))));
            }
        }
        if (rejected != null) {
            reconcile(context, result, loaded, rejected, quarantineSlices);
        }
        Map<String, List<LocalDate>> refreshedDays = new TreeMap<>();
        for (Row row : refreshed) {
            refreshedDays.computeIfAbsent("source = " + literal(row.getString(0)) + " AND entity = " + literal(row.getString(1)),
                    k -> new ArrayList<>()).add(row.getDate(2).toLocalDate());
        }
        refreshedDays.forEach((slice, dayList) -> auditSlices.add("(" + slice + " AND export_date IN (" + days(dayList) + "))"));
        audit.addAll(refreshed);
        result.touched(lake.replaceWhere(BronzeTables.AUDIT, context.spark().createDataFrame(audit, auditSchema()),
                String.join(" OR ", auditSlices)));
    }

    private static Timestamp folderTime(Long millis) {
        return millis == null ? null : new Timestamp(millis);
    }

    /** One quarantine write for every loaded entity, then each entity's read = loaded + quarantined against the commits. */
    private static void reconcile(JobContext context, JobResult.Builder result, List<Loaded> loaded, Dataset<Row> rejected,
                                  List<String> quarantineSlices) {
        Lake.Write quarantined = Quarantine.write(context.lake(), rejected, String.join(" OR ", quarantineSlices));
        result.touched(quarantined);

        long rejectedRows = 0;
        for (Loaded l : loaded) {
            long read = l.perDay().values().stream().mapToLong(c -> c[0]).sum();
            long rejectedHere = l.perDay().values().stream().mapToLong(c -> c[2]).sum();
            Reconciliation reconciliation = new Reconciliation(l.plan().label(), read, l.rowsLoaded(), rejectedHere).requireBalanced();
            rejectedRows += rejectedHere;
            result.read(read).quarantined(rejectedHere);
            context.say(reconciliation + (l.perReason().isEmpty() ? "" : "  " + l.perReason()));
            l.cached().unpersist();
        }
        if (quarantined.rowsWritten() != rejectedRows) {
            throw new IllegalStateException("quarantine: the entities rejected " + rejectedRows + " rows but its commit (version "
                    + quarantined.version() + ") wrote " + quarantined.rowsWritten());
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String days(List<LocalDate> days) {
        return days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
    }

    private Dataset<Row> read(SparkSession spark, EntityPlan plan, ReadGroup group) {
        String[] paths = group.files().stream().map(LandingFiles.LandingFile::path).toArray(String[]::new);
        StructType schema = plan.mapping().format().equals("csv")
                ? stringSchema(group.fileColumns()).add(CORRUPT, DataTypes.StringType, true) : null;
        Dataset<Row> raw = reader(spark, plan.mapping(), schema).load(paths);
        if (!List.of(raw.columns()).contains(CORRUPT)) {
            raw = raw.withColumn(CORRUPT, lit(null).cast(DataTypes.StringType));
        }
        raw = raw.withColumn("_source_file", input_file_name());
        raw = raw.withColumn(SOURCE_ROW, plan.mapping().lineKey() == SourceProfile.LineKey.POSITION
                ? IngestTransforms.rowNumberInFile() : lit(null).cast(DataTypes.LongType));
        if (plan.source().isSingleExport()) {
            return raw.withColumn("_export_date", lit(Date.valueOf(plan.source().singleExportDate().orElseThrow())));
        }
        return raw.withColumn("_export_date",
                to_date(regexp_extract(col("_source_file"), "/(\\d{4}-\\d{2}-\\d{2})/[^/]*$", 1)));
    }

    private static org.apache.spark.sql.DataFrameReader reader(SparkSession spark, SourceProfile.EntityMapping mapping,
                                                               StructType schema) {
        org.apache.spark.sql.DataFrameReader reader = spark.read().format(mapping.format()).options(mapping.options());
        if (!mapping.encoding().equals(java.nio.charset.StandardCharsets.UTF_8)) {
            reader = reader.option("encoding", mapping.encoding().name());
            // Spark reads JSON lines in another encoding only when told the line separator
            if (mapping.format().equals("json") && !mapping.options().containsKey("lineSep")
                    && !"true".equalsIgnoreCase(mapping.options().get("multiLine"))) {
                reader = reader.option("lineSep", "\n");
            }
        }
        if (mapping.format().equals("csv")) {
            reader = reader.option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
                    .option("enforceSchema", "true");
        } else if (mapping.format().equals("json")) {
            reader = reader.option("primitivesAsString", "true").option("columnNameOfCorruptRecord", CORRUPT);
        }
        return schema == null ? reader : reader.schema(schema);
    }

    private static StructType stringSchema(List<String> columns) {
        List<StructField> fields = new ArrayList<>();
        for (String column : columns) {
            fields.add(DataTypes.createStructField(column, DataTypes.StringType, true));
        }
        return DataTypes.createStructType(fields);
    }

    private static StructType emptyCheckedSchema(SparkSession spark, EntityPlan plan, String region) {
        Dataset<Row> empty = spark.createDataFrame(List.<Row>of(), stringSchema(List.of()).add(CORRUPT, DataTypes.StringType)
                .add("_source_file", DataTypes.StringType).add(SOURCE_ROW, DataTypes.LongType)
                .add("_export_date", DataTypes.DateType));
        return IngestTransforms.canonicalise(empty, List.of(), plan.entity(), plan.mapping(), Map.of(), region).schema();
    }

    static StructType auditSchema() {
        return new StructType()
                .add("source", DataTypes.StringType, false)
                .add("entity", DataTypes.StringType, false)
                .add("export_date", DataTypes.DateType, false)
                .add("fingerprint", DataTypes.StringType, false)
                .add("file_count", DataTypes.IntegerType, false)
                .add("rows_read", DataTypes.LongType, false)
                .add("rows_loaded", DataTypes.LongType, false)
                .add("rows_quarantined", DataTypes.LongType, false)
                .add("run_date", DataTypes.DateType, false)
                .add("ingested_at", DataTypes.TimestampType, false)
                // added later: nullable, so the audit of an older lake takes them by schema merge
                .add("previous_rows_read", DataTypes.LongType, true)
                .add("is_shrink_accepted", DataTypes.BooleanType, true)
                .add("unknown_columns", DataTypes.createArrayType(DataTypes.StringType), true)
                .add(FOLDER_MODIFIED_AT, DataTypes.TimestampType, true);
    }

    /** The audit's record of the day folder's time; null where it tells nothing, and in audits older than it. */
    static final String FOLDER_MODIFIED_AT = "folder_modified_at";
}
