package io.ltvlake.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.job.JobRunner;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The nights table on hand-made reports: per job and in total, the nights' mean CPU over the full load's. */
class NightsTableTest {

    private static JobRunner.Outcome job(String name, long cpuMillis, long wallMillis) {
        return new JobRunner.Outcome(name, JobRunner.Status.OK,
                JobResult.builder(name).build().withTimes(Duration.ofMillis(wallMillis), Duration.ofMillis(cpuMillis)), null);
    }

    private static NightsTable.Run run(String date, JobRunner.Outcome... outcomes) {
        return new NightsTable.Run(LocalDate.parse(date), new JobRunner.Report(List.of(outcomes), Duration.ZERO, false));
    }

    @Test
    void eachJobsNightShareIsTheNightsMeanOverTheFullLoad() {
        NightsTable.Run full = run("2026-11-18", job("ingest", 10_000, 12_000), job("conform", 20_000, 25_000));
        List<NightsTable.Run> nights = List.of(run("2026-11-19", job("ingest", 4_000, 5_000), job("conform", 18_000, 20_000)),
                run("2026-11-20", job("ingest", 6_000, 7_000), job("conform", 22_000, 30_000)));
        List<String> lines = NightsTable.render(full, nights).lines().toList();
        // ingest: (4 + 6) / 2 = 5 of 10 -> 50 %; conform: (18 + 22) / 2 = 20 of 20 -> 100 %;
        // all jobs: (22 + 28) / 2 = 25 of 30 -> 83 %
        assertTrue(lines.stream().anyMatch(l -> l.matches("ingest +10\\.0 +4\\.0 +6\\.0 +50")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("conform +20\\.0 +18\\.0 +22\\.0 +100")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("all jobs +30\\.0 +22\\.0 +28\\.0 +83")), String.join("\n", lines));
        // wall: ingest (5 + 7) / 2 = 6 of 12 -> 50 %; all jobs (25 + 37) / 2 = 31 of 37 -> 84 %
        assertTrue(lines.stream().anyMatch(l -> l.matches("ingest +12\\.0 +5\\.0 +7\\.0 +50")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("all jobs +37\\.0 +25\\.0 +37\\.0 +84")), String.join("\n", lines));
    }

    @Test
    void theCsvHasARowPerRunAndJob() {
        NightsTable.Run full = run("2026-11-18", job("ingest", 10_000, 12_000));
        List<String> rows = NightsTable.csvRows(full, List.of(run("2026-11-19", job("ingest", 4_000, 5_000))));
        assertEquals(List.of("full,2026-11-18,ingest,10.000,12.000", "night1,2026-11-19,ingest,4.000,5.000"), rows);
    }
}
