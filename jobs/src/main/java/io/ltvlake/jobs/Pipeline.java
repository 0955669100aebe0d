package io.ltvlake.jobs;

import io.ltvlake.common.job.JobRegistry;
import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.conform.ConformJob;
import io.ltvlake.jobs.ingest.IngestJob;
import java.util.List;

/** The nightly pipeline: every job, in the order it is declared; the registry derives the graph. */
public final class Pipeline {

    private Pipeline() {}

    public static JobRegistry registry() {
        return new JobRegistry(List.of(new IngestJob(), new ConformJob()));
    }

    /** Every table of the lake, for SQL and the catalogue. */
    public static List<TableSpec> tables() {
        return registry().tables();
    }
}
