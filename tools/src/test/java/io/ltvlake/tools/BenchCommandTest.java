package io.ltvlake.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.jobs.gold.shared.SampleTruth;
import io.ltvlake.tools.sample.SampleGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench measures a lake as production has it: the generator's truth is moved out before any job runs. */
class BenchCommandTest {

    @Test
    void theTruthLeavesTheScratchLakeForAFolderBesideItReplacingAnEarlierOne(@TempDir Path scratch) throws IOException {
        Path lake = scratch.resolve("lake-c5-d60-s42");
        Files.createDirectories(lake.resolve("landing/shop/2026-11-20"));
        Files.writeString(lake.resolve("landing/shop/2026-11-20/orders.csv"), "order_id\n1\n");
        Path truth = Files.createDirectories(lake.resolve(SampleGenerator.TRUTH));
        Files.writeString(truth.resolve("orders.csv"), "order_id,person_id\n1,p1\n");
        Files.writeString(truth.resolve("people.csv"), "person_id\np1\n");
        // an earlier bench of the same size left its truth, with a file this sample does not have
        Path earlier = scratch.resolve("lake-c5-d60-s42-truth");
        Files.createDirectories(earlier);
        Files.writeString(earlier.resolve("campaigns.csv"), "campaign\nold\n");

        Path beside = BenchCommand.truthBesideTheLake(lake);

        assertEquals(SampleTruth.FOLDER, SampleGenerator.TRUTH, "the generator writes its truth where the jobs look for it");
        assertEquals(earlier, beside);
        assertFalse(Files.exists(lake.resolve(SampleTruth.FOLDER)), "jobs look for the truth in the lake root and must find none");
        assertTrue(Files.exists(lake.resolve("landing/shop/2026-11-20/orders.csv")), "the landing files stay");
        try (Stream<Path> files = Files.list(beside)) {
            assertEquals(List.of("orders.csv", "people.csv"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("order_id,person_id\n1,p1\n", Files.readString(beside.resolve("orders.csv")));

        // a lake without a truth (moved already) leaves nothing beside it
        assertEquals(beside, BenchCommand.truthBesideTheLake(lake));
        assertFalse(Files.exists(beside));
    }
}
