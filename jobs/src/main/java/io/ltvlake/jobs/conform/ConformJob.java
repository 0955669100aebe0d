package io.ltvlake.jobs.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ltvlake.common.config.Settings;
import io.ltvlake.common.identity.IdentityGraph;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.calls.CallTransforms;
import io.ltvlake.jobs.ingest.CanonicalSchema;
import io.ltvlake.jobs.ingest.IngestJob;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Bronze → silver: one row per business key (latest export wins), phones in E.164, e-mails
 * normalised, and a {@code customer_key} from the identity graph on every fact. Silver is
 * rebuilt from bronze as of the run date, so a rerun gives the same rows.
 *
 * <p>Intermediates are local checkpoints rather than cached plans: the identity graph's
 * rounds stack joins on them, and planning those stacked plans cost more than the work.
 */
public final class ConformJob implements Job {

    public static final TableSpec ORDER_LINES = TableSpec.of("silver.order_lines", "one row per order line of the latest version of each order",
            List.of("source", "order_id", "line_key"),
            "Order lines, deduplicated (latest export of an order wins, exact duplicates once unless the profile keys "
                    + "lines by position), with customer_key, "
                    + "line_value (positive quantity and price only) and the business-day order_date.");
    public static final TableSpec ORDERS = TableSpec.of("silver.orders", "one row per order", List.of("source", "order_id"),
            "Orders with status, items, order_value and revenue (purchases only: completed with a positive line), "
                    + "is_purchase, manager, CRM job label and customer_key.");
    public static final TableSpec CALLS = TableSpec.of("silver.calls", "one row per call", List.of("source", "call_id"),
            "Calls, latest export wins, caller_phone in E.164, with customer_key, the business-day call_date and the "
                    + "flags is_unique, is_target, is_missed, is_called_back and is_lost_lead (inbound calls; windows in "
                    + "ltvlake.calls).");
    public static final TableSpec SESSIONS = TableSpec.of("silver.sessions", "one row per web session", List.of("source", "session_id"),
            "Web sessions with UTM tags, latest export wins, contacts normalised, with customer_key.");
    public static final TableSpec AD_COSTS = TableSpec.of("silver.ad_costs", "one row per source, day and campaign",
            List.of("source", "date", "utm_source", "utm_medium", "utm_campaign"), "Advertising costs, latest export wins.");
    public static final TableSpec PRODUCTS = TableSpec.of("silver.products", "one row per product", List.of("source", "product_id"),
            "Product catalogue, latest export wins.");
    public static final TableSpec IDENTITY_MAP = TableSpec.of("silver.identity_map", "one row per identifier",
            List.of("identifier_type", "identifier_value"),
            "Every identifier (customer_id, phone, email, client_id) and the customer it belongs to: connected "
                    + "components over identifiers seen together on an order, call or session.");
    public static final TableSpec CUSTOMERS = TableSpec.of("silver.customers", "one row per customer (identity component)",
            List.of("customer_key"),
            "Customers with identifier counts, latest phone and e-mail (personal data: silver only), first/last "
                    + "activity, purchases and revenue.");

    @Override
    public String name() {
        return "conform";
    }

    @Override
    public String description() {
        return "bronze -> silver: latest version per key, E.164 phones, identity graph, customer_key on every fact";
    }

    @Override
    public List<String> upstream() {
        return List.of("ingest");
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of(ORDER_LINES, ORDERS, CALLS, SESSIONS, AD_COSTS, PRODUCTS, IDENTITY_MAP, CUSTOMERS);
    }

    @Override
    public JobResult run(JobContext context) {
        JobResult.Builder result = JobResult.builder(name());
        Settings settings = context.settings();
        String region = settings.phoneDefaultRegion();

        Dataset<Row> bronzeLines = bronze(context, result, CanonicalSchema.ORDER_LINES);
        Dataset<Row> lines = ConformTransforms.orderLines(silverOf(ConformTransforms.normaliseContacts(
                ConformTransforms.latestOrderLines(bronzeLines), List.of("phone"), List.of("email"), region)),
                settings.businessTimeZone(), settings.sources().stream().filter(s -> s.zeroValuePurchases())
                        .map(s -> s.name()).toList()).localCheckpoint(true);
        Dataset<Row> calls = ConformTransforms.withBusinessDate(silverOf(ConformTransforms.normaliseContacts(
                ConformTransforms.latestByKey(bronze(context, result, CanonicalSchema.CALLS), List.of("_source", "call_id")),
                List.of("caller_phone"), List.of(), region)), "started_at", "call_date", settings.businessTimeZone())
                .localCheckpoint(true);
        Dataset<Row> sessions = ConformTransforms.withBusinessDate(silverOf(ConformTransforms.normaliseContacts(
                ConformTransforms.latestByKey(bronze(context, result, CanonicalSchema.SESSIONS), List.of("_source", "session_id")),
                List.of("phone"), List.of("email"), region)), "started_at", "session_date", settings.businessTimeZone())
                .localCheckpoint(true);

        Dataset<Row> events = ConformTransforms.identifierEvents(ConformTransforms.orderIdentifiers(lines), calls, sessions);
        IdentityGraph.Result graph = IdentityGraph.components(IdentityGraph.edgesFromEvents(events, "ids"),
                settings.identity().maxIterations(), settings.identity().checkpointEvery());
        Dataset<Row> labels = graph.labels().localCheckpoint(true);
        Dataset<Row> identityMap = ConformTransforms.identityMap(labels);
        Dataset<Row> eventCustomers = ConformTransforms.eventCustomers(events, labels).localCheckpoint(true);

        Dataset<Row> keyedLines = ConformTransforms.withCustomerKey(lines, "order", "order_id", eventCustomers)
                .localCheckpoint(true);
        Dataset<Row> orders = ConformTransforms.orders(keyedLines).localCheckpoint(true);
        // The call flags need the callers' orders, which only conform has to hand before silver is written.
        Dataset<Row> keyedCalls = CallTransforms.withFlags(
                ConformTransforms.withCustomerKey(calls, "call", "call_id", eventCustomers), orders, settings.calls());
        Dataset<Row> keyedSessions = ConformTransforms.withCustomerKey(sessions, "session", "session_id", eventCustomers);

        Lake lake = context.lake();
        Lake.Write linesWrite = lake.overwrite(ORDER_LINES, keyedLines);
        result.wrote(linesWrite).wrote(lake.overwrite(ORDERS, orders));
        result.wrote(lake.overwrite(CALLS, keyedCalls)).wrote(lake.overwrite(SESSIONS, keyedSessions));
        result.wrote(lake.overwrite(AD_COSTS, silverOf(ConformTransforms.latestByKey(
                bronze(context, result, CanonicalSchema.AD_COSTS),
                List.of("_source", "date", "utm_source", "utm_medium", "utm_campaign")))));
        result.wrote(lake.overwrite(PRODUCTS, silverOf(ConformTransforms.latestByKey(
                bronze(context, result, CanonicalSchema.PRODUCTS), List.of("_source", "product_id")))));
        Lake.Write identityWrite = lake.overwrite(IDENTITY_MAP, identityMap);
        result.wrote(identityWrite);
        Lake.Write customersWrite = lake.overwrite(CUSTOMERS, ConformTransforms.customers(
                lake.read(IDENTITY_MAP), lake.read(ORDERS), lake.read(CALLS), lake.read(SESSIONS)));
        result.wrote(customersWrite);

        context.say("identity graph: " + identityWrite.rowsWritten() + " identifiers in " + customersWrite.rowsWritten()
                + " customers (" + graph.rounds() + " rounds)");
        reportUnreadableContacts(context, result);
        return result.build();
    }

    /** Bronze rows of an entity exported up to the run date; an entity no source delivers reads as empty. */
    private static Dataset<Row> bronze(JobContext context, JobResult.Builder result, CanonicalSchema.Entity entity) {
        TableSpec spec = IngestJob.BRONZE.get(entity.name());
        Dataset<Row> rows = context.lake().readIfExists(spec).orElseGet(() ->
                context.spark().createDataFrame(new ArrayList<Row>(), CanonicalSchema.bronzeSchema(entity)));
        rows = rows.filter(col("_export_date").leq(lit(Date.valueOf(context.runDate()))));
        result.read(rows.count());
        return rows;
    }

    private static Dataset<Row> silverOf(Dataset<Row> latest) {
        return latest.withColumnRenamed("_source", "source").drop("_source_file", "_source_row", "_export_date", "_export_month",
                "_ingested_at");
    }

    /** Contacts that could not be read are nulled in silver; say how many, so it is never silent. */
    private static void reportUnreadableContacts(JobContext context, JobResult.Builder result) {
        String region = context.settings().phoneDefaultRegion();
        Date runDate = Date.valueOf(context.runDate());
        record Contact(CanonicalSchema.Entity entity, String column, boolean phone) {}
        for (Contact contact : List.of(new Contact(CanonicalSchema.ORDER_LINES, "phone", true),
                new Contact(CanonicalSchema.ORDER_LINES, "email", false), new Contact(CanonicalSchema.CALLS, "caller_phone", true),
                new Contact(CanonicalSchema.SESSIONS, "phone", true), new Contact(CanonicalSchema.SESSIONS, "email", false))) {
            context.lake().readIfExists(IngestJob.BRONZE.get(contact.entity().name())).ifPresent(bronze -> {
                org.apache.spark.sql.Column raw = col(contact.column());
                org.apache.spark.sql.Column normalised = contact.phone()
                        ? io.ltvlake.common.identity.PhoneNumbers.toE164Column(raw, region)
                        : io.ltvlake.common.identity.Emails.normaliseColumn(raw);
                long unreadable = bronze.filter(col("_export_date").leq(lit(runDate)).and(raw.isNotNull()))
                        .select(raw, normalised.as("normalised")).filter(col("normalised").isNull()).distinct().count();
                if (unreadable > 0) {
                    context.warn(result, unreadable + " distinct " + contact.entity().name() + "." + contact.column()
                            + " values are not " + (contact.phone() ? "valid phone numbers (default region " + region + ")"
                            : "e-mail addresses") + "; they are null in silver and left out of identity matching");
                }
            });
        }
    }
}
