package io.ltvlake.tools;

import io.ltvlake.jobs.AirflowConfig;
import io.ltvlake.common.config.Settings;
import io.ltvlake.jobs.Pipeline;
import io.ltvlake.jobs.cli.LakeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "airflow-dag", mixinStandardHelpOptions = true, description = {
        "Write the Airflow DAG of the nightly run, generated from the job graph and the ltvlake.airflow config.",
        "Regenerate the committed file after adding a job: " + AirflowDag.COMMAND})
final class AirflowDagCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--out", paramLabel = "FILE", description = "write the DAG to this file, relative to the project folder (default: print it)")
    Path out;

    @Override
    public Integer call() throws IOException {
        Settings settings = lake.load();
        String dag = AirflowDag.render(Pipeline.registry(), settings.section(AirflowConfig.class), settings.businessTimeZone());
        if (out == null) {
            System.out.print(dag);
            return 0;
        }
        Path target = out.isAbsolute() ? out : LakeOptions.home().resolve(out);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".airflow-dag", ".tmp");
        Files.writeString(temporary, dag, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + target + " (" + Pipeline.registry().ordered().size() + " tasks)");
        return 0;
    }
}
