package io.ltvlake.common.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folders on the machine's own disk (scratch lakes, staged extracts, test folders), not the lake's file system. */
public final class LocalFolders {

    private LocalFolders() {
    }

    /** Deletes a folder and everything under it, deepest first; a folder that is not there is already deleted. */
    public static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> paths = Files.walk(folder)) {
            deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : deepestFirst) {
            Files.deleteIfExists(path);
        }
    }
}
