package io.ltvlake.common.lake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFoldersTest {

    @Test
    void deletesAFolderWithNestedFoldersAndFilesAndLeavesItsNeighbour(@TempDir Path root) throws Exception {
        Path lake = root.resolve("lake");
        Files.createDirectories(lake.resolve("gold/deals/_delta_log"));
        Files.writeString(lake.resolve("gold/deals/_delta_log/00000000000000000000.json"), "{}");
        Files.writeString(lake.resolve("gold/deals/part-0.parquet"), "rows");
        Path neighbour = Files.writeString(root.resolve("lake.txt"), "stays");

        LocalFolders.delete(lake);

        assertFalse(Files.exists(lake));
        assertTrue(Files.exists(neighbour), "a file beside the folder, whose name starts alike, stays");
    }

    @Test
    void aFolderThatIsNotThereIsAlreadyDeleted(@TempDir Path root) throws Exception {
        LocalFolders.delete(root.resolve("never-made"));
        assertTrue(Files.exists(root));
    }
}
