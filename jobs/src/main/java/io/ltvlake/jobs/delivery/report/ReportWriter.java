package io.ltvlake.jobs.delivery.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Writes a report file atomically through the Hadoop FileSystem API, so the same code writes to a
 * local folder, HDFS or S3 (s3a://). A reader sees the previous file or the new one, never half a
 * file:
 *
 * <ul>
 *   <li>object stores (s3a, gs, abfs, ...): the object is written directly; the store makes it
 *       visible only when the upload completes, and renames there are copies;
 *   <li>local folders: a hidden temporary file beside the target, then a POSIX rename over it
 *       (without Hadoop's .crc side files);
 *   <li>other file systems (HDFS): a temporary file, then a rename with overwrite.
 * </ul>
 */
public final class ReportWriter {

    /** Schemes whose files appear only once fully written, and whose renames are copies. */
    static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss");

    private ReportWriter() {}

    /** Writes {@code content} (UTF-8) as {@code directory/fileName}, replacing any earlier file; returns its full path. */
    public static String write(Configuration hadoop, String directory, String fileName, String content) throws IOException {
        Path dir = new Path(directory);
        FileSystem fs = dir.getFileSystem(hadoop);
        Path target = new Path(dir, fileName);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String scheme = fs.getUri().getScheme() == null ? "" : fs.getUri().getScheme().toLowerCase(Locale.ROOT);
        if (OBJECT_STORES.contains(scheme)) {
            try (OutputStream out = fs.create(target, true)) {
                out.write(bytes);
            }
            return fs.makeQualified(target).toString();
        }
        FileSystem files = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
        files.mkdirs(dir);
        Path temporary = new Path(dir, "." + fileName + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = files.create(temporary, false)) {
                out.write(bytes);
            }
            if (files != fs) {
                if (!files.rename(temporary, target)) {
                    throw new IOException("could not rename " + temporary + " to " + target);
                }
            } else {
                FileContext.getFileContext(fs.makeQualified(dir).toUri(), hadoop).rename(temporary, target, Options.Rename.OVERWRITE);
            }
        } finally {
            files.delete(temporary, false);
        }
        return fs.makeQualified(target).toString();
    }
}
