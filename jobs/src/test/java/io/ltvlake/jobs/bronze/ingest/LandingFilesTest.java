package io.ltvlake.jobs.bronze.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Landing file headers read many at a time, as one after the other would read them. */
class LandingFilesTest {

    private final LandingFiles landing = new LandingFiles(new Configuration());

    @Test
    void headersOfManyFilesComeInTheirOrderWhateverThreadReadThem(@TempDir Path folder) throws Exception {
        List<String> paths = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // each file its own header; every seventh gzip-compressed, every fifth with a byte order mark
            List<String> columns = List.of("order_id", "column_" + i, "quoted; " + i);
            String header = (i % 5 == 0 ? "\uFEFF" : "") + "order_id;column_" + i + ";\"quoted; " + i + "\"\nO1;x;y\n";
            Path file = folder.resolve("day-" + i + ".csv" + (i % 7 == 0 ? ".gz" : ""));
            if (i % 7 == 0) {
                try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                    out.write(header.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                Files.writeString(file, header);
            }
            paths.add(file.toUri().toString());
            expected.add(columns);
        }
        assertEquals(expected, landing.csvHeaders(paths, ';', StandardCharsets.UTF_8));
        for (int i = 0; i < paths.size(); i += 13) {
            assertEquals(expected.get(i), landing.csvHeader(paths.get(i), ';', StandardCharsets.UTF_8), "as read alone");
        }
    }

    @Test
    void theFirstUnreadableFileInTheGivenOrderFailsTheRead(@TempDir Path folder) throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path file = folder.resolve("day-" + i + ".csv");
            if (i != 6 && i != 15) {
                Files.writeString(file, "order_id\n");
            }
            paths.add(file.toUri().toString());
        }
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> landing.csvHeaders(paths, ',', StandardCharsets.UTF_8));
        assertTrue(missing.getMessage().endsWith("day-6.csv"), missing.getMessage());
    }
}
