package io.ltvlake.jobs.bronze.ingest;

import io.ltvlake.jobs.gold.rfm.RfmConfig;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.quality.Quarantine;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityJob;
import io.ltvlake.jobs.gold.basket_affinity.BasketAffinityTables;
import io.ltvlake.jobs.gold.cohorts.CohortJob;
import io.ltvlake.jobs.gold.cohorts.CohortsTables;
import io.ltvlake.jobs.gold.deals.DealInflationJob;
import io.ltvlake.jobs.gold.deals.DealsJob;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.jtbd.JtbdJob;
import io.ltvlake.jobs.gold.jtbd.JtbdTables;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.silver.SilverTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The real UCI Online Retail file through the shipped `online-retail` profile, conform and the deal jobs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineRetailIngestTest {

    static final String RELATIVE_PATH = "online-retail/online_retail.csv.gz";
    static final LocalDate RUN_DATE = LocalDate.parse("2011-12-09");

    private TestJobs t;
    private JobResult result;

    @BeforeAll
    void ingestTheRealFile() {
        // skipped when ../shared is absent, failed instead on CI (CI=true)
        Path file = TestSpark.requireSharedDataset(RELATIVE_PATH);
        // as conf/online-retail.conf has it: no CRM labels and no rules, so every order is "other"
        t = new TestJobs(Map.of("ingest.sources", "[ { name = online-retail, profile = online-retail, "
                + "single-export { path = \"" + file + "\", date = \"2011-12-09\" } } ]",
                "jtbd.rule-set", "none", "business-time-zone", "Europe/London", "phones.default-region", "GB",
                // the basket-affinity acceptance case: France only, invoices as baskets, without postage
                "basket-affinity.filter", "\"country = 'France'\"", "basket-affinity.exclude-products", "[POST]",
                "basket-affinity.min-support", "0.05"));
        result = new IngestJob().run(t.context(RUN_DATE));
    }

    @Test
    void readsEveryRowReconcilesAndTreatsCancellationsAsCancelledThenConformDropsExactDuplicates() {

        assertEquals(541_909, result.rowsRead());
        Dataset<Row> bronze = t.lake.read(BronzeTables.BY_ENTITY.get("order_lines"));
        // every figure of the bronze lines below in one pass over the 541,909 rows, not one pass each
        Row figures = bronze.agg(count(lit(1)), countDistinct(col("customer_id")),
                sum(when(col("order_id").startsWith("C"), 1L).otherwise(0L)),
                sum(when(col("status").equalTo("cancelled"), 1L).otherwise(0L)),
                sum(when(col("order_id").startsWith("C").unary_$bang().and(col("quantity").lt(0)), 1L).otherwise(0L)),
                min(when(col("order_id").equalTo("536365"), col("ordered_at"))).cast("string"),
                min(when(col("order_id").equalTo("558638"), col("ordered_at"))).cast("string")).first();
        long loaded = figures.getLong(0);
        long quarantined = t.lake.read(Quarantine.TABLE).count();
        assertEquals(541_909, loaded + quarantined, "read = loaded + quarantined");
        assertEquals(quarantined, result.rowsQuarantined());
        assertEquals(4_372, figures.getLong(1), "distinct customer_id (nulls not counted)");

        // C-invoices are cancellations, loaded with that status, never quarantined as errors
        long cInvoices = figures.getLong(2);
        // zcat online_retail.csv.gz | awk -F, 'NR>1 && $1 ~ /^C/' | wc -l  →  9288
        assertEquals(9_288, cInvoices);
        assertEquals(cInvoices, figures.getLong(3), "lines with status cancelled");
        assertEquals(0, t.lake.read(Quarantine.TABLE).filter(col("_raw").contains("\"InvoiceNo\":\"C")).count());
        // a negative price on a completed line is implausible: the two bad-debt adjustments
        // zcat … | tail -n +2 | awk -F, '$1 !~ /^C/ && $(NF-2) < 0'  →  A563186, A563187 at -11062.06
        assertEquals(List.of("implausible_value: unit_price", "implausible_value: unit_price"), t.lake.read(Quarantine.TABLE)
                .filter(col("_raw").contains("Adjust bad debt")).select("_reason").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList());
        // stock write-offs (negative quantity at price 0 on ordinary invoices) are plausible in this profile: loaded
        // 1,336 such lines (counted with a CSV reader: descriptions hold commas)
        assertEquals(1_336, figures.getLong(4));
        // UK local time becomes UTC: 2010-12-01 08:26 GMT stays 08:26; 2011-07-01 08:16 BST is 07:16 UTC
        assertEquals("2010-12-01 08:26:00", figures.getString(5), "first ordered_at of invoice 536365");
        assertEquals("2011-07-01 07:16:00", figures.getString(6), "first ordered_at of invoice 558638");

        new ConformJob().run(t.context(RUN_DATE));
        // zcat … | tail -n +2 | sort -u | wc -l  →  536641 distinct lines (5,268 exact duplicates), less the two
        // quarantined bad-debt lines (each unique)
        assertEquals(536_639, t.lake.read(SilverTables.ORDER_LINES).count());
        // zcat … | tail -n +2 | cut -d, -f1 | sort -u | wc -l  →  25900 invoices, less the two bad-debt invoices
        // (A563186 and A563187, one line each)
        assertEquals(25_898, t.lake.read(SilverTables.ORDERS).count());
        assertEquals(4_372, t.lake.read(SilverTables.CUSTOMERS).count());
        assertEquals(0, t.lake.read(SilverTables.ORDERS).filter(col("status").equalTo("cancelled")
                .and(col("revenue").notEqual(0))).count(), "cancellations never count as revenue");
    }

    @Test
    void theInflationReportShowsInvoicesAgainstDealsAndCancelledInvoicesNeverCount() throws Exception {
        if (!t.lake.exists(SilverTables.ORDERS)) {
            new ConformJob().run(t.context(RUN_DATE));
        }
        new JtbdJob().run(t.context(RUN_DATE));
        new DealsJob().run(t.context(RUN_DATE));
        new DealInflationJob().run(t.context(RUN_DATE));

        assertEquals(0, t.lake.read(JtbdTables.ORDER_JOBS).filter(col("job").notEqual("other")).count(), "job = the default other");
        Dataset<Row> lines = t.lake.read(SilverTables.ORDER_LINES);
        long cancelledInvoices = lines.filter(col("order_id").startsWith("C")).select("order_id").distinct().count();
        // a purchase: an invoice that is not a cancellation and has a line with positive quantity and price
        long purchaseInvoices = lines.filter(col("order_id").startsWith("C").unary_$bang()
                .and(col("quantity").gt(0)).and(col("unit_price").gt(0))).select("order_id").distinct().count();
        long anonymousInvoices = lines.filter(col("order_id").startsWith("C").unary_$bang()
                .and(col("quantity").gt(0)).and(col("unit_price").gt(0)).and(col("customer_id").isNull()))
                .select("order_id").distinct().count();
        Row total = t.lake.read(DealsTables.DEAL_INFLATION).agg(sum("exported_orders"), sum("cancelled_or_returned_orders"),
                sum("purchase_orders"), sum("anonymous_purchase_orders"), sum("customer_purchase_orders"), sum("deals_opened"))
                .first();
        assertEquals(25_898, total.getLong(0), "25,900 invoices less the two quarantined bad-debt adjustments");
        assertEquals(cancelledInvoices, total.getLong(1));
        assertEquals(purchaseInvoices, total.getLong(2), "cancelled invoices never count as purchases");
        assertEquals(anonymousInvoices, total.getLong(3));
        assertEquals(purchaseInvoices - anonymousInvoices, total.getLong(4));
        assertEquals(0, t.lake.read(DealsTables.ORDER_DEALS).filter(col("order_id").startsWith("C")).count());
        assertEquals(t.lake.read(DealsTables.DEALS).count(), total.getLong(5));
        assertTrue(total.getLong(5) < total.getLong(4), "invoices within 30 days of a deal's opening are its upsells: "
                + total.getLong(4) + " invoices, " + total.getLong(5) + " deals");
        System.out.println("Online Retail: " + total);
    }

    @Test
    void cohortTablesOnTheRealDataMatchAnIndependentCountFromSilverLines() {
        if (!t.lake.exists(SilverTables.ORDERS)) {
            new ConformJob().run(t.context(RUN_DATE));
        }
        if (!t.lake.exists(DealsTables.ORDER_DEALS)) {
            new JtbdJob().run(t.context(RUN_DATE));
            new DealsJob().run(t.context(RUN_DATE));
        }
        new CohortJob().run(t.context(RUN_DATE));

        // independently of orders and deals: a purchase line is a positive line of a non-C invoice of a known customer
        Dataset<Row> purchaseLines = t.lake.read(SilverTables.ORDER_LINES).filter(col("order_id").startsWith("C").unary_$bang()
                .and(col("quantity").gt(0)).and(col("unit_price").gt(0)).and(col("customer_id").isNotNull()));
        Dataset<Row> firstMonths = purchaseLines.groupBy("customer_id").agg(trunc(min(col("order_date")), "MM").as("cohort"));
        long customers = firstMonths.count();
        Date december = Date.valueOf("2010-12-01");
        long decemberCohort = firstMonths.filter(col("cohort").equalTo(december)).count();
        long backInJanuary = purchaseLines.filter(trunc(col("order_date"), "MM").equalTo(Date.valueOf("2011-01-01")))
                .join(firstMonths.filter(col("cohort").equalTo(december)), "customer_id")
                .agg(countDistinct("customer_id")).first().getLong(0);

        Dataset<Row> retention = t.lake.read(CohortsTables.COHORT_RETENTION).filter(col("split_type").equalTo("all"));
        Dataset<Row> monthZero = retention.filter(col("months_since_acquisition").equalTo(0));
        assertEquals(customers, monthZero.agg(sum("cohort_customers")).first().getLong(0), "cohort sizes add up to the customers");
        assertEquals(0, monthZero.filter(col("retention_percent").notEqual(100.0)).count(), "month 0 retention is 100 %");
        List<Row> december2010 = retention.filter(col("cohort_month").equalTo(december)).orderBy("months_since_acquisition")
                .collectAsList();
        assertEquals(13, december2010.size(), "months 0 .. 12 up to December 2011");
        assertEquals(decemberCohort, december2010.get(0).<Long>getAs("cohort_customers"));
        assertEquals(backInJanuary, december2010.get(1).<Long>getAs("active_customers"));
        // no web sessions and no ad costs in this data set: everyone's first touch is direct, and no CAC
        assertEquals(0, t.lake.read(CohortsTables.COHORT_LTV).filter(col("split_type").equalTo("first_touch_channel")
                .and(col("split_value").notEqual("direct"))).count());
        assertEquals(0, t.lake.read(CohortsTables.CHANNEL_CAC).count());

        System.out.println("Online Retail, the 2010-12 cohort (" + decemberCohort + " customers):");
        System.out.println("| month | active customers | retention % | revenue | cumulative revenue per customer |");
        t.lake.read(CohortsTables.COHORT_LTV).filter(col("split_type").equalTo("all").and(col("cohort_month").equalTo(december)))
                .select("months_since_acquisition", "cumulative_revenue_per_customer")
                .join(retention.filter(col("cohort_month").equalTo(december)), "months_since_acquisition")
                .orderBy("months_since_acquisition").collectAsList().forEach(row -> System.out.printf(
                        "| %s | %d | %.1f | %s | %s |%n", row.getAs("activity_month").toString().substring(0, 7),
                        row.<Long>getAs("active_customers"), row.<Double>getAs("retention_percent"), row.getAs("revenue"),
                        row.getAs("cumulative_revenue_per_customer")));
    }

    @Test
    void basketAffinityInFranceFindsTheAlarmClocksBoughtTogether() throws Exception {
        if (!t.lake.exists(SilverTables.ORDERS)) {
            new ConformJob().run(t.context(RUN_DATE));
        }
        if (!t.lake.exists(DealsTables.ORDER_DEALS)) {
            new JtbdJob().run(t.context(RUN_DATE));
            new DealsJob().run(t.context(RUN_DATE));
        }
        BasketAffinityJob job = new BasketAffinityJob();
        job.validate(t.context(RUN_DATE));
        job.run(t.context(RUN_DATE));

        // independently, from the silver lines: French invoices that are not cancellations, with a positive line
        Dataset<Row> french = t.lake.read(SilverTables.ORDER_LINES).filter(col("country").equalTo("France")
                .and(col("order_id").startsWith("C").unary_$bang()).and(col("quantity").gt(0)).and(col("unit_price").gt(0)));
        long invoices = french.select("order_id").distinct().count();
        long green = french.filter(col("product_id").equalTo("22726")).select("order_id").distinct().count();
        long red = french.filter(col("product_id").equalTo("22727")).select("order_id").distinct().count();
        long both = french.filter(col("product_id").equalTo("22726")).select("order_id").distinct()
                .join(french.filter(col("product_id").equalTo("22727")).select("order_id").distinct(), "order_id").count();

        Row rule = t.lake.read(BasketAffinityTables.BASKET_AFFINITY).filter(col("split_type").equalTo("all")
                .and(col("pair_type").equalTo("product")).and(col("antecedent_id").equalTo("22726"))
                .and(col("consequent_id").equalTo("22727"))).first();
        assertEquals("ALARM CLOCK BAKELIKE GREEN", rule.getAs("antecedent_name"));
        assertEquals("ALARM CLOCK BAKELIKE RED", rule.getAs("consequent_name"));
        // invoices of postage alone still count: 392 invoices, 387 with something besides postage
        assertEquals(invoices, rule.<Long>getAs("baskets"));
        assertEquals(green, rule.<Long>getAs("antecedent_baskets"));
        assertEquals(red, rule.<Long>getAs("consequent_baskets"));
        assertEquals(both, rule.<Long>getAs("pair_baskets"));
        // the known result (the mlxtend apriori walk-through on these data): confidence 0.82, lift 8.6
        assertEquals(0.82, rule.<Double>getAs("confidence"), 0.005);
        assertEquals(8.6, rule.<Double>getAs("lift"), 0.05);
        assertEquals((double) both / green, rule.<Double>getAs("confidence"), 1e-12);
        assertEquals((double) both / green / ((double) red / invoices), rule.<Double>getAs("lift"), 1e-9);
        assertEquals(0, t.lake.read(BasketAffinityTables.BASKET_AFFINITY).filter(col("antecedent_id").equalTo("POST")
                .or(col("consequent_id").equalTo("POST"))).count(), "postage is excluded");
        System.out.println("Online Retail, France: " + rule);
    }

    @Test
    void everyRfmPresetSegmentsEveryBuyerAndTheNotebookSettingsCountInvoices() {
        if (!t.lake.exists(SilverTables.ORDERS)) {
            new ConformJob().run(t.context(RUN_DATE));
        }
        if (!t.lake.exists(DealsTables.ORDER_DEALS)) {
            new JtbdJob().run(t.context(RUN_DATE));
            new DealsJob().run(t.context(RUN_DATE));
        }
        Dataset<Row> orderDeals = t.lake.read(DealsTables.ORDER_DEALS).cache();
        // independently, from the silver lines: purchase invoices (not C, a positive line) of known customers
        Dataset<Row> purchaseLines = t.lake.read(SilverTables.ORDER_LINES).filter(col("order_id").startsWith("C").unary_$bang()
                .and(col("quantity").gt(0)).and(col("unit_price").gt(0)).and(col("customer_id").isNotNull()));
        long buyers = purchaseLines.select("customer_id").distinct().count();
        long invoices = purchaseLines.select("order_id").distinct().count();
        long buyersInTheLastYear = purchaseLines.filter(col("order_date").gt(java.sql.Date.valueOf(RUN_DATE.minusDays(365))))
                .select("customer_id").distinct().count();
        // the public notebooks' settings: every invoice of the whole period (2010-12-01 .. 2011-12-09: 374 days)
        Map<String, Map<String, String>> presets = new java.util.LinkedHashMap<>();
        presets.put("rf-11", Map.of("rfm.preset", "rf-11"));
        presets.put("rfm-125", Map.of("rfm.preset", "rfm-125"));
        presets.put("rfm-125, notebook settings", Map.of("rfm.preset", "rfm-125", "rfm.frequency-counts", "orders",
                "rfm.lookback", "374d"));
        presets.put("rfm-quartile", Map.of("rfm.preset", "rfm-quartile"));
        java.util.Set<Long> customersByDeals = new java.util.TreeSet<>();
        for (Map.Entry<String, Map<String, String>> preset : presets.entrySet()) {
            Dataset<Row> rfm = io.ltvlake.jobs.gold.rfm.RfmTransforms.customerRfm(orderDeals, List.of(RUN_DATE),
                    TestSpark.settings(preset.getValue()).section(RfmConfig.class));
            Row totals = rfm.agg(org.apache.spark.sql.functions.count(lit(1)), sum("frequency"),
                    org.apache.spark.sql.functions.count("segment")).first();
            boolean wholePeriod = preset.getKey().contains("notebook");
            if (wholePeriod) {
                assertEquals(buyers, totals.getLong(0), preset.getKey());
            } else {
                // a buyer of the year whose orders there all belong to a deal opened before it is not in the snapshot
                assertTrue(totals.getLong(0) <= buyersInTheLastYear && totals.getLong(0) > buyersInTheLastYear * 0.95,
                        preset.getKey() + ": " + totals.getLong(0) + " of " + buyersInTheLastYear);
                customersByDeals.add(totals.getLong(0));
            }
            assertEquals(totals.getLong(0), totals.getLong(2), preset.getKey() + ": every customer has a segment");
            if (wholePeriod) {
                assertEquals(invoices, totals.getLong(1), "frequency counts every purchase invoice");
            }
            System.out.println("Online Retail RFM, " + preset.getKey() + " (" + preset.getValue() + "): "
                    + rfm.groupBy("segment").count().orderBy(col("count").desc()).collectAsList());
        }
        assertEquals(1, customersByDeals.size(), "the deal presets score the same customers: " + customersByDeals);
        orderDeals.unpersist();
    }
}
