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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Bronze → silver: one row per business key (latest export wins), phones in E.164, e-mails
 * normalised, and a {@code customer_key} from the identity graph on every fact. Silver is
 * rebuilt from bronze as of the run date, so a rerun gives the same rows.
 *
 * <p>Intermediates are checkpoints ({@link Checkpoints#eager}: local in local mode, reliable on a
 * cluster) rather than cached plans: the identity graph's rounds stack joins on them, and planning
 * those stacked plans cost more than the work.
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

        context.step("latest version of each order, call and session");
        Dataset<Row> bronzeLines = bronze(context, CanonicalSchema.ORDER_LINES);
        Dataset<Row> lines = Checkpoints.eager(ConformTransforms.orderLines(silverOf(ConformTransforms.normaliseContacts(
                ConformTransforms.latestOrderLines(bronzeLines), List.of("phone"), List.of("email"), region)),
                settings.businessTimeZone(), settings.sources().stream().filter(s -> s.zeroValuePurchases())
                        .map(s -> s.name()).toList()));
        Dataset<Row> calls = Checkpoints.eager(ConformTransforms.withBusinessDate(silverOf(ConformTransforms.normaliseContacts(
                ConformTransforms.latestByKey(bronze(context, CanonicalSchema.CALLS), List.of("_source", "call_id")),
                List.of("caller_phone"), List.of(), region)), "started_at", "call_date", settings.businessTimeZone()));
        Dataset<Row> sessions = Checkpoints.eager(ConformTransforms.withBusinessDate(silverOf(ConformTransforms.normaliseContacts(
                ConformTransforms.latestByKey(bronze(context, CanonicalSchema.SESSIONS), List.of("_source", "session_id")),
                List.of("phone"), List.of("email"), region)), "started_at", "session_date", settings.businessTimeZone()));

        // Messages are optional: a lake whose sources never delivered any has no bronze.messages, and no silver one.
        Optional<Dataset<Row>> messages = context.lake().readIfExists(BronzeTables.BY_ENTITY.get(CanonicalSchema.MESSAGES.name()))
                .map(any -> Checkpoints.eager(MessageTransforms.messages(silverOf(ConformTransforms.latestByKey(
                        bronze(context, CanonicalSchema.MESSAGES), MessageTransforms.BRONZE_KEY)), region,
                        settings.businessTimeZone())));

        context.step("identity graph");
        Dataset<Row> events = identifierEvents(lines, calls, sessions, messages);
        Dataset<Row> edges = Checkpoints.eager(IdentityGraph.edgesFromEvents(events, "ids"));
        int maxIterations = settings.identity().maxIterations();
        int checkpointEvery = settings.identity().checkpointEvery();
        Optional<PreviousGraph> previous = previousGraph(context);
        IdentityGraph.Result graph = previous.map(stored -> IdentityGraph.update(stored.labels(), stored.edges(), edges,
                        maxIterations, checkpointEvery))
                .orElseGet(() -> IdentityGraph.components(edges, maxIterations, checkpointEvery));
        Dataset<Row> labels = Checkpoints.eager(graph.labels());
        CustomerKeys keys = new CustomerKeys(settings.identity().keySecret().require());
        Dataset<Row> identityMap = ConformTransforms.identityMap(labels, keys);
        Dataset<Row> eventCustomers = Checkpoints.eager(ConformTransforms.eventCustomers(events, labels, keys));

        context.step("customer keys and call flags");
        Dataset<Row> keyedLines = Checkpoints.eager(ConformTransforms.withCustomerKey(lines, "order", "order_id", eventCustomers));
        Dataset<Row> orders = Checkpoints.eager(ConformTransforms.orders(keyedLines));
        // The call flags need the callers' orders, which only conform has to hand before silver is written.
        Dataset<Row> keyedCalls = CallFlags.withFlags(
                ConformTransforms.withCustomerKey(calls, "call", "call_id", eventCustomers), orders, settings.section(CallsConfig.class));
        Dataset<Row> keyedSessions = ConformTransforms.withCustomerKey(sessions, "session", "session_id", eventCustomers);

        Lake lake = context.lake();
        context.step("write silver");
        Map<TableSpec, Long> identityInputs = new LinkedHashMap<>();
        Lake.Write linesWrite = lake.overwrite(SilverTables.ORDER_LINES, keyedLines);
        identityInputs.put(SilverTables.ORDER_LINES, linesWrite.version());
        result.wrote(linesWrite).wrote(lake.overwrite(SilverTables.ORDERS, orders));
        Lake.Write callsWrite = lake.overwrite(SilverTables.CALLS, keyedCalls);
        Lake.Write sessionsWrite = lake.overwrite(SilverTables.SESSIONS, keyedSessions);
        identityInputs.put(SilverTables.CALLS, callsWrite.version());
        identityInputs.put(SilverTables.SESSIONS, sessionsWrite.version());
        result.wrote(callsWrite).wrote(sessionsWrite);
        result.wrote(lake.overwrite(SilverTables.AD_COSTS, silverOf(ConformTransforms.latestByKey(
                bronze(context, CanonicalSchema.AD_COSTS),
                List.of("_source", "date", "utm_source", "utm_medium", "utm_campaign")))));
        result.wrote(lake.overwrite(SilverTables.PRODUCTS, silverOf(ConformTransforms.latestByKey(
                bronze(context, CanonicalSchema.PRODUCTS), List.of("_source", "product_id")))));
        if (messages.isPresent()) {
            Lake.Write messagesWrite = lake.overwrite(SilverTables.MESSAGES, ConformTransforms.withCustomerKey(messages.get(),
                    MessageTransforms.MESSAGE_EVENT, "message_id", eventCustomers));
            identityInputs.put(SilverTables.MESSAGES, messagesWrite.version());
            result.wrote(messagesWrite);
            reportMessagesWithoutRecipient(context, result, messagesWrite.rowsWritten());
        } else {
            context.say("messages: no source has delivered any; silver.messages not written, the jobs that need it are skipped");
        }
        Lake.Write identityWrite = lake.overwrite(SilverTables.IDENTITY_MAP, identityMap, IdentityInputs.format(identityInputs));
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
        reportBronze(context, result, messages.isPresent());
        return result.build();
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
     * The graph the last run stored, when silver still holds the tables it was computed from as that run wrote
     * them (the identity map's commit records their versions): then only the components whose edges changed are
     * labelled again. Empty, and the graph is computed in full, on {@code run --full}, on a first run, and when a
     * table changed after the map was written (a run that stopped half way), since the stored labels and the
     * tables' edges would then not belong together.
     */
    private static Optional<PreviousGraph> previousGraph(JobContext context) {
        Lake lake = context.lake();
        if (context.full()) {
            context.say("identity graph: computed in full (run --full)");
            return Optional.empty();
        }
        Optional<Lake.Commit> stored = lake.lastCommit(SilverTables.IDENTITY_MAP);
        if (stored.isEmpty()) {
            return Optional.empty(); // a first run: nothing to start from, and nothing to explain
        }
        Optional<Map<String, Long>> recorded = stored.get().metadata().flatMap(IdentityInputs::parse);
        if (recorded.isEmpty()) {
            context.say("identity graph: computed in full (the identity map's last commit records no inputs)");
            return Optional.empty();
        }
        for (TableSpec input : IdentityInputs.TABLES) {
            OptionalLong now = lake.exists(input) ? OptionalLong.of(lake.version(input)) : OptionalLong.empty();
            Long then = recorded.get().get(input.name());
            if (then == null ? now.isPresent() : now.isEmpty() || now.getAsLong() != then) {
                context.say("identity graph: computed in full (" + input.name() + " is at version "
                        + (now.isPresent() ? now.getAsLong() : "none") + ", the identity map was computed from "
                        + (then == null ? "none" : then) + ")");
                return Optional.empty();
            }
        }
        Dataset<Row> events = identifierEvents(lake.read(SilverTables.ORDER_LINES), lake.read(SilverTables.CALLS),
                lake.read(SilverTables.SESSIONS), lake.readIfExists(SilverTables.MESSAGES));
        return Optional.of(new PreviousGraph(ConformTransforms.componentLabels(lake.read(SilverTables.IDENTITY_MAP)),
                IdentityGraph.edgesFromEvents(events, "ids")));
    }

    /** Bronze rows of an entity exported up to the run date; an entity no source delivers reads as empty. */
    private static Dataset<Row> bronze(JobContext context, CanonicalSchema.Entity entity) {
        TableSpec spec = BronzeTables.BY_ENTITY.get(entity.name());
        Dataset<Row> rows = context.lake().readIfExists(spec).orElseGet(() ->
                context.spark().createDataFrame(new ArrayList<Row>(), CanonicalSchema.bronzeSchema(entity)));
        return rows.filter(col("_export_date").leq(lit(Date.valueOf(context.runDate()))));
    }

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
     * silent), from one pass over the bronze rows the job read.
     */
    private static void reportBronze(JobContext context, JobResult.Builder result, boolean withMessages) {
        String region = context.settings().phoneDefaultRegion();
        List<ConformTransforms.BronzeContacts> entities = new ArrayList<>(List.of(
                new ConformTransforms.BronzeContacts(CanonicalSchema.ORDER_LINES.name(), bronze(context, CanonicalSchema.ORDER_LINES),
                        List.of("phone"), List.of("email")),
                new ConformTransforms.BronzeContacts(CanonicalSchema.CALLS.name(), bronze(context, CanonicalSchema.CALLS),
                        List.of("caller_phone"), List.of()),
                new ConformTransforms.BronzeContacts(CanonicalSchema.SESSIONS.name(), bronze(context, CanonicalSchema.SESSIONS),
                        List.of("phone"), List.of("email")),
                new ConformTransforms.BronzeContacts(CanonicalSchema.AD_COSTS.name(), bronze(context, CanonicalSchema.AD_COSTS),
                        List.of(), List.of()),
                new ConformTransforms.BronzeContacts(CanonicalSchema.PRODUCTS.name(), bronze(context, CanonicalSchema.PRODUCTS),
                        List.of(), List.of())));
        if (withMessages) {
            entities.add(new ConformTransforms.BronzeContacts(CanonicalSchema.MESSAGES.name(), bronze(context, CanonicalSchema.MESSAGES),
                    List.of("phone"), List.of("email")));
        }
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
