package io.ltvlake.jobs.cli;

import io.ltvlake.jobs.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Print the job graph: each job, what it runs after and the tables it writes.")
final class JobsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(Pipeline.registry().describe());
        return 0;
    }
}
