package io.ltvlake.common.job;

import io.ltvlake.common.lake.Lake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job did: rows read, written and quarantined, the table versions it left, how long it took
 * (wall clock) and the CPU time this process spent meanwhile ({@code cpu}: the driver and, in local
 * mode, the executors too; on a cluster the executors' CPU is in the Spark UI). {@code rowsReadKnown}
 * is false when an input's row count was unknown ({@link Lake#rows}): {@code rowsRead} then holds
 * only part of what was read and is not shown.
 */
public record JobResult(String job, long rowsRead, long rowsWritten, long rowsQuarantined,
                        Map<String, Long> tableVersions, Duration duration, Duration cpu, List<String> warnings,
                        boolean rowsReadKnown) {

    public static Builder builder(String job) {
        return new Builder(job);
    }

    public JobResult withTimes(Duration took, Duration cpuTime) {
        return new JobResult(job, rowsRead, rowsWritten, rowsQuarantined, tableVersions, took, cpuTime, warnings, rowsReadKnown);
    }

    /** The same result with more warnings (e.g. checks that failed after the job's last write). */
    public JobResult withWarnings(List<String> more) {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(more);
        return new JobResult(job, rowsRead, rowsWritten, rowsQuarantined, tableVersions, duration, cpu, List.copyOf(all), rowsReadKnown);
    }

    public static final class Builder {
        private final String job;
        private long read;
        private boolean readKnown = true;
        private long written;
        private long quarantined;
        private final Map<String, Long> versions = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();

        private Builder(String job) {
            this.job = job;
        }

        public Builder read(long rows) {
            read += rows;
            return this;
        }

        /** Rows of an input whose count may be unknown (a table's {@link Lake#rows}): unknown makes the job's rows read unknown. */
        public Builder read(java.util.OptionalLong rows) {
            rows.ifPresentOrElse(this::read, () -> readKnown = false);
            return this;
        }

        public Builder quarantined(long rows) {
            quarantined += rows;
            return this;
        }

        /** Counts a write towards rows written, records the table's version and keeps its check warnings. */
        public Builder wrote(Lake.Write write) {
            written += write.rowsWritten();
            versions.put(write.table().name(), write.version());
            warnings.addAll(write.warnings());
            return this;
        }

        /** Rows written outside the lake (files, a database): counted as output, no table version. */
        public Builder wroteRows(long rows) {
            written += rows;
            return this;
        }

        /** A write of a side table (audit, quarantine): its version is kept, its rows are not output. */
        public Builder touched(Lake.Write write) {
            versions.put(write.table().name(), write.version());
            warnings.addAll(write.warnings());
            return this;
        }

        public Builder warn(String message) {
            warnings.add(message);
            return this;
        }

        public JobResult build() {
            return new JobResult(job, read, written, quarantined, Map.copyOf(versions), Duration.ZERO, Duration.ZERO, List.copyOf(warnings),
                    readKnown);
        }
    }
}
