package io.ltvlake.jobs.cli;

import io.ltvlake.jobs.delivery.extracts.ExtractsConfig;
import io.ltvlake.common.config.Settings;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.delivery.extracts.ExtractsJob;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "extract", mixinStandardHelpOptions = true, description = {
        "Write configured extracts (ltvlake.extracts.list) for a date now, whatever their schedule:",
        "to try a new extract, or to make one that a missed night did not. The nightly run writes them on schedule."})
final class ExtractCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the run date the files are named after and {run_date} means")
    LocalDate date;

    @Option(names = "--name", split = ",", paramLabel = "EXTRACT", description = "the extracts to write, e.g. --name rfm_segments_weekly")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "write every configured extract")
    boolean all;

    @Override
    public Integer call() throws Exception {
        Settings settings = lake.load();
        if (all == !names.isEmpty()) {
            throw new IllegalArgumentException("give --name EXTRACT[,EXTRACT...] or --all; configured extracts: "
                    + settings.section(ExtractsConfig.class).list().stream().map(ExtractsConfig.Extract::name).toList());
        }
        List<ExtractsConfig.Extract> chosen = all ? settings.section(ExtractsConfig.class).list() : names.stream().map(settings.section(ExtractsConfig.class)::extract).toList();
        if (chosen.isEmpty()) {
            System.out.println("no extract configured (ltvlake.extracts.list)");
            return 0;
        }
        ExtractsJob job = (ExtractsJob) Pipeline.registry().job("extracts");
        SparkSession spark = Session.spark(settings);
        JobContext context = new JobContext(date, settings, spark, new Lake(spark, settings.lakeRoot()), System.out);
        job.validate(context);
        JobResult result = job.writeNow(context, chosen);
        System.out.println("wrote " + chosen.size() + " extracts, " + String.format("%,d", result.rowsWritten()) + " rows");
        return 0;
    }
}
