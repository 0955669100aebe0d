package io.ltvlake.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.identity.CustomerKeys;
import io.ltvlake.common.identity.IdentityGraph;
import io.ltvlake.common.job.DeclaredJob;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.spark.Checkpoints;
import io.ltvlake.jobs.bronze.ingest.CanonicalSchema;
import io.ltvlake.jobs.bronze.ingest.BronzeTables;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Bronze → silver: one row per business key (latest export wins), phones in E.164, e-mails
 * normalised, and a {@code customer_key} from the identity graph on every fact. Silver holds what
 * bronze as of the run date gives, so a rerun gives the same rows. A night conforms again only the
 * business keys of the export days that changed since the last run (the identity map's commit records
 * the bronze versions and the run date it read), keeps every other row as silver holds it, and labels
 * again only the identity components whose edges changed; {@code run --full} conforms all of bronze.
 *
 * <p>Intermediates are checkpoints ({@link Checkpoints#eager}: local in local mode, reliable on a
 * cluster) rather than cached plans: the identity graph's rounds stack joins on them, and planning
 * those stacked plans cost more than the work. A night checkpoints only what it computed: the rows
 * silver keeps are read from silver's stored version wherever they are needed (a 200 k night: 331 to
 * 294 CPU s against checkpointing every row).
 */
public final class ConformJob extends DeclaredJob {

    public ConformJob() {
        super("conform",
                "bronze -> silver: latest version per key, E.164 phones, identity graph, customer_key on every fact",
                List.of("ingest"),
                List.of(SilverTables.ORDER_LINES, SilverTables.ORDERS, SilverTables.CALLS, SilverTables.SESSIONS,
                        SilverTables.AD_COSTS, SilverTables.PRODUCTS, SilverTables.MESSAGES, SilverTables.IDENTITY_MAP, SilverTables.CUSTOMERS));
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Settings settings = context.settings();
        String region = settings.phoneDefaultRegion();
        Lake lake = context.lake();

        context.step("what changed since the last run");
        Map<String, BronzeRead> bronze = readBronze(context);
        OptionalLong auditVersion = lake.versionIfExists(BronzeTables.AUDIT);
        CustomerKeys keys = new CustomerKeys(settings.identity().keySecret().require());
        List<String> zeroValueSources = settings.sources().stream().filter(s -> s.zeroValuePurchases()).map(s -> s.name()).toList();
        String settingsFingerprint = settingsFingerprint(settings, zeroValueSources, keys);
        Optional<ConformInputs> lastRun = lastRun(context, settingsFingerprint);
        Optional<Changes> changes = lastRun.flatMap(recorded -> changes(context, recorded, bronze, auditVersion));

        context.step("latest version of each order, call and session");
        Conformed conformedLines = conformed(context, changes, bronze, CanonicalSchema.ORDER_LINES, SilverTables.ORDER_LINES,
                rows -> ConformTransforms.orderLines(silverOf(ConformTransforms.normaliseContacts(ConformTransforms.latestOrderLines(rows),
                        List.of("phone"), List.of("email"), region)), settings.businessTimeZone(), zeroValueSources));
        Dataset<Row> calls = conformed(context, changes, bronze, CanonicalSchema.CALLS, SilverTables.CALLS,
                rows -> ConformTransforms.withBusinessDate(silverOf(ConformTransforms.normaliseContacts(
                        ConformTransforms.latestByKey(rows, BRONZE_KEYS.get(CanonicalSchema.CALLS.name())), List.of("caller_phone"),
                        List.of(), region)), "started_at", "call_date", settings.businessTimeZone())).rows();
        Conformed conformedSessions = conformed(context, changes, bronze, CanonicalSchema.SESSIONS, SilverTables.SESSIONS,
                rows -> ConformTransforms.withBusinessDate(silverOf(ConformTransforms.normaliseContacts(
                        ConformTransforms.latestByKey(rows, BRONZE_KEYS.get(CanonicalSchema.SESSIONS.name())), List.of("phone"),
                        List.of("email"), region)), "started_at", "session_date", settings.businessTimeZone()));
        Dataset<Row> lines = conformedLines.rows();
        Dataset<Row> sessions = conformedSessions.rows();
        // an order's row depends on its lines alone: a night keeps those of the orders whose lines it kept
        Optional<Dataset<Row>> storedOrders = keptRows(context, changes, CanonicalSchema.ORDER_LINES, SilverTables.ORDERS);

        // Messages are optional: a lake whose sources never delivered any has no bronze.messages, and no silver one.
        Optional<Conformed> conformedMessages = bronze.get(CanonicalSchema.MESSAGES.name()).version().isPresent()
                ? Optional.of(conformed(context, changes, bronze, CanonicalSchema.MESSAGES, SilverTables.MESSAGES,
                        rows -> MessageTransforms.messages(silverOf(ConformTransforms.latestByKey(rows, MessageTransforms.BRONZE_KEY)),
                                region, settings.businessTimeZone())))
                : Optional.empty();
        Optional<Dataset<Row>> messages = conformedMessages.map(Conformed::rows);

        context.step("identity graph");
        Dataset<Row> events = identifierEvents(lines, calls, sessions, messages);
        Dataset<Row> edges = Checkpoints.eager(IdentityGraph.edgesFromEvents(events, "ids"));
        int maxIterations = settings.identity().maxIterations();
        int checkpointEvery = settings.identity().checkpointEvery();
        Optional<PreviousGraph> previous = lastRun.map(recorded -> previousGraph(lake));
        IdentityGraph.Result graph = previous.map(stored -> IdentityGraph.update(stored.labels(), stored.edges(), edges,
                        maxIterations, checkpointEvery))
                .orElseGet(() -> IdentityGraph.components(edges, maxIterations, checkpointEvery));
        Dataset<Row> labels = Checkpoints.eager(graph.labels());
        Dataset<Row> identityMap = ConformTransforms.identityMap(labels, keys);
        boolean night = changes.isPresent() && graph.relabelled().isPresent();
        Dataset<Row> eventCustomers;
        if (night) {
            // a night: only the facts conformed again (no key yet) and those of the components labelled again
            Dataset<Row> unkeyed = identifierEvents(unkeyed(lines), unkeyed(calls), unkeyed(sessions), messages.map(ConformJob::unkeyed));
            Dataset<Row> toKey = Checkpoints.eager(ConformTransforms.eventsToKey(events, graph.relabelled().get(), unkeyed));
            eventCustomers = org.apache.spark.sql.functions.broadcast(Checkpoints.eager(
                    ConformTransforms.eventCustomers(org.apache.spark.sql.functions.broadcast(toKey), labels, keys)));
        } else {
            eventCustomers = Checkpoints.eager(ConformTransforms.eventCustomers(events, labels, keys));
        }

        context.step("customer keys and call flags");
        // on a night the keys come from a broadcast of the few events keyed again: reading silver's lines through it
        // for the orders, the checks and the write costs less than a checkpoint of every line
        Dataset<Row> keyedLines = ConformTransforms.withCustomerKey(lines, "order", "order_id", eventCustomers);
        if (!night) {
            keyedLines = Checkpoints.eager(keyedLines);
        }
        Dataset<Row> orders;
        Optional<Lake.Keeping> ordersKept = Optional.empty();
        if (night && storedOrders.isPresent() && conformedLines.keeping().isPresent()) {
            // only the orders of the lines conformed again are aggregated; the kept ones are keyed again like their lines
            Dataset<Row> changedOrders = Checkpoints.eager(ConformTransforms.orders(ConformTransforms.withCustomerKey(
                    conformedLines.keeping().get().changed(), "order", "order_id", eventCustomers)));
            Dataset<Row> keptOrders = ConformTransforms.withCustomerKey(storedOrders.get(), "order", "order_id", eventCustomers);
            orders = keptOrders.unionByName(changedOrders);
            ordersKept = Optional.of(new Lake.Keeping(keptOrders, changedOrders, List.of("customer_key")));
        } else {
            orders = Checkpoints.eager(ConformTransforms.orders(keyedLines));
        }
        // The call flags need the callers' orders, which only conform has to hand before silver is written.
        Dataset<Row> keyedCalls = CallFlags.withFlags(
                ConformTransforms.withCustomerKey(calls, "call", "call_id", eventCustomers), orders, settings.section(CallsConfig.class));
        Dataset<Row> keyedSessions = ConformTransforms.withCustomerKey(sessions, "session", "session_id", eventCustomers);

        context.step("write silver");
        Map<TableSpec, Long> identityInputs = new LinkedHashMap<>();
        bronze.values().forEach(read -> read.version().ifPresent(version -> identityInputs.put(read.table(), version)));
        auditVersion.ifPresent(version -> identityInputs.put(BronzeTables.AUDIT, version));
        // a night checks the rows it conformed again, the others were checked when written (calls are checked whole,
        // since their flags are computed again for every call)
        Lake.Write linesWrite = lake.overwrite(SilverTables.ORDER_LINES, keyedLines, null, conformedLines.keeping().orElse(null));
        identityInputs.put(SilverTables.ORDER_LINES, linesWrite.version());
        Lake.Write ordersWrite = lake.overwrite(SilverTables.ORDERS, orders, null, ordersKept.orElse(null));
        identityInputs.put(SilverTables.ORDERS, ordersWrite.version());
        result.wrote(linesWrite).wrote(ordersWrite);
        Lake.Write callsWrite = lake.overwrite(SilverTables.CALLS, keyedCalls);
        Lake.Write sessionsWrite = lake.overwrite(SilverTables.SESSIONS, keyedSessions, null, conformedSessions.keeping().orElse(null));
        identityInputs.put(SilverTables.CALLS, callsWrite.version());
        identityInputs.put(SilverTables.SESSIONS, sessionsWrite.version());
        result.wrote(callsWrite).wrote(sessionsWrite);
        result.wrote(lake.overwrite(SilverTables.AD_COSTS, silverOf(ConformTransforms.latestByKey(
                bronze.get(CanonicalSchema.AD_COSTS.name()).rows(),
                List.of("_source", "date", "utm_source", "utm_medium", "utm_campaign")))));
        result.wrote(lake.overwrite(SilverTables.PRODUCTS, silverOf(ConformTransforms.latestByKey(
                bronze.get(CanonicalSchema.PRODUCTS.name()).rows(), List.of("_source", "product_id")))));
        if (messages.isPresent()) {
            Lake.Write messagesWrite = lake.overwrite(SilverTables.MESSAGES, ConformTransforms.withCustomerKey(messages.get(),
                    MessageTransforms.MESSAGE_EVENT, "message_id", eventCustomers), null, conformedMessages.get().keeping().orElse(null));
            identityInputs.put(SilverTables.MESSAGES, messagesWrite.version());
            result.wrote(messagesWrite);
            reportMessagesWithoutRecipient(context, result, messagesWrite.rowsWritten());
        } else {
            context.say("messages: no source has delivered any; silver.messages not written, the jobs that need it are skipped");
        }
        Lake.Write identityWrite = lake.overwrite(SilverTables.IDENTITY_MAP, identityMap,
                ConformInputs.of(context.runDate(), settingsFingerprint, identityInputs).format());
        result.wrote(identityWrite);
        context.step("customers");
        Dataset<Row> customers = ConformTransforms.customers(lake.read(SilverTables.IDENTITY_MAP), lake.read(SilverTables.ORDERS),
                lake.read(SilverTables.CALLS), lake.read(SilverTables.SESSIONS));
        Lake.Write customersWrite = lake.overwrite(SilverTables.CUSTOMERS, messages.isPresent()
                ? ContactRule.withContactability(customers, lake.read(SilverTables.MESSAGES))
                : ContactRule.withContactability(customers));
        result.wrote(customersWrite);

        context.say("identity graph: " + identityWrite.rowsWritten() + " identifiers in " + customersWrite.rowsWritten()
                + " customers (" + (previous.isPresent() ? "the components whose edges changed, " : "computed in full, ")
                + graph.rounds() + " rounds)");
        context.step("rows read and unreadable contacts");
        reportBronze(context, result, changes.map(Changes::delivered).orElseGet(() -> allOf(bronze)));
        return result.build();
    }

    /** The facts without a customer key yet: on a night, those conformed again. */
    private static Dataset<Row> unkeyed(Dataset<Row> facts) {
        return facts.where(col("customer_key").isNull());
    }

    /** The identity graph's events: orders, calls, sessions and, where there are any, messages. */
    private static Dataset<Row> identifierEvents(Dataset<Row> lines, Dataset<Row> calls, Dataset<Row> sessions,
                                                 Optional<Dataset<Row>> messages) {
        Dataset<Row> events = ConformTransforms.identifierEvents(ConformTransforms.orderIdentifiers(lines), calls, sessions);
        return messages.map(m -> events.unionByName(MessageTransforms.identifierEvents(m))).orElse(events);
    }

    /** The identity graph a previous run stored: its labels and the edges they were computed from. */
    private record PreviousGraph(Dataset<Row> labels, Dataset<Row> edges) {}

    /**
     * What the last run recorded of its inputs, when silver still holds the tables it wrote the identity graph
     * from as that run wrote them (the identity map's commit records their versions): then a night starts from
     * the stored graph and from silver. Empty, and silver and the graph are computed in full, on {@code run
     * --full}, on a first run, when the settings silver is derived with changed, and when a table changed after
     * the map was written (a run that stopped half way), since the stored labels, silver's rows and the tables'
     * edges would then not belong together.
     */
    private static Optional<ConformInputs> lastRun(JobContext context, String settingsFingerprint) {
        Lake lake = context.lake();
        String full = "silver and the identity graph: computed in full (";
        if (context.full()) {
            context.say(full + "run --full)");
            return Optional.empty();
        }
        Optional<Lake.Commit> stored = lake.lastCommit(SilverTables.IDENTITY_MAP);
        if (stored.isEmpty()) {
            return Optional.empty(); // a first run: nothing to start from, and nothing to explain
        }
        Optional<ConformInputs> recorded = stored.get().metadata().flatMap(ConformInputs::parse);
        if (recorded.isEmpty()) {
            context.say(full + "the identity map's last commit records no inputs)");
            return Optional.empty();
        }
        // labels stored from silver derived another way came from edges this run no longer makes from that silver
        // (an order's phone picked otherwise, say), so an update could keep them: silver and the graph start afresh
        if (recorded.get().settings().map(settings -> !settings.equals(settingsFingerprint)).orElse(false)) {
            context.say(full + "the settings silver is derived with changed since the last run)");
            return Optional.empty();
        }
        for (TableSpec input : ConformInputs.KEPT_TABLES) {
            OptionalLong now = lake.versionIfExists(input);
            Optional<Long> then = recorded.get().version(input);
            if (then.isEmpty() ? now.isPresent() : now.isEmpty() || now.getAsLong() != then.get()) {
                context.say(full + input.name() + " is at version " + (now.isPresent() ? now.getAsLong() : "none")
                        + ", the identity map was computed from " + then.map(String::valueOf).orElse("none") + ")");
                return Optional.empty();
            }
        }
        return recorded;
    }

    /** The stored graph: the identity map's labels and the edges of silver's events, as the last run wrote both. */
    private static PreviousGraph previousGraph(Lake lake) {
        Dataset<Row> events = identifierEvents(lake.read(SilverTables.ORDER_LINES), lake.read(SilverTables.CALLS),
                lake.read(SilverTables.SESSIONS), lake.readIfExists(SilverTables.MESSAGES));
        return new PreviousGraph(ConformTransforms.componentLabels(lake.read(SilverTables.IDENTITY_MAP)),
                IdentityGraph.edgesFromEvents(events, "ids"));
    }

    /** The business key of each fact entity in bronze, whose latest export silver keeps. */
    private static final Map<String, List<String>> BRONZE_KEYS = Map.of(
            CanonicalSchema.ORDER_LINES.name(), List.of("_source", "order_id"),
            CanonicalSchema.CALLS.name(), List.of("_source", "call_id"),
            CanonicalSchema.SESSIONS.name(), List.of("_source", "session_id"),
            CanonicalSchema.MESSAGES.name(), MessageTransforms.BRONZE_KEY);

    /**
     * Bumped when a release changes how silver rows are derived from bronze, so that the first night after it
     * conforms every row again instead of keeping rows derived the old way.
     */
    private static final int DERIVATION = 2;

    /** One bronze table as this run reads it: at the version it found (empty when the table does not exist), up to the run date. */
    private record BronzeRead(TableSpec table, Optional<Long> version, Dataset<Row> rows) {}

    /**
     * A night's work: per fact entity, the business keys the export days changed since the last run delivered
     * now or delivered then (bronze's column names), checkpointed; and the rows they deliver now.
     */
    private record Changes(Map<String, Dataset<Row>> keys, Map<String, Dataset<Row>> delivered) {}

    /**
     * Every bronze table, read once at the version the lake holds now (and recorded with the identity map), with
     * the rows exported up to the run date; an entity no source delivers reads as empty.
     */
    private static Map<String, BronzeRead> readBronze(JobContext context) {
        Lake lake = context.lake();
        Map<String, BronzeRead> reads = new LinkedHashMap<>();
        for (CanonicalSchema.Entity entity : List.of(CanonicalSchema.ORDER_LINES, CanonicalSchema.CALLS, CanonicalSchema.SESSIONS,
                CanonicalSchema.AD_COSTS, CanonicalSchema.PRODUCTS, CanonicalSchema.MESSAGES)) {
            TableSpec spec = BronzeTables.BY_ENTITY.get(entity.name());
            OptionalLong found = lake.versionIfExists(spec);
            Optional<Long> version = found.isPresent() ? Optional.of(found.getAsLong()) : Optional.empty();
            Dataset<Row> rows = version.map(v -> lake.readAt(spec, v)).orElseGet(() ->
                    context.spark().createDataFrame(new ArrayList<Row>(), CanonicalSchema.bronzeSchema(entity)));
            reads.put(entity.name(), new BronzeRead(spec, version, rows.filter(col("_export_date").leq(lit(Date.valueOf(context.runDate()))))));
        }
        return reads;
    }

    private static Map<String, Dataset<Row>> allOf(Map<String, BronzeRead> bronze) {
        Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
        bronze.forEach((entity, read) -> rows.put(entity, read.rows()));
        return rows;
    }

    /**
     * A fingerprint of the settings silver rows are derived with: a customer key of their description, so the key
     * secret counts too (a night keeps keys made with it) and the fingerprint tells nothing of it. When it changes,
     * no row or customer key of the last run can be kept. The checks of the tables a night keeps rows of count too,
     * since it does not check those rows again: a release that changes a check checks every row once.
     */
    private static String settingsFingerprint(Settings settings, List<String> zeroValueSources, CustomerKeys keys) {
        List<String> checks = ConformInputs.KEPT_TABLES.stream()
                .flatMap(table -> table.expectations().stream().map(check -> table.name() + ":" + check.name() + ":"
                        + check.severity() + ":" + check.describe()))
                .toList();
        return keys.keyOf("derivation=" + DERIVATION + ";region=" + settings.phoneDefaultRegion() + ";zone=" + settings.businessTimeZone()
                + ";zero-value=" + zeroValueSources.stream().sorted().toList() + ";checks=" + checks);
    }

    /**
     * The night's changes since the last run, or empty (and silver conformed from all of bronze, saying why)
     * when the last run's record cannot tell them: it predates bronze versions, the run date went back, a bronze
     * table moved without an ingest audit of the days it replaced, the last run's
     * bronze can no longer be read (vacuumed), or so many days changed that conforming everything costs less.
     */
    private static Optional<Changes> changes(JobContext context, ConformInputs recorded, Map<String, BronzeRead> bronze,
                                             OptionalLong auditVersion) {
        String full = "silver: conformed from all of bronze (";
        if (!recorded.recordsBronze() || auditVersion.isEmpty()) {
            context.say(full + "the identity map's last commit records no bronze versions)");
            return Optional.empty();
        }
        java.time.LocalDate lastRunDate = recorded.runDate().orElseThrow();
        if (context.runDate().isBefore(lastRunDate)) {
            context.say(full + "the run date is before the last run's, " + lastRunDate + ")");
            return Optional.empty();
        }
        Lake lake = context.lake();
        try {
            Dataset<Row> auditNow = lake.readAt(BronzeTables.AUDIT, auditVersion.getAsLong());
            List<Row> days = ConformTransforms.changedExportDays(auditNow,
                    lake.readAt(BronzeTables.AUDIT, recorded.version(BronzeTables.AUDIT).orElseThrow()), lastRunDate, context.runDate())
                    .orderBy("entity", "source", "export_date").collectAsList();
            long allDays = auditNow.where(col("export_date").leq(lit(Date.valueOf(context.runDate())))).count();
            // the night's keys are broadcast to the bronze scan: past a month of days or a quarter of the history
            // (a lake that missed many nights) one pass over everything is the better plan
            if (days.size() > Math.max(31L, allDays / 4)) {
                context.say(full + days.size() + " of " + allDays + " export days changed since the last run: conforming them all costs less)");
                return Optional.empty();
            }
            Map<String, Dataset<Row>> keys = new LinkedHashMap<>();
            Map<String, Dataset<Row>> delivered = allOf(bronze);
            for (Map.Entry<String, List<String>> fact : BRONZE_KEYS.entrySet()) {
                String entity = fact.getKey();
                BronzeRead now = bronze.get(entity);
                List<Row> entityDays = days.stream().filter(day -> day.getString(1).equals(entity)).toList();
                Optional<Long> then = recorded.version(now.table());
                if (entityDays.isEmpty() && !then.equals(now.version())) {
                    context.say(full + now.table().name() + " moved from version " + then.map(String::valueOf).orElse("none") + " to "
                            + now.version().map(String::valueOf).orElse("none") + " without an ingest audit of the days it replaced)");
                    return Optional.empty();
                }
                Column ofDays = ConformTransforms.ofExportDays(entityDays);
                Dataset<Row> deliveredNow = now.rows().filter(ofDays);
                Dataset<Row> deliveredThen = then.map(version -> lake.readAt(now.table(), version)
                                .filter(col("_export_date").leq(lit(Date.valueOf(lastRunDate)))).filter(ofDays))
                        .orElseGet(() -> deliveredNow.limit(0));
                keys.put(entity, Checkpoints.eager(ConformTransforms.changedKeys(deliveredNow, deliveredThen, fact.getValue())));
                delivered.put(entity, deliveredNow);
            }
            context.say("silver: conformed again only the business keys of the export days changed since the last run ("
                    + describe(days.stream().filter(day -> BRONZE_KEYS.containsKey(day.getString(1))).toList())
                    + "); every other row kept as the last run wrote it; ad costs and products conformed whole");
            return Optional.of(new Changes(keys, delivered));
        } catch (Exception unreadable) {
            // a vacuumed version of the last run's bronze or audit: Delta fails on reading it, and nothing else can say which keys it held
            context.say(full + "the last run's bronze can no longer be read: " + firstLine(unreadable) + ")");
            return Optional.empty();
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** "order_lines: shop 2025-03-01, 2025-03-02; calls: none"-style, with a long run of days as its count and ends. */
    private static String describe(List<Row> days) {
        if (days.isEmpty()) {
            return "none";
        }
        Map<String, List<String>> byEntity = new LinkedHashMap<>();
        days.forEach(day -> byEntity.computeIfAbsent(day.getString(1), e -> new ArrayList<>()).add(day.getString(0) + " " + day.getDate(2)));
        List<String> parts = new ArrayList<>();
        byEntity.forEach((entity, list) -> parts.add(entity + ": " + (list.size() <= 4 ? String.join(", ", list)
                : list.size() + " days, " + list.get(0) + " to " + list.get(list.size() - 1))));
        return String.join("; ", parts);
    }

    /**
     * An entity's silver rows before call flags, with the customer key silver holds: on a first run or a full
     * one, conformed from all of bronze, without keys; on a night, the changed keys conformed from all their
     * bronze rows, without keys, and every other row as silver holds it, with its key (its bronze rows are the
     * same as the last run read, so conforming them again would give the same row). Checkpointed: all of it on a
     * first or full run, the rows conformed again on a night.
     */
    private static Conformed conformed(JobContext context, Optional<Changes> changes, Map<String, BronzeRead> bronze,
                                       CanonicalSchema.Entity entity, TableSpec silver, UnaryOperator<Dataset<Row>> conform) {
        Dataset<Row> all = bronze.get(entity.name()).rows();
        Column noKeyYet = lit(null).cast("string");
        Optional<Dataset<Row>> stored = keptRows(context, changes, entity, silver);
        if (stored.isEmpty()) {
            return new Conformed(Checkpoints.eager(conform.apply(all).withColumn("customer_key", noKeyYet)), Optional.empty());
        }
        Dataset<Row> again = conform.apply(ConformTransforms.ofKeys(all, changes.get().keys().get(entity.name()),
                BRONZE_KEYS.get(entity.name())));
        List<String> columns = new ArrayList<>(List.of(again.columns()));
        columns.add("customer_key");
        Dataset<Row> kept = stored.get().select(columns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
        // only the rows conformed again are checkpointed (they read all of bronze's rows of their keys); the kept
        // ones are a scan of silver without the changed keys, cheaper read again than copied into a checkpoint
        Dataset<Row> changed = Checkpoints.eager(again.withColumn("customer_key", noKeyYet));
        return new Conformed(kept.unionByName(changed), Optional.of(new Lake.Keeping(kept, changed, List.of("customer_key"))));
    }

    /**
     * On a night, the rows of {@code silver} (an entity's table, or one derived from it by business key) as the lake
     * holds them now, without the business keys of the entity that changed since the last run; empty otherwise.
     * Read at the version found now: this job overwrites the table later, and a read of the latest version would
     * then see the new rows, where every use of these must see the stored ones.
     */
    private static Optional<Dataset<Row>> keptRows(JobContext context, Optional<Changes> changes, CanonicalSchema.Entity entity,
                                                   TableSpec silver) {
        OptionalLong storedVersion = changes.isEmpty() ? OptionalLong.empty() : context.lake().versionIfExists(silver);
        if (storedVersion.isEmpty()) {
            return Optional.empty();
        }
        List<String> silverKey = BRONZE_KEYS.get(entity.name()).stream().map(column -> column.equals("_source") ? "source" : column).toList();
        Dataset<Row> keys = changes.get().keys().get(entity.name()).toDF(silverKey.toArray(String[]::new));
        return Optional.of(ConformTransforms.withoutKeys(context.lake().readAt(silver, storedVersion.getAsLong()), keys, silverKey));
    }

    /**
     * An entity's silver rows before keys, and on a night which of them were conformed again: the others are rows
     * silver holds, checked when they were written, whose customer key alone may be set again.
     */
    private record Conformed(Dataset<Row> rows, Optional<Lake.Keeping> keeping) {}

    private static Dataset<Row> silverOf(Dataset<Row> latest) {
        return latest.withColumnRenamed("_source", "source").drop("_source_file", "_source_row", "_export_date", "_export_month",
                "_ingested_at");
    }

    /**
     * A message whose recipient matches no identifier (none exported, or none readable) has no customer: it stays
     * in silver, and the campaign marts and touches cannot count it. Say how many, so it is never silent.
     */
    private static void reportMessagesWithoutRecipient(JobContext context, JobResult.Builder result, long messages) {
        long withoutRecipient = context.lake().read(SilverTables.MESSAGES).filter(col("customer_key").isNull()).count();
        context.say("messages: " + messages + " in silver, " + withoutRecipient + " whose recipient matches no identifier");
        if (withoutRecipient > 0) {
            context.warn(result, withoutRecipient + " of " + messages + " messages name no readable customer_id, e-mail, phone "
                    + "or client_id: kept in silver.messages with a null customer_key, left out of touches and campaign effect");
        }
    }

    /**
     * Rows read, and contacts that could not be read (nulled in silver; say how many, so it is never
     * silent), from one pass over the bronze rows the job conformed: all of them on a full run, the changed
     * export days' rows on a night.
     */
    private static void reportBronze(JobContext context, JobResult.Builder result, Map<String, Dataset<Row>> read) {
        String region = context.settings().phoneDefaultRegion();
        Map<String, List<List<String>>> contactColumns = Map.of(
                CanonicalSchema.ORDER_LINES.name(), List.of(List.of("phone"), List.of("email")),
                CanonicalSchema.CALLS.name(), List.of(List.of("caller_phone"), List.of()),
                CanonicalSchema.SESSIONS.name(), List.of(List.of("phone"), List.of("email")),
                CanonicalSchema.MESSAGES.name(), List.of(List.of("phone"), List.of("email")));
        List<ConformTransforms.BronzeContacts> entities = new ArrayList<>();
        read.forEach((entity, rows) -> {
            List<List<String>> columns = contactColumns.getOrDefault(entity, List.of(List.of(), List.of()));
            entities.add(new ConformTransforms.BronzeContacts(entity, rows, columns.get(0), columns.get(1)));
        });
        java.util.Map<String, Long> rowsPerEntity = new java.util.TreeMap<>();
        List<String> warnings = new ArrayList<>();
        // one row per entity and contact column: a handful, whatever the data
        for (Row found : ConformTransforms.contactReadability(entities, region).orderBy("entity", "column").collectAsList()) {
            String entity = found.getString(0);
            rowsPerEntity.put(entity, found.getLong(2));
            long unreadable = found.getLong(3);
            if (unreadable > 0) {
                boolean phone = entities.stream().anyMatch(e -> e.entity().equals(entity) && e.phones().contains(found.getString(1)));
                warnings.add(unreadable + " distinct " + entity + "." + found.getString(1) + " values are not "
                        + (phone ? "valid phone numbers (default region " + region + ")" : "e-mail addresses")
                        + "; they are null in silver and left out of identity matching");
            }
        }
        result.read(rowsPerEntity.values().stream().mapToLong(Long::longValue).sum());
        warnings.forEach(warning -> context.warn(result, warning));
    }
}
