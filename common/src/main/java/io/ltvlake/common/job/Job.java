package io.ltvlake.common.job;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/**
 * A nightly job: wires lake tables to transforms and writes the results. It computes
 * nothing itself. It must be idempotent: running it twice for a date leaves the same rows.
 */
public interface Job {

    /** Short lower-case name used on the command line and in the Airflow DAG. */
    String name();

    /** One line for {@code bin/ltvlake jobs}. */
    String description();

    /** Jobs whose tables this one reads. */
    List<String> upstream();

    /** The tables this job writes, with their specs. */
    List<TableSpec> outputs();

    /**
     * Checks what can be checked before anything runs (e.g. config expressions against the
     * schema they apply to). The runner calls it for every selected job before the first one
     * starts, so a bad setting fails the run before any table is written.
     */
    default void validate(JobContext context) throws Exception {}

    JobResult run(JobContext context) throws Exception;
}
