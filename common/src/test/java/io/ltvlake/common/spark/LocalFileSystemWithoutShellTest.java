package io.ltvlake.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class LocalFileSystemWithoutShellTest {

    private static final SparkSession SPARK = TestSpark.session();

    /** The keys a local session sets, in a configuration of its own (Hadoop's cache would hand out another). */
    private static Configuration withoutShell() {
        Configuration conf = new Configuration();
        SparkSessions.localFileSystem(TestSpark.settings(Map.of()).spark()).forEach(conf::set);
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    private static RawLocalFileSystem hadoops() throws IOException {
        RawLocalFileSystem hadoops = new RawLocalFileSystem();
        hadoops.initialize(URI.create("file:///"), new Configuration());
        return hadoops;
    }

    private static String posix(java.nio.file.Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** The commands of the processes this JVM started while {@code work} ran, from Java's flight recorder. */
    private static List<String> processesStartedBy(Runnable work) throws IOException {
        java.nio.file.Path dump = Files.createTempFile(TestSpark.tempDir("processes"), "processes", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ProcessStart");
            recording.start();
            work.run();
            recording.stop();
            recording.dump(dump);
        }
        return RecordingFile.readAllEvents(dump).stream().filter(e -> e.getEventType().getName().equals("jdk.ProcessStart"))
                .map(e -> e.getString("command")).toList();
    }

    @Test
    void theLocalSessionWritesAndCommitsADeltaTableWithoutStartingAProcess() throws IOException {
        String table = TestSpark.tempDir("without-shell").resolve("numbers").toString();
        List<String> started = processesStartedBy(() -> {
            SPARK.range(3).write().format("delta").save(table);
            SPARK.range(3, 5).write().format("delta").mode("append").save(table);
        });
        assertEquals(List.of(), started, "processes started by two Delta commits on a local folder");
        assertEquals(10L, SPARK.read().format("delta").load(table).selectExpr("sum(id)").first().getLong(0), "0+1+2 and 3+4");
        assertEquals(LocalFileSystemWithoutShell.FileSystem.class,
                FileSystem.get(URI.create("file:///"), SPARK.sparkContext().hadoopConfiguration()).getClass());
        // the check above can fail: Hadoop's own local file system starts a chmod for each file it creates
        Configuration hadoops = new Configuration();
        hadoops.setBoolean("fs.file.impl.disable.cache", true);
        FileSystem plain = FileSystem.get(URI.create("file:///"), hadoops);
        assertFalse(processesStartedBy(() -> {
            try (FSDataOutputStream out = plain.create(new Path(table + "-plain/a"))) {
                out.write(1);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).isEmpty(), "Hadoop's local file system starts processes here, so the check above means something");
    }

    @Test
    void commandsBeforeTheSessionAskForTheSameFileSystemAndAClusterKeepsHadoops() {
        // a command that checks a local lake before its session starts fills Hadoop's cache of file systems
        Configuration locally = SparkSessions.hadoopConfiguration(TestSpark.settings(Map.of()));
        assertEquals(LocalFileSystemWithoutShell.FileSystem.class.getName(), locally.get("fs.file.impl"));
        assertEquals(LocalFileSystemWithoutShell.FileContextFileSystem.class.getName(), locally.get("fs.AbstractFileSystem.file.impl"));
        Configuration onACluster = SparkSessions.hadoopConfiguration(TestSpark.settings(Map.of("spark.master", "spark://cluster:7077")));
        assertEquals(LocalFileSystem.class.getName(), onACluster.getClass("fs.file.impl", LocalFileSystem.class).getName());
        assertEquals("org.apache.hadoop.fs.local.LocalFs", onACluster.get("fs.AbstractFileSystem.file.impl"), "Hadoop's default");
        assertEquals(Map.of(), SparkSessions.localFileSystem(TestSpark.settings(Map.of("spark.master", "yarn")).spark()));
    }

    @Test
    void filesAndFoldersGetHadoopsPermissions() throws IOException {
        java.nio.file.Path folder = TestSpark.tempDir("without-shell-permissions");
        FileSystem ours = FileSystem.get(URI.create("file:///"), withoutShell());
        RawLocalFileSystem hadoops = hadoops();

        try (FSDataOutputStream out = ours.create(new Path(folder.resolve("ours").toUri()))) {
            out.write(1);
        }
        try (FSDataOutputStream out = hadoops.create(new Path(folder.resolve("hadoops").toUri()))) {
            out.write(1);
        }
        assertEquals(posix(folder.resolve("hadoops")), posix(folder.resolve("ours")), "a new file, under the same umask");

        assertTrue(ours.mkdirs(new Path(folder.resolve("a/b").toUri()), new FsPermission((short) 0750)));
        assertEquals("rwxr-x---", posix(folder.resolve("a/b")));
        ours.setPermission(new Path(folder.resolve("ours").toUri()), new FsPermission((short) 0600));
        assertEquals("rw-------", posix(folder.resolve("ours")));
    }

    @Test
    void renamesAndLinkStatusAnswerAsHadoopsDo() throws IOException {
        java.nio.file.Path folder = TestSpark.tempDir("without-shell-renames");
        Files.writeString(folder.resolve("commit.tmp"), "{}");
        Files.writeString(folder.resolve("taken.json"), "{}");
        FileContext context = FileContext.getFileContext(URI.create("file:///"), withoutShell());

        // Delta's log store commits by a rename that must not replace an existing version
        assertThrows(FileAlreadyExistsException.class, () -> context.rename(new Path(folder.resolve("commit.tmp").toUri()),
                new Path(folder.resolve("taken.json").toUri()), Options.Rename.NONE));
        context.rename(new Path(folder.resolve("commit.tmp").toUri()), new Path(folder.resolve("00000.json").toUri()),
                Options.Rename.NONE);
        assertTrue(Files.exists(folder.resolve("00000.json")));
        assertFalse(Files.exists(folder.resolve("commit.tmp")));

        FileSystem ours = FileSystem.get(URI.create("file:///"), withoutShell());
        FileStatus file = ours.getFileLinkStatus(new Path(folder.resolve("00000.json").toUri()));
        assertFalse(file.isSymlink());
        assertEquals(2L, file.getLen());
        // a symbolic link takes Hadoop's own way, so it gets Hadoop's own answer
        Files.createSymbolicLink(folder.resolve("link"), folder.resolve("00000.json"));
        Path link = new Path(folder.resolve("link").toUri());
        FileStatus ourLink = ours.getFileLinkStatus(link);
        FileStatus hadoopsLink = hadoops().getFileLinkStatus(link);
        assertEquals(hadoopsLink.isSymlink(), ourLink.isSymlink());
        assertEquals(hadoopsLink.getLen(), ourLink.getLen());
        assertEquals(hadoopsLink.getPath(), ourLink.getPath());
        assertThrows(FileNotFoundException.class, () -> ours.getFileLinkStatus(new Path(folder.resolve("absent").toUri())));
    }
}
