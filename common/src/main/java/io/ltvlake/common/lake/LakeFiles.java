package io.ltvlake.common.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The lake's plain files (landing exports, the generator's truth, markers) on whatever file
 * system the path names: a local folder, {@code s3a://}, {@code hdfs://}. Delta tables go
 * through {@link Lake}; everything else that touches a lake path goes through here, never
 * through {@code java.io.File} or {@code java.nio.file}, which only know local folders.
 */
public final class LakeFiles {

    private final Configuration hadoop;

    public LakeFiles(Configuration hadoop) {
        this.hadoop = hadoop;
    }

    /** The session's Hadoop configuration: it carries the s3a settings of {@code SparkSessions}. */
    public static LakeFiles of(SparkSession spark) {
        return new LakeFiles(spark.sparkContext().hadoopConfiguration());
    }

    /** True for a path on this machine's file system: no scheme, or {@code file:}. */
    public static boolean isLocal(String path) {
        return !path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || path.regionMatches(true, 0, "file:", 0, 5)
                || path.matches("^[a-zA-Z]:[\\\\/].*");
    }

    public boolean exists(String path) {
        Path p = new Path(path);
        try {
            return fs(p).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    /**
     * Why nothing can be written under {@code root}, or empty when a file can be created and
     * deleted there. A run asks before its first job, so a read-only lake (a read-only mount,
     * S3 credentials that may only read, a root that is a file) fails at once, not after the
     * first jobs' work. A missing root made by the probe is removed again (when empty), so a run
     * refused later for another reason leaves no folder behind.
     */
    public Optional<String> whyNotWritable(String root) {
        String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        Path rootPath = new Path(base);
        Path probe = new Path(base + "/_ltvlake_write_check_" + java.util.UUID.randomUUID());
        try {
            FileSystem fs = fs(probe);
            boolean existed = fs.exists(rootPath);
            try (OutputStream out = fs.create(probe, false)) {
                out.write('\n');
            }
            fs.delete(probe, false);
            // An object store has no folders: once the probe is gone the root may not exist at all.
            if (!existed && fs.exists(rootPath) && fs.listStatus(rootPath).length == 0) {
                fs.delete(rootPath, false);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of(message.lines().findFirst().orElse(message));
        }
    }

    /** The file's text (UTF-8), or empty when there is no such file. */
    public Optional<String> readString(String path) {
        Path p = new Path(path);
        try {
            FileSystem fs = fs(p);
            if (!fs.exists(p) || !fs.getFileStatus(p).isFile()) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(p)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Writes (or replaces) a small text file. On S3 the object appears whole when the stream closes. */
    public void writeString(String path, String text) {
        Path p = new Path(path);
        try (OutputStream out = fs(p).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Deletes a file or a folder with everything in it; nothing happens when it is not there. */
    public void delete(String path) {
        Path p = new Path(path);
        try {
            FileSystem fs = fs(p);
            if (fs.exists(p)) {
                fs.delete(p, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** The names of the entries directly in {@code folder} that match {@code name}, sorted; empty when it is not there. */
    public List<String> list(String folder, Pattern name) {
        Path p = new Path(folder);
        try {
            FileSystem fs = fs(p);
            List<String> names = new ArrayList<>();
            if (fs.exists(p)) {
                for (FileStatus status : fs.listStatus(p)) {
                    if (name.matcher(status.getPath().getName()).matches()) {
                        names.add(status.getPath().getName());
                    }
                }
            }
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /**
     * Copies a local folder's files, keeping their relative paths, under {@code target}, replacing
     * files of the same name there (other files in {@code target} stay); returns the files copied.
     */
    public long upload(java.nio.file.Path localFolder, String target) {
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(localFolder)) {
            files = walk.filter(java.nio.file.Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + localFolder, e);
        }
        String base = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        for (java.nio.file.Path file : files) {
            String relative = localFolder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            Path destination = new Path(base + "/" + relative);
            try (InputStream in = java.nio.file.Files.newInputStream(file);
                 OutputStream out = fs(destination).create(destination, true)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + file + " to " + destination, e);
            }
        }
        return files.size();
    }

    private FileSystem fs(Path path) throws IOException {
        return path.getFileSystem(hadoop);
    }
}
