package io.ltvlake.jobs.bronze.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** The landing area as files: export day folders, the files of an entity, their fingerprints and CSV headers. */
public final class LandingFiles {

    /** A landing file as listed: enough to tell whether it changed since it was ingested. */
    record LandingFile(String path, String name, long size, long modifiedAt) {}

    private final Configuration hadoop;
    /** Built once: it scans the codec classes, which costs more than reading a header. */
    private final CompressionCodecFactory codecs;
    /** Each export day folder is listed once per run, not once per entity. */
    private final java.util.Map<String, List<FileStatus>> listings = new java.util.HashMap<>();

    public LandingFiles(Configuration hadoop) {
        this.hadoop = hadoop;
        this.codecs = new CompressionCodecFactory(hadoop);
    }

    /**
     * An export day folder as listed in its parent. {@code modifiedAt}: its modification time in epoch
     * milliseconds, or null when it tells nothing (see {@link #exportDays}).
     */
    record DayFolder(LocalDate day, String path, Long modifiedAt) {}

    /** The coarsest clock tick of common file systems: a folder time younger than this may not move on the next change. */
    static final long SETTLED_MILLIS = 2_000;

    /**
     * Export day folders (named YYYY-MM-DD) under {@code landing}, up to and including {@code upTo}, oldest
     * first, from one listing of {@code landing}. A folder's time is kept only on a file system whose
     * scheme {@code trustsFolderTimes}, and only when it lies at least {@link #SETTLED_MILLIS} before this
     * listing began: s3a makes up the current time for every folder, some stores give 0, and a folder
     * changed just before the listing may change again within the same clock tick (1 s on ext3 and HFS+,
     * 2 s on FAT) without its time moving. Those are null, so the folder is listed again next time.
     */
    List<DayFolder> exportDays(String landing, LocalDate upTo, java.util.function.Predicate<String> trustsFolderTimes) {
        Path root = new Path(landing);
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            long listingStarted = System.currentTimeMillis();
            if (!fs.exists(root)) {
                return List.of();
            }
            boolean trusted = trustsFolderTimes.test(fs.getUri().getScheme());
            List<DayFolder> days = new ArrayList<>();
            for (FileStatus status : fs.listStatus(root)) {
                if (status.isDirectory()) {
                    long modifiedAt = status.getModificationTime();
                    Long time = trusted && modifiedAt > 0 && modifiedAt <= listingStarted - SETTLED_MILLIS ? modifiedAt : null;
                    parseDay(status.getPath().getName()).filter(d -> !d.isAfter(upTo))
                            .ifPresent(day -> days.add(new DayFolder(day, landing + "/" + day, time)));
                }
            }
            days.sort(Comparator.comparing(DayFolder::day));
            return days;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list landing folder " + landing, e);
        }
    }

    public boolean exists(String path) {
        Path p = new Path(path);
        try {
            return p.getFileSystem(hadoop).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }

    /** The files directly in {@code folder} (or {@code folder} itself, if it is a file) whose names match the glob. */
    List<LandingFile> files(String folder, String glob) {
        Path root = new Path(folder);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try {
            List<LandingFile> result = new ArrayList<>();
            for (FileStatus status : listing(root)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")
                        && matcher.matches(java.nio.file.Path.of(name))) {
                    result.add(new LandingFile(status.getPath().toString(), name, status.getLen(), status.getModificationTime()));
                }
            }
            result.sort(Comparator.comparing(LandingFile::path));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private List<FileStatus> listing(Path folder) throws IOException {
        List<FileStatus> cached = listings.get(folder.toString());
        if (cached == null) {
            FileSystem fs = folder.getFileSystem(hadoop);
            cached = fs.exists(folder) ? List.of(fs.listStatus(folder)) : List.of();
            listings.put(folder.toString(), cached);
        }
        return cached;
    }

    /** Names, sizes and modification times: a changed, added or removed file changes it. */
    static String fingerprint(List<LandingFile> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (LandingFile f : files) {
                digest.update((f.name() + "|" + f.size() + "|" + f.modifiedAt() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Header reads in flight at once: on an object store each is a request, and a first load makes thousands. */
    static final int HEADER_READERS = 16;

    /**
     * The headers of {@code paths} ({@link #csvHeader}), in their order, read by up to {@value #HEADER_READERS}
     * threads: on an object store a header costs a request's latency, not its bytes, and one after the other they
     * added up to minutes on the driver. A file that cannot be read fails the call, the first in the given order.
     */
    List<List<String>> csvHeaders(List<String> paths, char delimiter, java.nio.charset.Charset encoding) {
        if (paths.size() < 2) {
            return paths.stream().map(path -> csvHeader(path, delimiter, encoding)).toList();
        }
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(HEADER_READERS, paths.size()), task -> {
                    Thread thread = new Thread(task, "landing header reader");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<java.util.concurrent.Future<List<String>>> reads = new ArrayList<>();
            for (String path : paths) {
                reads.add(readers.submit(() -> csvHeader(path, delimiter, encoding)));
            }
            List<List<String>> headers = new ArrayList<>();
            for (java.util.concurrent.Future<List<String>> read : reads) {
                headers.add(read.get());
            }
            return headers;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unreadable) {
                throw unreadable;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the headers of the landing files", e);
        } finally {
            readers.shutdownNow();
        }
    }

    /** A landing file's bytes, decompressed when its name ends in a codec's extension ({@code .gz}, {@code .bz2}, …). */
    InputStream open(String path) throws IOException {
        Path p = new Path(path);
        CompressionCodec codec = codecs.getCodec(p);
        InputStream raw = p.getFileSystem(hadoop).open(p);
        try {
            return codec == null ? raw : codec.createInputStream(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The header line of a CSV file (decompressed if needed, in its encoding), split on the delimiter; empty for an empty file. */
    List<String> csvHeader(String path, char delimiter, java.nio.charset.Charset encoding) {
        try {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(path), encoding))) {
                String line = reader.readLine();
                if (line == null) {
                    return List.of();
                }
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                return splitHeader(line, delimiter);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the header of " + path, e);
        }
    }

    static List<String> splitHeader(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == delimiter && !quoted) {
                fields.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString().trim());
        return fields;
    }

    private static Optional<LocalDate> parseDay(String name) {
        if (!name.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(name));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
