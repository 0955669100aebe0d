package io.ltvlake.jobs.delivery.extracts;

import io.ltvlake.jobs.delivery.extracts.ExtractsConfig.Extract;
import io.ltvlake.common.identity.PersonalData;
import io.ltvlake.jobs.delivery.PersonalDataCheck;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An extract's file: written locally first (rows counted, sha256 taken, contacts checked), then
 * put at its destination through the Hadoop FileSystem API, so a local folder and s3a:// both
 * work. Readers never see a partial file: on a file system it is written under a hidden
 * temporary name and renamed; on S3 the object appears only when its upload completes (one PUT,
 * or a multipart upload that is committed at the end), so it is written under its final name.
 * Each destination folder gets a manifest per run date, written after its files.
 */
public final class ExtractFiles {

    /** A written extract file: where it goes and what is in it. */
    public record Written(String extract, String destination, String file, String format, long rows, long bytes,
                          String sha256, Path local) {}

    private ExtractFiles() {}

    /** {@code <name>_<run-date>.<csv|xlsx>}. */
    public static String fileName(Extract extract, LocalDate runDate) {
        return extract.name() + "_" + runDate + "." + extract.format().extension();
    }

    /** {@code manifest_<run-date>.json}: one per destination folder and run date. */
    public static String manifestName(LocalDate runDate) {
        return "manifest_" + runDate + ".json";
    }

    /**
     * Writes the extract's rows (streamed from Spark) to a file in {@code localDir}. Unless the
     * extract opted in to contacts, a value that looks like a phone or an e-mail refuses it.
     */
    public static Written writeLocal(Extract extract, Dataset<Row> rows, Path localDir, LocalDate runDate) throws IOException {
        String file = fileName(extract, runDate);
        Path local = localDir.resolve(file);
        ExtractWriters.ValueCheck check = extract.contacts() ? ExtractWriters.ValueCheck.NONE : (column, value) -> {
            Optional<String> kind = PersonalData.contactKind(value);
            if (kind.isPresent()) {
                throw new PersonalDataCheck.Refused("extract '" + extract.name() + "': column " + column + " holds " + kind.get()
                        + "; extracts carry customer_key only unless they set contacts = true");
            }
        };
        long count;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(local), 1 << 16)) {
            count = switch (extract.format()) {
                case CSV -> ExtractWriters.writeCsv(rows.schema(), rows.toLocalIterator(), out, check);
                case XLSX -> ExtractWriters.writeXlsx(extract.name(), rows.schema(), rows.toLocalIterator(), out, check, runDate);
            };
        }
        return new Written(extract.name(), extract.destination(), file, extract.format().extension(), count, Files.size(local),
                sha256(local), local);
    }

    /** Puts {@code local} at {@code destination/file}, replacing what is there, without a moment of a partial file. */
    public static void place(Path local, String destination, String file, Configuration hadoop) throws IOException {
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(destination);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(folder, file);
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(local.toUri());
        // an instance of our own: no .crc side files in people's folders, and Spark's cached instance is left alone
        try (FileSystem fs = FileSystem.newInstance(target.toUri(), hadoop)) {
            fs.setWriteChecksum(false);
            fs.mkdirs(folder);
            if ("s3a".equals(fs.getScheme())) {
                fs.copyFromLocalFile(false, true, source, target);
                return;
            }
            org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(folder, "." + file + ".writing");
            fs.copyFromLocalFile(false, true, source, temporary);
            if (!fs.rename(temporary, target)) {
                // file systems that do not rename over an existing file (HDFS): the old one goes first
                fs.delete(target, false);
                if (!fs.rename(temporary, target)) {
                    throw new IOException("cannot rename " + temporary + " to " + target);
                }
            }
        }
    }

    /** The manifest of a destination folder for a run date: every file with its extract, rows, bytes and sha256. */
    public static String manifest(LocalDate runDate, List<Written> files) {
        StringBuilder json = new StringBuilder("{\n  \"run_date\": \"").append(runDate).append("\",\n  \"files\": [");
        List<Written> sorted = files.stream().sorted(Comparator.comparing(Written::file)).toList();
        for (int i = 0; i < sorted.size(); i++) {
            Written w = sorted.get(i);
            json.append(i == 0 ? "\n" : ",\n").append("    {\"file\": ").append(jsonString(w.file()))
                    .append(", \"extract\": ").append(jsonString(w.extract()))
                    .append(", \"format\": ").append(jsonString(w.format()))
                    .append(", \"rows\": ").append(w.rows())
                    .append(", \"bytes\": ").append(w.bytes())
                    .append(", \"sha256\": ").append(jsonString(w.sha256())).append('}');
        }
        return json.append(sorted.isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
    }

    /**
     * The manifest of {@code destination} for the run date, written to a file in {@code localDir}:
     * the files written now, plus the entries of an earlier manifest of the same date whose files
     * were not rewritten and are still there (so writing one extract with {@code bin/ltvlake extract}
     * does not drop the others of the night from a shared folder).
     */
    public static Path writeManifest(Path localDir, String destination, LocalDate runDate, List<Written> files,
                                     Configuration hadoop) throws IOException {
        List<Written> entries = new java.util.ArrayList<>(files);
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(destination);
        org.apache.hadoop.fs.Path existing = new org.apache.hadoop.fs.Path(folder, manifestName(runDate));
        FileSystem fs = existing.getFileSystem(hadoop);
        if (fs.exists(existing)) {
            com.fasterxml.jackson.databind.JsonNode earlier;
            try (InputStream in = fs.open(existing)) {
                earlier = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            }
            for (com.fasterxml.jackson.databind.JsonNode entry : earlier.path("files")) {
                String file = entry.path("file").asText();
                if (files.stream().noneMatch(w -> w.file().equals(file)) && fs.exists(new org.apache.hadoop.fs.Path(folder, file))) {
                    entries.add(new Written(entry.path("extract").asText(), destination, file, entry.path("format").asText(),
                            entry.path("rows").asLong(), entry.path("bytes").asLong(), entry.path("sha256").asText(), null));
                }
            }
        }
        Path dir = Files.createDirectories(localDir.resolve("manifests").resolve(Integer.toHexString(destination.hashCode())));
        Path local = dir.resolve(manifestName(runDate));
        Files.writeString(local, manifest(runDate, entries), StandardCharsets.UTF_8);
        return local;
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A JSON string literal (manifests; also what tests use to write JSON). */
    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
