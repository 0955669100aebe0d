package io.ltvlake.jobs.delivery.postgres;

import io.ltvlake.jobs.delivery.postgres.PublishConfig.PostgresSettings;
import io.ltvlake.common.job.Job;
import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.lake.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Publishes every gold mart that exists in the lake to PostgreSQL, schema {@code marts}, for BI
 * tools (see {@link PostgresPublisher} for how it stays atomic). The marts are the gold tables of
 * the jobs it is given, so a job added to the pipeline later is published without a change here.
 * Without a configured database ({@code publish.postgres.url} empty) it skips with a warning.
 */
public final class PublishJob implements Job {

    private final List<TableSpec> marts;
    private final List<String> upstream;
    private final Function<String, String> environment;
    private final PostgresPublisher.Hooks hooks;

    /** Publishes the gold tables of {@code jobs}, after them; passwords from the process environment. */
    public PublishJob(List<Job> jobs) {
        this(jobs, System::getenv, PostgresPublisher.Hooks.NONE);
    }

    /** For tests and bi-db: passwords from {@code environment}, and hooks between the steps. */
    public PublishJob(List<Job> jobs, Function<String, String> environment, PostgresPublisher.Hooks hooks) {
        this.marts = goldTables(jobs);
        this.upstream = jobsWriting(jobs, marts);
        this.environment = environment;
        this.hooks = hooks;
    }

    /** The gold tables the jobs write, in their order. */
    public static List<TableSpec> goldTables(List<Job> jobs) {
        List<TableSpec> gold = new ArrayList<>();
        for (Job job : jobs) {
            for (TableSpec spec : job.outputs()) {
                if (spec.ref().layer().equals("gold") && gold.stream().noneMatch(g -> g.name().equals(spec.name()))) {
                    gold.add(spec);
                }
            }
        }
        return List.copyOf(gold);
    }

    /** The jobs that write any of {@code tables}. */
    public static List<String> jobsWriting(List<Job> jobs, List<TableSpec> tables) {
        Set<String> names = new LinkedHashSet<>();
        for (Job job : jobs) {
            if (job.outputs().stream().anyMatch(tables::contains)) {
                names.add(job.name());
            }
        }
        return List.copyOf(names);
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public String description() {
        return "publish every gold mart to PostgreSQL (schema marts) in one transaction, read-only BI role";
    }

    @Override
    public List<String> upstream() {
        return upstream;
    }

    @Override
    public List<TableSpec> outputs() {
        return List.of();
    }

    /** The marts this job publishes when they exist. */
    public List<TableSpec> marts() {
        return marts;
    }

    @Override
    public JobResult run(JobContext context) throws Exception {
        JobResult.Builder result = JobResult.builder(name());
        PostgresSettings postgres = context.settings().section(PublishConfig.class).postgres();
        if (!postgres.configured()) {
            context.warn(result, "no PostgreSQL configured (ltvlake.publish.postgres.url is empty, e.g. LTVLAKE_PG_URL unset):"
                    + " marts not published; bin/ltvlake bi-db runs a local one");
            return result.build();
        }
        Lake lake = context.lake();
        List<PostgresPublisher.Mart> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (TableSpec spec : marts) {
            if (lake.exists(spec)) {
                present.add(new PostgresPublisher.Mart(spec, lake.version(spec), lake.read(spec)));
            } else {
                missing.add(spec.name());
            }
        }
        if (!missing.isEmpty()) {
            context.say("not in the lake yet, not published: " + String.join(", ", missing));
        }
        if (present.isEmpty()) {
            context.warn(result, "no gold mart in the lake yet: nothing published");
            return result.build();
        }
        context.say("publishing " + present.size() + " marts to " + postgres.schema() + " (staging in "
                + postgres.stagingSchema() + ")");
        PostgresPublisher publisher = new PostgresPublisher(postgres, environment, context::say, hooks);
        PostgresPublisher.Outcome outcome = publisher.publish(present, context.runDate());
        List<PostgresPublisher.Published> published = outcome.tables();
        for (String warning : outcome.warnings()) {
            context.warn(result, warning);
        }
        for (int i = 0; i < present.size(); i++) {
            PostgresPublisher.Mart mart = present.get(i);
            long rows = published.get(i).rows();
            result.read(rows);
            result.wrote(new Lake.Write(mart.spec(), mart.deltaVersion(), rows));
        }
        return result.build();
    }
}
