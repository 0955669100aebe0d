package io.ltvlake.common.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeFilesTest {

    @TempDir
    Path dir;

    private final LakeFiles files = new LakeFiles(new Configuration());

    @Test
    void localPathsAreThoseWithoutASchemeOrWithFile() {
        assertTrue(LakeFiles.isLocal("/tmp/lake"));
        assertTrue(LakeFiles.isLocal("lake"));
        assertTrue(LakeFiles.isLocal("file:/tmp/lake"));
        assertTrue(LakeFiles.isLocal("FILE:///tmp/lake"));
        assertFalse(LakeFiles.isLocal("s3a://bucket/lake"));
        assertFalse(LakeFiles.isLocal("hdfs://namenode:8020/lake"));
        assertFalse(LakeFiles.isLocal("gs://bucket/lake"));
    }

    @Test
    void writesReadsListsAndDeletesThroughTheHadoopFileSystem() {
        String root = dir.toUri().toString();   // file:/... : the same calls as for s3a://
        String marker = root + "landing/shop/_sample.txt";
        assertEquals(Optional.empty(), files.readString(marker));
        files.writeString(marker, "300 customers\n");
        assertEquals(Optional.of("300 customers\n"), files.readString(marker), "parent folders are made");
        files.writeString(marker, "500 customers\n");
        assertEquals(Optional.of("500 customers\n"), files.readString(marker), "replaced");
        files.writeString(root + "landing/shop/2026-11-20/order_lines.csv", "order_id\n");
        files.writeString(root + "landing/shop/2026-11-19/order_lines.csv", "order_id\n");
        assertEquals(List.of("2026-11-19", "2026-11-20"), files.list(root + "landing/shop", Pattern.compile("\\d{4}-\\d{2}-\\d{2}")));
        assertEquals(List.of(), files.list(root + "nowhere", Pattern.compile(".*")));
        files.delete(root + "landing/shop/2026-11-19");
        assertFalse(files.exists(root + "landing/shop/2026-11-19"));
        assertTrue(files.exists(root + "landing/shop/2026-11-20/order_lines.csv"));
        files.delete(root + "nowhere");   // no error
        assertEquals(Optional.empty(), files.readString(root + "landing/shop"), "a folder is not a text file");
    }

    @Test
    void aWritableRootPassesTheCheckAndKeepsNoProbe() throws IOException {
        assertEquals(Optional.empty(), files.whyNotWritable(dir.toString()));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the probe file is deleted again");
        }
        assertEquals(Optional.empty(), files.whyNotWritable(dir.resolve("new/lake").toString()), "a missing root can be made");
        assertFalse(Files.exists(dir.resolve("new/lake")), "and is not left behind");
    }

    @Test
    void aRootThatCannotBeWrittenIsReportedWithTheCause() throws IOException {
        // A path under a regular file cannot be written by anyone, root included (chmod does not stop root).
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Optional<String> why = files.whyNotWritable(file.resolve("lake").toString());
        assertTrue(why.isPresent(), "a lake under a file is not writable");
        assertTrue(why.get().contains(file.toString()), "the cause names the path: " + why.get());
    }

    @Test
    void uploadCopiesEveryFileWithItsRelativePathAndKeepsOtherFiles() throws IOException {
        Path local = Files.createDirectories(dir.resolve("scratch"));
        Files.createDirectories(local.resolve("landing/shop/2026-11-20"));
        Files.writeString(local.resolve("landing/shop/2026-11-20/calls.csv"), "call_id\nc1\n");
        Files.createDirectories(local.resolve("truth"));
        Files.writeString(local.resolve("truth/orders.csv"), "order_id\no1\n");
        String target = dir.resolve("target").toUri().toString();
        files.writeString(target + "/landing/shop/_sample.txt", "kept");
        files.writeString(target + "/truth/orders.csv", "old");

        assertEquals(2, files.upload(local, target));
        assertEquals(Optional.of("call_id\nc1\n"), files.readString(target + "/landing/shop/2026-11-20/calls.csv"));
        assertEquals(Optional.of("order_id\no1\n"), files.readString(target + "/truth/orders.csv"), "replaced");
        assertEquals(Optional.of("kept"), files.readString(target + "/landing/shop/_sample.txt"), "not touched");
        assertFalse(files.exists(target + "/scratch"), "the folder's contents, not the folder itself");
    }
}
