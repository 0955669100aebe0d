package io.ltvlake.tools;

import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityConfig;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobRegistry;
import io.ltvlake.common.job.JobRunner;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.bronze.ingest.BronzeTables;
import io.ltvlake.jobs.delivery.report.ReportJob;
import io.ltvlake.jobs.gold.associated_conversions.AssociatedConversionsTables;
import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityTables;
import io.ltvlake.jobs.gold.calls.CallsTables;
import io.ltvlake.jobs.gold.campaign_effect.CampaignEffectTables;
import io.ltvlake.jobs.gold.cohorts.CohortsTables;
import io.ltvlake.jobs.gold.deals.DealTransforms;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import io.ltvlake.jobs.gold.manager_performance.ManagerPerformanceTables;
import io.ltvlake.jobs.gold.migration.MigrationTables;
import io.ltvlake.jobs.gold.shared.MigrationTransforms;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelTables;
import io.ltvlake.jobs.gold.profit_funnel.ProfitFunnelTransforms;
import io.ltvlake.jobs.silver.SilverTables;
import io.ltvlake.tools.sample.SampleGenerator;
import io.ltvlake.tools.sample.SampleSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The generated sample through the whole pipeline, measured against the generator's planted truth. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    static final LocalDate END = LocalDate.parse("2026-06-30");

    private final SparkSession spark = TestSpark.session();
    private TestJobs lake;
    private JobRunner.Report first;
    private Map<String, Long> versionsAfterFirstRun;

    private JobRunner.Report run() {
        JobRegistry registry = Pipeline.registry();
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new JobRunner(registry, out).run(registry.ordered(), () -> lake.context(END));
    }

    @BeforeAll
    void generateAndRun() throws Exception {
        lake = new TestJobs();
        SampleGenerator.generate(new SampleSettings(2_000, 240, 7L, END, lake.root));
        first = run();
        assertTrue(first.succeeded(), JobRunner.summary(first));
        versionsAfterFirstRun = new LinkedHashMap<>();
        for (TableSpec table : Pipeline.tables()) {
            versionsAfterFirstRun.put(table.name(), lake.lake.version(table));
        }
    }

    private Dataset<Row> truth(String file) {
        return spark.read().option("header", "true").csv(lake.root.resolve("truth").resolve(file).toString());
    }

    @Test
    void everyPlantedMalformedRowIsQuarantinedWithItsReasonAndEveryDayReconciles() {
        Map<String, Long> planted = new TreeMap<>();
        truth("malformed.csv").groupBy("entity", "reason").count().collectAsList()
                .forEach(r -> planted.put(r.getString(0) + "/" + r.getString(1), r.getLong(2)));
        Map<String, Long> quarantined = new TreeMap<>();
        lake.lake.read(Quarantine.TABLE).groupBy("_entity", "_reason_code").count().collectAsList()
                .forEach(r -> quarantined.put(r.getString(0) + "/" + r.getString(1), r.getLong(2)));
        assertEquals(planted, quarantined);

        Row audit = lake.lake.read(BronzeTables.AUDIT).agg(sum("rows_read"), sum("rows_loaded"), sum("rows_quarantined")).first();
        assertEquals(audit.getLong(0), audit.getLong(1) + audit.getLong(2));
        long bronzeRows = 0;
        for (TableSpec bronze : BronzeTables.BY_ENTITY.values()) {
            bronzeRows += lake.lake.read(bronze).count();
        }
        assertEquals(audit.getLong(1), bronzeRows);
        assertEquals(first.outcomes().get(0).result().rowsRead(), audit.getLong(0));
    }

    @Test
    void atLeast99PercentOfIdentifiersBelongToTheirTruePerson() {
        // An identifier is right when its customer is the one most of its person's identifiers got,
        // and that customer holds no identifier of another person.
        Dataset<Row> truth = truth("identifiers.csv").select("person_id", "identifier_type", "identifier_value");
        Dataset<Row> joined = truth.join(lake.lake.read(SilverTables.IDENTITY_MAP),
                new String[] {"identifier_type", "identifier_value"}, "left");
        Dataset<Row> personKey = joined.groupBy("person_id", "customer_key").count()
                .withColumn("rank", org.apache.spark.sql.functions.row_number().over(
                        Window.partitionBy("person_id").orderBy(col("count").desc(), col("customer_key"))))
                .filter(col("rank").equalTo(1)).select(col("person_id"), col("customer_key").as("person_key"));
        Dataset<Row> keyPersons = joined.groupBy("customer_key")
                .agg(org.apache.spark.sql.functions.countDistinct("person_id").as("persons"));
        Row score = joined.join(personKey, "person_id").join(keyPersons, new String[] {"customer_key"}, "left")
                .agg(count(lit(1)).as("identifiers"),
                        sum(org.apache.spark.sql.functions.when(col("customer_key").equalTo(col("person_key"))
                                .and(col("persons").equalTo(1)), 1).otherwise(0)).as("right"),
                        sum(org.apache.spark.sql.functions.when(col("customer_key").isNull(), 1).otherwise(0)).as("unmapped"))
                .first();
        long identifiers = score.getLong(0);
        long right = score.getLong(1);
        assertTrue(identifiers > 5_000, "truth identifiers: " + identifiers);
        assertEquals(0, score.getLong(2), "every identifier in the exports is in silver.identity_map");
        assertTrue(right >= 0.99 * identifiers, right + " of " + identifiers + " identifiers with their true person");
    }

    @Test
    void silverOrdersMatchTheTruthsFinalVersions() {
        Dataset<Row> truth = truth("orders.csv");
        Dataset<Row> orders = lake.lake.read(SilverTables.ORDERS);
        assertEquals(truth.count(), orders.count());
        Dataset<Row> compared = truth.join(orders, "order_id");
        assertEquals(truth.count(), compared.count(), "the same order ids");
        assertEquals(0, compared.filter(col("final_status").notEqual(col("status"))).count(), "latest status wins");
        assertEquals(0, compared.filter(col("final_status").equalTo("completed")
                .and(col("final_revenue").cast("decimal(18,2)").notEqual(col("revenue")))).count(), "latest lines win");
        Dataset<Row> lines = lake.lake.read(SilverTables.ORDER_LINES);
        assertEquals(lines.count(), lines.select("source", "order_id", "line_key").distinct().count(), "no duplicate lines");
        // every order of a buyer carries an identifier, so every order has a customer
        assertEquals(0, orders.filter(col("customer_key").isNull()).count());
        assertTrue(lake.lake.read(SilverTables.CALLS).filter(col("caller_phone").startsWith("+7")).count() > 0);
    }

    @Test
    void purchaseKindsMatchTheTruthForAtLeast98PercentOfOrders() {
        Dataset<Row> truth = truth("orders.csv");
        List<Row> matrix = DealTransforms.purchaseKindConfusion(lake.lake.read(JtbdTables.ORDER_JOBS),
                lake.lake.read(DealsTables.ORDER_DEALS), truth).collectAsList();
        long total = matrix.stream().mapToLong(r -> r.getLong(2)).sum();
        long agreeing = matrix.stream().filter(r -> DealTransforms.agrees(r.getString(0), r.getString(1)))
                .mapToLong(r -> r.getLong(2)).sum();
        assertEquals(truth.count(), total, "every order is compared once: " + matrix);
        assertTrue(agreeing >= 0.98 * total, agreeing + " of " + total + " orders with their true kind: " + matrix);
        assertTrue(lake.printed().contains("purchase_kind against the generator's truth"), "the deals job prints the matrix");
        // the job of each deal is the job the customer had in mind
        Dataset<Row> jobs = truth.select(col("order_id"), col("job").as("true_job"))
                .join(lake.lake.read(DealsTables.ORDER_DEALS), "order_id");
        long rightJob = jobs.filter(col("true_job").equalTo(col("deal_job"))).count();
        assertTrue(rightJob >= 0.98 * jobs.count(), rightJob + " of " + jobs.count() + " deals with their true job");
    }

    @Test
    void theInflationReportShowsTheUpsellsOfTheTruth() {
        Dataset<Row> truth = truth("orders.csv");
        long truePurchases = truth.filter(col("final_status").equalTo("completed")).count();
        long trueUpsells = truth.filter(col("purchase_kind").isin("immediate_upsell", "deferred_upsell")).count();
        Row total = lake.lake.read(DealsTables.DEAL_INFLATION).agg(sum("purchase_orders"), sum("deals_opened"),
                sum(col("immediate_upsell_orders").plus(col("deferred_upsell_orders")))).first();
        assertEquals(truePurchases, total.getLong(0), "cancelled and returned orders never count");
        assertEquals(truePurchases - trueUpsells, total.getLong(1), 0.02 * truePurchases, "deals: purchases less upsells");
        assertEquals(trueUpsells, total.getLong(2), 0.02 * truePurchases, "upsells");
        assertEquals(lake.lake.read(DealsTables.DEALS).count(), total.getLong(1), "every deal opens in one month");
    }

    @Test
    void theMigrationMapAccountsForEveryActiveCustomerAndAllRevenue() {
        Dataset<Row> map = lake.lake.read(MigrationTables.JTBD_MIGRATION);
        Dataset<Row> orderDeals = lake.lake.read(DealsTables.ORDER_DEALS);
        for (MigrationTransforms.Period period : MigrationTransforms.Period.values()) {
            Dataset<Row> states = MigrationTransforms.dominantStates(orderDeals, "deal_job", period);
            assertEquals(states.count(), states.select("customer_key", "period_start").distinct().count(),
                    "no customer twice in a " + period.label());
            Dataset<Row> active = states.groupBy(col("period_start").as("from_period"))
                    .agg(count(lit(1)).as("active"), sum("revenue").as("period_revenue"));
            Dataset<Row> rows = map.filter(col("period_type").equalTo(period.label())).groupBy("from_period", "to_period")
                    .agg(sum(org.apache.spark.sql.functions.when(col("from_job").isin("new", "none"), 0)
                                    .otherwise(col("customers"))).as("from_active"),
                            sum("from_revenue").as("from_revenue"), sum("to_revenue").as("to_revenue"));
            Dataset<Row> next = active.select(col("from_period").as("to_period"), col("period_revenue").as("next_revenue"));
            Dataset<Row> checked = rows.join(active, new String[] {"from_period"}, "left")
                    .join(next, new String[] {"to_period"}, "left");
            assertTrue(checked.count() >= (period == MigrationTransforms.Period.MONTH ? 7 : 2), period.label());
            assertEquals(0, checked.filter(col("from_active").notEqual(org.apache.spark.sql.functions.coalesce(col("active"), lit(0L)))
                    .or(col("from_revenue").notEqual(org.apache.spark.sql.functions.coalesce(col("period_revenue"), lit(0))))
                    .or(col("to_revenue").notEqual(col("next_revenue")))).count(), period.label() + ": " + checked.collectAsList());
        }
    }

    @Test
    void rfmCountsDealsOfTheLookbackAndTheSummaryCoversEveryCustomer() {
        Dataset<Row> snapshots = lake.lake.read(io.ltvlake.jobs.gold.rfm.RfmTables.CUSTOMER_RFM);
        // one run keeps every month end from the first purchase's month on; END is a month end itself
        java.time.YearMonth month = java.time.YearMonth.from(lake.lake.read(DealsTables.ORDER_DEALS)
                .filter(col("customer_key").isNotNull()).agg(org.apache.spark.sql.functions.min("order_date")).first()
                .getDate(0).toLocalDate());
        List<String> monthEnds = new java.util.ArrayList<>();
        for (; !month.atEndOfMonth().isAfter(END); month = month.plusMonths(1)) {
            monthEnds.add(month.atEndOfMonth().toString());
        }
        assertTrue(monthEnds.size() > 3, "the sample spans months");
        assertEquals(monthEnds, snapshots.select("snapshot_date").distinct().orderBy("snapshot_date").collectAsList().stream()
                .map(r -> r.getDate(0).toString()).toList());
        Dataset<Row> rfm = snapshots.filter(col("snapshot_date").equalTo(lit(java.sql.Date.valueOf(END))));
        long dealsInLookback = lake.lake.read(DealsTables.DEALS).filter(col("customer_key").isNotNull()
                .and(col("opened_date").gt(lit(java.sql.Date.valueOf(END.minusDays(365)))))
                .and(col("opened_date").leq(lit(java.sql.Date.valueOf(END))))).count();
        assertEquals(dealsInLookback, rfm.agg(sum("frequency")).first().getLong(0), "frequency sums to the deals, not orders");
        assertTrue(lake.lake.read(DealsTables.ORDER_DEALS).count() > dealsInLookback, "the sample has upsells");
        assertEquals(rfm.count(), lake.lake.read(io.ltvlake.jobs.gold.rfm.RfmTables.SEGMENT_SUMMARY)
                .filter(col("snapshot_date").equalTo(lit(java.sql.Date.valueOf(END)))).agg(sum("customers")).first().getLong(0));
        assertEquals(0, rfm.filter(col("segment").isNull()).count(), "every customer has a segment");

        // segment LTV: the same customers, all of their revenue so far, and every one of them scored by the CLV model
        Dataset<Row> segmentValue = lake.lake.read(io.ltvlake.jobs.gold.rfm.RfmTables.RFM_SEGMENT_LTV);
        Row totals = segmentValue.agg(sum("customers"), sum("revenue"), sum("expected_value")).first();
        assertEquals(rfm.count(), totals.getLong(0));
        Dataset<Row> revenueSoFar = lake.lake.read(DealsTables.ORDER_DEALS)
                .filter(col("order_date").leq(lit(java.sql.Date.valueOf(END))))
                .join(rfm.select("customer_key"), "customer_key");
        assertEquals(revenueSoFar.agg(sum("revenue")).first().getDecimal(0), totals.getDecimal(1));
        assertEquals(lake.lake.read(io.ltvlake.jobs.gold.clv.ClvTables.CUSTOMER_CLV).join(rfm.select("customer_key"), "customer_key")
                .agg(sum("expected_value")).first().getDecimal(0), totals.getDecimal(2));
    }

    @Test
    void cohortsCoverEveryCustomerAndEveryPaidChannelOfTheSampleGetsACac() {
        long customers = lake.lake.read(DealsTables.ORDER_DEALS).select("customer_key").distinct().count();
        Dataset<Row> monthZero = lake.lake.read(CohortsTables.COHORT_RETENTION).filter(col("months_since_acquisition").equalTo(0));
        for (String split : List.of("all", "first_touch_channel", "first_job")) {
            assertEquals(customers, monthZero.filter(col("split_type").equalTo(split)).agg(sum("cohort_customers")).first()
                    .getLong(0), split);
        }
        // the generator's openers (display, paid social, generic search ...) acquire customers, not only direct
        List<String> firstTouch = monthZero.filter(col("split_type").equalTo("first_touch_channel")).select("split_value")
                .distinct().orderBy("split_value").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertTrue(firstTouch.containsAll(List.of("direct", "display", "paid_search", "paid_social")), firstTouch.toString());
        // every paid campaign of the sample (Channels.PAID) maps to a channel with a CAC row
        List<String> paid = lake.lake.read(CohortsTables.CHANNEL_CAC).select("channel").distinct().orderBy("channel")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("affiliates", "brand_search", "display", "paid_search", "paid_social"), paid);
        assertTrue(lake.lake.read(CohortsTables.CHANNEL_CAC).filter(col("cac").isNotNull()).count() > 0);
    }

    @Test
    void theCallMartsAddUpToTheFlaggedSilverCalls() {
        Dataset<Row> calls = lake.lake.read(SilverTables.CALLS);
        Row flags = calls.agg(count(lit(1)), count(when(col("is_unique"), 1)), count(when(col("is_target"), 1)),
                count(when(col("is_missed"), 1)), count(when(col("is_called_back"), 1)), count(when(col("is_lost_lead"), 1)))
                .first();
        Row daily = lake.lake.read(CallsTables.CALLS_DAILY).agg(sum("calls"), sum("unique_calls"), sum("target_calls"),
                sum("missed_calls"), sum("called_back_calls"), sum("lost_leads")).first();
        assertEquals(flags, daily, "gold.calls_daily totals = silver.calls flag counts");
        // the sample has every kind: missed calls called back, missed calls lost (prospects), calls followed by a deal
        for (int i = 1; i < 6; i++) {
            assertTrue(flags.getLong(i) > 0, "flag " + i + " never set: " + flags);
        }
        assertEquals(0, calls.filter(col("is_called_back").and(col("is_lost_lead"))).count(), "a called-back lead is not lost");
        assertEquals(0, calls.filter(col("is_lost_lead").and(col("is_missed").unary_$bang())).count());
        assertTrue(lake.lake.read(CallsTables.CALLS_DAILY).agg(sum("calls_with_deal")).first().getLong(0) > 0);

        // every deal belongs to one manager-month; calls handled are the answered or outbound calls with a manager
        Dataset<Row> managers = lake.lake.read(ManagerPerformanceTables.MANAGER_PERFORMANCE);
        assertEquals(lake.lake.read(DealsTables.DEALS).count(), managers.agg(sum("deals")).first().getLong(0));
        assertEquals(calls.filter(col("manager_id").isNotNull().and(col("direction").equalTo("out")
                        .or(col("status").equalTo("answered")))).count(),
                managers.agg(sum("calls_handled")).first().getLong(0));
        assertEquals(0, managers.filter(col("trailing_months").lt(1).or(col("trailing_months").gt(6))).count());

        // both directions of every pair, lift = confidence / consequent support, support at least the minimum
        Dataset<Row> affinity = lake.lake.read(BasketAffinityTables.BASKET_AFFINITY);
        assertTrue(affinity.filter(col("pair_type").equalTo("product")).count() > 0);
        assertTrue(affinity.filter(col("pair_type").equalTo("category")).count() > 0);
        Dataset<Row> reversed = affinity.select(col("split_type"), col("split_value"), col("pair_type"),
                col("antecedent_id").as("consequent_id"), col("consequent_id").as("antecedent_id"));
        assertEquals(0, affinity.select("split_type", "split_value", "pair_type", "antecedent_id", "consequent_id")
                .exceptAll(reversed.select("split_type", "split_value", "pair_type", "antecedent_id", "consequent_id")).count());
        assertEquals(0, affinity.filter(col("support").lt(lake.settings.section(BasketAffinityConfig.class).minSupport())
                .or(col("confidence").gt(1)).or(abs(col("lift").minus(col("confidence").divide(col("consequent_baskets")
                        .divide(col("baskets"))))).gt(1e-9))).count());
    }

    @Test
    void theReportShowsEverySectionWithTheLakesRevenueAndRendersInABrowser() throws Exception {
        java.nio.file.Path report = lake.root.resolve(ReportJob.FOLDER).resolve(ReportJob.fileName(END));
        String html = java.nio.file.Files.readString(report);
        for (String section : List.of("headline", "cohorts", "rfm", "migration", "channels", "funnel", "journey")) {
            assertTrue(html.contains("<section id=\"" + section + "\">"), section);
        }
        java.math.BigDecimal revenue = lake.lake.read(SilverTables.ORDERS).filter(col("is_purchase"))
                .agg(sum("revenue")).first().getDecimal(0);
        assertTrue(html.contains("<div class=\"label\">Revenue</div><div class=\"value\">"
                + io.ltvlake.jobs.delivery.report.ReportText.money(revenue) + "</div>"), "headline revenue = silver revenue " + revenue);
        // a section is a note only when no job of the pipeline writes its mart (attribution and funnel may come later)
        long unregistered = java.util.stream.Stream.of("gold.channel_conversions", "gold.profit_funnel")
                .filter(name -> Pipeline.tables().stream().noneMatch(t -> t.name().equals(name))).count();
        assertEquals(unregistered, html.split("is not computed in this lake", -1).length - 1, "notes instead of sections");
        // one run keeps every month end since the first purchase: the RFM segment map is there from the first night
        assertFalse(html.contains("No two consecutive month-end RFM snapshots yet"), "no RFM map note");
        assertTrue(html.contains("RFM segment migration, "), "the RFM segment map");
        int charts = html.split("<svg ", -1).length - 1;
        assertTrue(html.contains("data-expected-charts=\"" + charts + "\""), "the in-page check counts " + charts + " charts");
        assertEquals(11 - unregistered, charts, "6 charts, the RFM segment map, one for each of the attribution and funnel "
                + "marts, and the journey's funnel in people and revenue waterfall (the last complete month, June, has May before it)");
        java.util.Optional<java.nio.file.Path> chromium = io.ltvlake.jobs.delivery.report.ReportBrowser.find();
        if (chromium.isPresent()) {
            var verdict = io.ltvlake.jobs.delivery.report.ReportBrowser.open(chromium.get(), report);
            assertEquals(io.ltvlake.jobs.delivery.report.ReportPage.RENDERED, verdict.status(),
                    verdict.attributes() + " " + verdict.consoleLines());
        }
    }

    @Test
    void attributionFindsThePlantedOpenersAndClosersAndEveryModelAddsUpToTheDeals() {
        Dataset<Row> channels = lake.lake.read(AssociatedConversionsTables.CHANNEL_CONVERSIONS);
        Dataset<Row> whole = channels.filter(col("period_type").equalTo("all"));
        Map<String, Row> byChannel = new TreeMap<>();
        whole.collectAsList().forEach(r -> byChannel.put(r.getAs("channel"), r));
        String table = byChannel.values().stream().map(r -> r.getAs("channel") + ": last " + r.getAs("last_interaction_conversions")
                + ", assisted " + r.getAs("assisted_conversions") + ", ratio " + r.getAs("assisted_last_ratio")).toList().toString();

        // Channels.java plants openers first on a path and closers last (see its comment)
        double display = byChannel.get("display").<Double>getAs("assisted_last_ratio");
        assertTrue(display > 1, "display opens paths: " + table);
        assertTrue(byChannel.get("organic_search").<Double>getAs("assisted_last_ratio") > 1, table);
        for (String opener : List.of("paid_social", "affiliates", "referral")) {
            Row row = byChannel.get(opener);
            assertTrue(row.<Long>getAs("assisted_conversions") > 3 * row.<Long>getAs("last_interaction_conversions"),
                    opener + " opens paths: " + table);
        }
        for (String closer : List.of("direct", "brand_search", "email")) {
            assertTrue(byChannel.get(closer).<Double>getAs("assisted_last_ratio") < 1, closer + " closes paths: " + table);
        }
        assertTrue(byChannel.get("brand_search").<Double>getAs("assisted_last_ratio") < 0.5, table);

        // every deal is one conversion, and every model credits exactly the deals' revenue
        Row deals = lake.lake.read(DealsTables.DEALS).agg(count(lit(1)), sum("revenue")).first();
        Row totals = whole.agg(sum("last_interaction_conversions"), sum("first_interaction_conversions"),
                sum("last_interaction_value"), sum("first_interaction_value"), sum("linear_value"), sum("position_based_value"),
                sum("linear_conversions"), sum("position_based_conversions")).first();
        assertEquals(deals.getLong(0), totals.getLong(0));
        assertEquals(deals.getLong(0), totals.getLong(1));
        for (int i = 2; i <= 5; i++) {
            assertEquals(deals.getDecimal(1), totals.getDecimal(i), "value credited, measure " + i);
        }
        assertEquals(0, new java.math.BigDecimal(deals.getLong(0)).compareTo(totals.getDecimal(6)));
        assertEquals(0, new java.math.BigDecimal(deals.getLong(0)).compareTo(totals.getDecimal(7)));
        assertEquals(totals.getLong(0), channels.filter(col("period_type").equalTo("month"))
                .agg(sum("last_interaction_conversions")).first().getLong(0), "the months add up to the whole range");
        for (TableSpec distribution : List.of(AssociatedConversionsTables.CONVERSION_PATHS, AssociatedConversionsTables.CONVERSION_PATH_LENGTHS,
                AssociatedConversionsTables.CONVERSION_TIME_LAGS)) {
            assertEquals(deals.getLong(0), lake.lake.read(distribution).filter(col("period_type").equalTo("all"))
                    .agg(sum("conversions")).first().getLong(0), distribution.name());
        }
        // every planted deal has 1-5 sessions in the 25 days before it; only deals at the very start of the sample
        // lose theirs (sessions before the first export day are not exported) or belong to identities the graph missed
        long withoutTouch = lake.lake.read(AssociatedConversionsTables.ATTRIBUTED_CONVERSIONS).filter(col("touch_count").equalTo(0)).count();
        assertTrue(withoutTouch < 0.05 * deals.getLong(0), withoutTouch + " of " + deals.getLong(0) + " deals without a touch");
        assertTrue(lake.printed().contains("channels, all from"), "the job prints the channel table");
    }

    @Test
    void theFunnelsDealsAreTheLastInteractionConversionsAndItsStepsAddUp() {
        Dataset<Row> funnel = lake.lake.read(ProfitFunnelTables.PROFIT_FUNNEL);
        Dataset<Row> channels = funnel.filter(col("channel").notEqual(ProfitFunnelTransforms.ALL_CHANNELS));
        // one attribution code: a channel's deals in a month are its last-interaction conversions of that month
        Dataset<Row> lastInteraction = lake.lake.read(AssociatedConversionsTables.CHANNEL_CONVERSIONS)
                .filter(col("period_type").equalTo("month").and(col("last_interaction_conversions").gt(0)))
                .select(col("period_start").as("month"), col("channel"), col("last_interaction_conversions"));
        Dataset<Row> withDeals = channels.filter(col("deals").gt(0)).select("month", "channel", "deals");
        assertEquals(lastInteraction.count(), withDeals.count());
        assertEquals(0, withDeals.join(lastInteraction, new String[] {"month", "channel"}, "full_outer")
                .filter(org.apache.spark.sql.functions.coalesce(col("deals"), lit(0L))
                        .notEqual(org.apache.spark.sql.functions.coalesce(col("last_interaction_conversions"), lit(0L))))
                .count());
        // the (all) rows add up the channels, and every session and deal is counted once
        Row all = funnel.filter(col("channel").equalTo(ProfitFunnelTransforms.ALL_CHANNELS))
                .agg(sum("sessions"), sum("deals"), sum("leads"), sum("revenue"), sum("ad_cost")).first();
        Row byChannel = channels.agg(sum("sessions"), sum("deals"), sum("leads"), sum("revenue"), sum("ad_cost")).first();
        assertEquals(byChannel, all);
        assertEquals(lake.lake.read(SilverTables.SESSIONS).count(), all.getLong(0));
        Row deals = lake.lake.read(DealsTables.DEALS).agg(count(lit(1)), sum("revenue")).first();
        assertEquals(deals.getLong(0), all.getLong(1));
        assertEquals(deals.getDecimal(1), all.getDecimal(3));
        assertTrue(all.getLong(2) > 0, "the sample has call and web leads");
        assertEquals(lake.lake.read(SilverTables.AD_COSTS).agg(sum("cost")).first().getDecimal(0), all.getDecimal(4));
        assertTrue(funnel.filter(col("channel").equalTo("paid_search").and(col("cpl").isNotNull())
                .and(col("romi").isNotNull())).count() > 0, "paid channels get CPL and ROMI");
    }

    @Test
    void campaignEffectFindsThePlantedUpliftInItsIntervalAndClaimsNoneWhereNoneWasPlanted() {
        Map<String, Row> planted = new TreeMap<>();
        truth(SampleGenerator.CAMPAIGNS_TRUTH).collectAsList().forEach(r -> planted.put(r.getAs("campaign"), r));
        Map<String, Row> measured = new TreeMap<>();
        lake.lake.read(CampaignEffectTables.CAMPAIGN_EFFECT)
                .filter(col("campaign_kind").equalTo("campaign").and(col("period_type").equalTo("all")))
                .collectAsList().forEach(r -> measured.put(r.getAs("campaign"), r));
        assertEquals(planted.keySet(), measured.keySet());
        for (Row truth : planted.values()) {
            Row row = measured.get(truth.<String>getAs("campaign"));
            String what = truth.getAs("campaign") + ": measured " + row.getAs("recipients_converted") + "/" + row.getAs("recipients")
                    + " against " + row.getAs("control_converted") + "/" + row.getAs("control_size") + ", uplift "
                    + row.getAs("conversion_uplift") + " [" + row.getAs("conversion_uplift_low") + ", "
                    + row.getAs("conversion_uplift_high") + "], verdict " + row.getAs("verdict") + "; planted "
                    + truth.getAs("planted_uplift") + ", drawn " + truth.getAs("recipients_converted") + "/"
                    + truth.getAs("recipients") + " against " + truth.getAs("control_converted") + "/" + truth.getAs("control");
            // the identity graph finds at least 99 % of the people the generator put in each group
            for (String[] group : new String[][] {{"recipients", "recipients"}, {"control_size", "control"}}) {
                long drawn = Long.parseLong(truth.getAs(group[1]));
                assertTrue(Math.abs(row.<Long>getAs(group[0]) - drawn) <= 0.01 * drawn, what);
            }
            double uplift = Double.parseDouble(truth.getAs("planted_uplift"));
            assertTrue(row.<Double>getAs("conversion_uplift_low") <= uplift && uplift <= row.<Double>getAs("conversion_uplift_high"),
                    "the planted uplift lies in the interval: " + what);
            if (uplift == 0) {
                assertTrue(!row.getAs("verdict").equals(CampaignEffectTables.EFFECT), "no effect planted, none claimed: " + what);
            }
        }
        assertTrue(lake.printed().contains("campaigns over all their weeks"), "the job prints the measured uplift");

        // the trigger campaign is measured per trigger too: the same people as its campaign row
        int minGroupSize = TestSpark.settings(Map.of()).section(io.ltvlake.jobs.gold.campaign_effect.CampaignsConfig.class)
                .minGroupSize();
        for (Row truth : planted.values()) {
            String trigger = truth.getAs("trigger");
            if (trigger == null) {
                continue;
            }
            List<Row> rows = lake.lake.read(CampaignEffectTables.CAMPAIGN_EFFECT).filter(col("campaign_kind").equalTo("trigger")
                    .and(col("campaign").equalTo(trigger)).and(col("period_type").equalTo("all"))).collectAsList();
            assertEquals(1, rows.size(), "one row for trigger " + trigger + " over all its weeks");
            Row row = rows.get(0);
            Row campaign = measured.get(truth.<String>getAs("campaign"));
            String what = trigger + ": measured " + row.getAs("recipients_converted") + "/" + row.getAs("recipients") + " against "
                    + row.getAs("control_converted") + "/" + row.getAs("control_size") + ", [" + row.getAs("conversion_uplift_low")
                    + ", " + row.getAs("conversion_uplift_high") + "], verdict " + row.getAs("verdict");
            for (String column : List.of("recipients", "control_size", "recipients_converted", "control_converted")) {
                assertEquals(campaign.<Long>getAs(column), row.<Long>getAs(column), what);
            }
            double uplift = Double.parseDouble(truth.getAs("planted_uplift"));
            assertTrue(row.<Double>getAs("conversion_uplift_low") <= uplift && uplift <= row.<Double>getAs("conversion_uplift_high"),
                    "the planted uplift lies in the interval: " + what);
            // 240 days hold few overdue cycles: at this scale the groups are below campaigns.min-group-size, and the
            // verdict must say so rather than claim anything (the demo's 730 days give groups of about 250)
            if (Math.min(Long.parseLong(truth.getAs("recipients")), Long.parseLong(truth.getAs("control"))) < minGroupSize) {
                assertEquals(CampaignEffectTables.TOO_SMALL_TO_TELL, row.getAs("verdict"), what);
            } else {
                assertTrue(!row.getAs("verdict").equals(CampaignEffectTables.NEGATIVE_EFFECT), what);
            }
        }
        // opened messages are touches on the paths, with the CRM channel
        assertTrue(lake.lake.read(AssociatedConversionsTables.CHANNEL_CONVERSIONS).filter(col("channel").equalTo("crm_email")
                .and(col("period_type").equalTo("all"))).count() == 1, "crm_email is a channel of the attribution tables");
    }

    /**
     * The generator plants leavers (visits stop after their last deal, then the next deal never comes):
     * on the run date, the leaving and cycle_overdue conditions (what the day's events are made of) hold
     * for at least 90 % of the leavers whose next deal was due and who are not yet one cycle past it, so
     * each got their event by then; and at least 80 % of the customers they hold for are planted leavers.
     */
    @Test
    void leavingAndCycleOverdueFindThePlantedLeaversBeforeOneCyclePastTheirMissedDeal() {
        Dataset<Row> keys = io.ltvlake.jobs.gold.shared.SampleTruth.personKeys(truth("orders.csv"),
                lake.lake.read(DealsTables.ORDER_DEALS));
        io.ltvlake.jobs.gold.triggers.TriggersConfig triggers = lake.settings.section(io.ltvlake.jobs.gold.triggers.TriggersConfig.class);
        Dataset<Row> conditions = io.ltvlake.jobs.gold.triggers.TriggerTransforms.cycleConditions(
                lake.lake.read(io.ltvlake.jobs.gold.cycles.CyclesTables.CUSTOMER_CYCLES), triggers);
        Dataset<Row> nonTarget = lake.lake.read(io.ltvlake.jobs.gold.profitability.ProfitabilityTables.CUSTOMER_PROFITABILITY)
                .filter(col("is_non_target"));
        Map<String, Row> scores = new TreeMap<>();
        io.ltvlake.jobs.gold.triggers.TriggerTruth.leaverScores(conditions, nonTarget, truth(SampleGenerator.PEOPLE_TRUTH), keys, END)
                .collectAsList().forEach(r -> scores.put(r.getAs("trigger"), r));
        Row either = scores.get(io.ltvlake.jobs.gold.triggers.TriggerTruth.EITHER);
        String what = scores.values().toString();
        assertTrue(either.<Long>getAs("leavers_due") >= 30, "the sample plants enough leavers due on the run date: " + what);
        assertTrue(either.<Double>getAs("recall") >= 0.9, "recall of planted leavers: " + what);
        assertTrue(either.<Double>getAs("precision") >= 0.8, "precision: " + what);
        assertTrue(lake.printed().contains("against the generator's planted leavers"), "the triggers job prints them");
        assertTrue(lake.printed().contains("against the generator's planted cyclic buyers"), "the cycles job prints its own");
    }

    /** The planted non-target buyers (cheap accessories about three times a month) are flagged, and hardly anyone else. */
    @Test
    void theProfitabilityMartFlagsThePlantedNonTargetBuyers() {
        Dataset<Row> people = truth(SampleGenerator.PEOPLE_TRUTH).select("person_id", "behaviour").join(io.ltvlake.jobs.gold.shared.SampleTruth.personKeys(
                truth("orders.csv"), lake.lake.read(DealsTables.ORDER_DEALS)), "person_id");
        Row counts = people.join(lake.lake.read(io.ltvlake.jobs.gold.profitability.ProfitabilityTables.CUSTOMER_PROFITABILITY),
                        "customer_key")
                .agg(sum(when(col("is_non_target").and(col("behaviour").equalTo("non_target")), 1).otherwise(0)),
                        sum(when(col("behaviour").equalTo("non_target"), 1).otherwise(0)),
                        sum(when(col("is_non_target").and(col("behaviour").notEqual("non_target")), 1).otherwise(0)),
                        sum(when(col("is_non_target"), 1).otherwise(0)))
                .first();
        String what = counts.getLong(0) + " of " + counts.getLong(1) + " planted non-target buyers flagged; " + counts.getLong(2)
                + " of " + counts.getLong(3) + " flagged customers not planted";
        assertTrue(counts.getLong(1) >= 20, what);
        assertTrue(counts.getLong(0) >= 0.95 * counts.getLong(1), what);
        assertTrue(counts.getLong(2) <= 0.05 * counts.getLong(3), what);
    }

    @Test
    void rerunningTheSameDateLeavesEveryTableWithTheSameRows() {
        JobRunner.Report rerun = run();
        assertTrue(rerun.succeeded(), JobRunner.summary(rerun));
        assertEquals(0, rerun.outcomes().get(0).result().rowsRead(), "no export day is new or changed");
        for (TableSpec table : Pipeline.tables()) {
            Dataset<Row> before = spark.read().format("delta").option("versionAsOf", versionsAfterFirstRun.get(table.name()))
                    .load(lake.lake.path(table));
            Dataset<Row> after = lake.lake.read(table);
            assertEquals(before.count(), after.count(), table.name());
            assertEquals(0, before.exceptAll(after).count(), table.name() + " lost rows on a rerun");
            assertEquals(0, after.exceptAll(before).count(), table.name() + " gained rows on a rerun");
        }
    }

    @Test
    void everyGoldTableIsPublishedToPostgresWithItsRowsAndTypes() throws Exception {
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres =
                     io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            io.ltvlake.common.config.Settings settings = TestSpark.settings(Map.of("lake.root", "\"" + lake.root + "\"",
                    "publish.postgres.url", "\"" + url + "\"", "publish.postgres.user", "postgres"));
            io.ltvlake.jobs.delivery.postgres.PublishJob publish = new io.ltvlake.jobs.delivery.postgres.PublishJob(Pipeline.registry().ordered(),
                    name -> null, io.ltvlake.jobs.delivery.postgres.PostgresPublisher.Hooks.NONE);
            PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            publish.run(new io.ltvlake.common.job.JobContext(END, settings, spark, lake.lake, out));

            List<TableSpec> gold = Pipeline.tables().stream().filter(t -> t.ref().layer().equals("gold")).toList();
            assertEquals(gold, publish.marts(), "publish takes every gold table of the registry");
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "postgres", "");
                 java.sql.Statement statement = db.createStatement()) {
                for (TableSpec table : gold) {
                    Dataset<Row> rows = lake.lake.read(table);
                    try (java.sql.ResultSet count = statement.executeQuery("select count(*) from marts." + table.ref().name())) {
                        count.next();
                        assertEquals(rows.count(), count.getLong(1), table.name());
                    }
                    Map<String, String> types = new LinkedHashMap<>();
                    try (java.sql.ResultSet columns = statement.executeQuery("select attname, format_type(atttypid, atttypmod)"
                            + " from pg_attribute where attrelid = 'marts." + table.ref().name() + "'::regclass and attnum > 0"
                            + " and not attisdropped order by attnum")) {
                        while (columns.next()) {
                            types.put(columns.getString(1), columns.getString(2));
                        }
                    }
                    Map<String, String> expected = new LinkedHashMap<>();
                    for (org.apache.spark.sql.types.StructField field : rows.schema().fields()) {
                        // format_type spells timestamptz out
                        expected.put(field.name(), io.ltvlake.jobs.delivery.postgres.PostgresTypes.columnType(field.dataType())
                                .replace("timestamptz", "timestamp with time zone"));
                    }
                    assertEquals(expected, types, table.name());
                }
            }
        }
    }

    /**
     * Column docs are checked here because only a lake that every job has written knows each table's
     * real columns: a new column without a doc, or a doc left behind by a renamed column, fails.
     */
    @Test
    void everyTableDocumentsExactlyTheColumnsItHas() {
        Map<String, String> mismatches = new TreeMap<>();
        for (TableSpec table : Pipeline.tables()) {
            List<String> columns = List.of(lake.lake.read(table).schema().fieldNames());
            List<String> undocumented = columns.stream().filter(c -> !table.columnDocs().containsKey(c)).toList();
            List<String> stale = table.columnDocs().keySet().stream().filter(c -> !columns.contains(c)).toList();
            if (!undocumented.isEmpty() || !stale.isEmpty()) {
                mismatches.put(table.name(), "undocumented " + undocumented + ", documented but absent " + stale);
            }
        }
        assertEquals(Map.of(), mismatches);
        assertTrue(Pipeline.tables().size() > 40, "every table of the pipeline was checked");
    }

    @Test
    void theMonthEndContactExtractListsTheAtRiskCustomersWithAnEmail() throws Exception {
        // END is a month end: the shipped "monthly on last" win-back list was written by the run
        java.nio.file.Path file = lake.root.resolve("extracts/win_back_contacts_monthly/win_back_contacts_monthly_" + END + ".xlsx");
        assertTrue(java.nio.file.Files.isRegularFile(file), "written by the nightly run: " + file);
        Dataset<Row> atRisk = lake.lake.read(io.ltvlake.jobs.gold.rfm.RfmTables.CUSTOMER_RFM).alias("r")
                .filter(col("snapshot_date").equalTo(lit(java.sql.Date.valueOf(END))).and(col("segment").isin("at_risk", "cant_lose_them")))
                .join(lake.lake.read(SilverTables.CUSTOMERS).alias("c"), "customer_key").filter(col("c.email").isNotNull());
        // only contactable ones (consent, no unsubscribe): the sample plants 30 % without consent, and unsubscribes
        long expected = atRisk.filter(col("c.is_contactable")).count();
        assertTrue(expected > 0, "the sample has contactable at-risk customers with an e-mail");
        assertTrue(atRisk.filter(col("c.is_contactable").unary_$bang()).count() > 0, "and some who are not, left out");
        assertTrue(lake.lake.read(SilverTables.CUSTOMERS).filter(col("marketing_consent").and(col("unsubscribed_at").isNotNull()))
                .count() > 0, "the sample has people who consented and then unsubscribed");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file);
             org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            assertEquals(expected, book.getSheetAt(0).getLastRowNum(), "one row per customer under the header");
            assertTrue(book.getSheetAt(0).getRow(1).getCell(1).getStringCellValue().contains("@"));
        }
        String manifest = java.nio.file.Files.readString(file.resolveSibling("manifest_" + END + ".json"));
        assertTrue(manifest.contains("\"rows\": " + expected + ","), manifest);
    }
}
