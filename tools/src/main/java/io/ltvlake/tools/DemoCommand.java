package io.ltvlake.tools;

import io.ltvlake.jobs.delivery.extracts.ExtractsConfig;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobRunner;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.LakeFiles;
import io.ltvlake.common.lake.LocalFolders;
import io.ltvlake.common.spark.SparkSessions;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.cli.LakeOptions;
import io.ltvlake.jobs.cli.Session;
import io.ltvlake.jobs.cli.SqlCommand;
import io.ltvlake.jobs.delivery.report.ReportJob;
import io.ltvlake.tools.sample.SampleSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", mixinStandardHelpOptions = true, description = {"Generate a sample business into the lake and run the whole pipeline on it.",
        "The sample is generated only when the lake does not already hold the same one; the run is for its last day."})
final class DemoCommand implements Callable<Integer> {

    private static final List<String> TABLE_LAYERS = List.of("bronze", "silver", "gold", "quarantine");

    @Mixin
    LakeOptions lake;

    @Mixin
    SampleOptions options;

    @Override
    public Integer call() throws Exception {
        Settings settings = lake.load();
        settings.source("shop");
        // The lake may be a local folder or s3a://: its plain files go through the Hadoop file system.
        String root = settings.lakeRoot();
        Session.requireWritableLake(settings);
        LakeFiles files = new LakeFiles(SparkSessions.hadoopConfiguration(settings));
        SampleSettings sample = options.settings(settings, null, null);
        String marker = root + "/landing/shop/_sample.txt";
        String wanted = sample.customers() + " customers, " + sample.days() + " days to " + sample.endDate() + ", seed " + sample.seed();
        Optional<String> existing = files.readString(marker);
        if (existing.isPresent() && existing.get().strip().equals(wanted)) {
            System.out.println("sample already in " + root + " (" + wanted + "); not generated again");
        } else {
            if (existing.isEmpty() && TABLE_LAYERS.stream().anyMatch(layer -> files.exists(root + "/" + layer))) {
                throw new IllegalArgumentException("the lake " + root + " holds tables the demo did not make; "
                        + "give the demo an empty or demo folder with --lake");
            }
            // Tables built from another sample would mix with this one: a demo lake starts over.
            for (String layer : TABLE_LAYERS) {
                files.delete(root + "/" + layer);
            }
            GenerateCommand.generate(sample, root, files, System.out);
            files.writeString(marker, wanted + "\n");
        }
        JobRunner.Report report = Session.runPipeline(settings, sample.endDate(), List.of(), Optional.empty(), System.out);
        if (!report.succeeded()) {
            return report.exitCode();
        }
        SparkSession spark = Session.spark(settings);
        Lake sampleLake = new Lake(spark, settings.lakeRoot());
        if (!settings.section(ExtractsConfig.class).list().isEmpty()) {
            // the nightly writes each extract on its schedule; the demo shows them all for its last day
            System.out.println();
            System.out.println("Extracts (all configured ones, written now whatever their schedule):");
            ((io.ltvlake.jobs.delivery.extracts.ExtractsJob) Pipeline.registry().job("extracts")).writeNow(
                    new io.ltvlake.common.job.JobContext(sample.endDate(), settings, spark, sampleLake, System.out), settings.section(ExtractsConfig.class).list());
        }
        sampleLake.registerAll(Pipeline.tables());
        System.out.println();
        System.out.println("Headline (silver):");
        SqlCommand.print(spark.sql("""
                select count(*) as orders,
                       sum(case when is_purchase then 1 else 0 end) as purchases,
                       sum(case when status <> 'completed' then 1 else 0 end) as cancelled_or_returned,
                       cast(sum(revenue) as decimal(18,2)) as revenue,
                       count(distinct case when is_purchase then customer_key end) as buying_customers
                from silver.orders"""), SqlCommand.Format.table, 10, System.out);
        System.out.println();
        System.out.println("Orders against deals (gold.deal_inflation):");
        SqlCommand.print(spark.sql("""
                select sum(purchase_orders) as purchase_orders,
                       sum(deals_opened) as deals,
                       cast(sum(customer_purchase_orders) / sum(deals_opened) as decimal(6,2)) as orders_per_deal,
                       cast(sum(immediate_upsell_orders + deferred_upsell_orders) / sum(customer_purchase_orders)
                            as decimal(6,3)) as upsell_share,
                       sum(repeat_deals) as repeat_deals
                from gold.deal_inflation"""), SqlCommand.Format.table, 10, System.out);
        System.out.println();
        System.out.println("Where things are:");
        System.out.println("  lake        " + root + "  (landing/, bronze/, silver/, gold/, quarantine/)");
        System.out.println("  truth       " + root + "/truth  (the generator's ground truth)");
        System.out.println("  report      " + root + "/" + ReportJob.FOLDER + "/" + ReportJob.fileName(sample.endDate())
                + "  (open it in a browser)");
        System.out.println("  extracts    " + root + "/extracts  (CSV/XLSX per extract, manifest_<date>.json beside them)");
        System.out.println("  BI database bin/ltvlake bi-db" + (lake.lakeOverride().isPresent() ? " --lake " + settings.lakeRoot() : "")
                + "  (a local PostgreSQL with the marts, for Metabase)");
        System.out.println("  logs        " + LakeOptions.home().resolve("logs/ltvlake.log"));
        System.out.println("  look inside bin/ltvlake sql \"select * from quarantine.rejected_rows limit 5\""
                + (lake.lakeOverride().isPresent() ? " --lake " + settings.lakeRoot() : ""));
        System.out.println("              bin/ltvlake sql \"select source, entity, sum(rows_read), sum(rows_loaded), sum(rows_quarantined) "
                + "from bronze.ingest_audit group by 1, 2\"");
        return 0;
    }
}
