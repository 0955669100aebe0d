package io.ltvlake.jobs.bronze.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Checks that landing files are valid in the encoding their profile declares, before they are
 * read: Spark's readers replace bytes they cannot decode with U+FFFD and say nothing.
 *
 * <p>The check runs on the executors, each task streaming its share of the files (decompressed if
 * needed) through a strict decoder in 64 KB buffers: memory stays constant whatever the file size,
 * the bytes are read where the data is (not pulled through the driver), and only a line per bad
 * file comes back. It costs one extra read of the new or changed days' files, nothing for days
 * already ingested.
 */
final class EncodingCheck {

    /**
     * A file that is not valid in its declared encoding: the first bad byte (of the uncompressed content) and a
     * guess (null when none), kept as a plain string because the record travels back from the executors.
     */
    record Invalid(String path, long byteOffset, String guess) implements Serializable {
        Optional<String> looksLike() {
            return Optional.ofNullable(guess);
        }
    }

    /** How much of a bad file is sampled to guess its encoding. */
    static final int SAMPLE_BYTES = 1 << 20;

    /**
     * Tasks per core of the check. A task per file (what {@code binaryFiles} gives) cost more than the reading:
     * a first load has thousands of small files, and each task built a Hadoop configuration from its XML
     * resources and serialised another into the file's stream. A few tasks per core keep the cores busy while
     * one slow file delays only its own task's share.
     */
    private static final int TASKS_PER_CORE = 4;

    private EncodingCheck() {}

    /** The files of {@code paths} that are not valid {@code encoding}, in path order. */
    static List<Invalid> check(SparkSession spark, List<String> paths, Charset encoding) {
        if (paths.isEmpty()) {
            return List.of();
        }
        String charset = encoding.name();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int tasks = Math.min(paths.size(), Math.max(1, context.defaultParallelism()) * TASKS_PER_CORE);
        // the session's Hadoop settings (an object store's endpoint and keys among them), read once per task
        Broadcast<SerializableConfiguration> hadoop = context.broadcast(new SerializableConfiguration(context.hadoopConfiguration()));
        try {
            return context.parallelize(paths, tasks)
                    .mapPartitions(files -> {
                        LandingFiles landing = new LandingFiles(hadoop.value().value());
                        List<Invalid> invalid = new ArrayList<>();
                        while (files.hasNext()) {
                            String file = files.next();
                            try (InputStream in = landing.open(file)) {
                                scan(file, in, Charset.forName(charset)).ifPresent(invalid::add);
                            }
                        }
                        return invalid.iterator();
                    })
                    .collect().stream().sorted(java.util.Comparator.comparing(Invalid::path)).toList();
        } finally {
            hadoop.destroy();
        }
    }

    /** Streams {@code in} through a strict decoder; empty when every byte is valid. */
    static Optional<Invalid> scan(String path, InputStream in, Charset encoding) throws IOException {
        CharsetDecoder decoder = encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16).limit(0);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        long start = 0; // stream offset of the buffer's first byte
        boolean end = false;
        while (!end) {
            start += bytes.position();
            bytes.compact();
            int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
            end = read < 0;
            if (read > 0) {
                keep(sample, bytes.array(), bytes.position(), read);
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
            CoderResult result;
            do {
                chars.clear();
                result = decoder.decode(bytes, chars, end);
            } while (result.isOverflow());
            if (result.isError()) {
                long offset = start + bytes.position();
                byte[] rest = new byte[1 << 16];
                for (int n; sample.size() < SAMPLE_BYTES && (n = in.read(rest)) > 0; ) {
                    keep(sample, rest, 0, n);
                }
                return Optional.of(new Invalid(path, offset, looksLike(sample.toByteArray()).orElse(null)));
            }
        }
        return Optional.empty();
    }

    private static void keep(ByteArrayOutputStream sample, byte[] bytes, int from, int length) {
        sample.write(bytes, from, Math.min(length, SAMPLE_BYTES - sample.size()));
    }

    /**
     * A plausible encoding for bytes that are not UTF-8. Bytes 0xC0–0xFF are Cyrillic letters in
     * windows-1251 and accented Latin letters in ISO-8859-1, so the shape of words decides: Russian
     * words are runs of such bytes, Western words are ASCII letters with an accented one here and
     * there. Mostly valid UTF-8 sequences mean a damaged or mixed file, not another encoding.
     */
    static Optional<String> looksLike(byte[] sample) {
        int validSequences = 0;
        int strayBytes = 0;
        for (int i = 0; i < sample.length; i++) {
            int b = sample[i] & 0xFF;
            int continuation = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
            if (b < 0x80) {
                continue;
            }
            boolean valid = continuation > 0 && i + continuation < sample.length;
            for (int k = 1; valid && k <= continuation; k++) {
                valid = (sample[i + k] & 0xC0) == 0x80;
            }
            if (valid) {
                validSequences++;
                i += continuation;
            } else {
                strayBytes++;
            }
        }
        if (validSequences > strayBytes) {
            return Optional.empty();
        }
        int cyrillicWords = 0;
        int latinWords = 0;
        int controls = 0;
        int high = 0;
        int ascii = 0;
        for (int i = 0; i <= sample.length; i++) {
            int b = i < sample.length ? sample[i] & 0xFF : ' ';
            if (b >= 0x80 && b < 0xA0) {
                controls++;
            }
            if (b >= 0xC0) {
                high++;
            } else if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
                ascii++;
            } else {
                if (high >= 2 && high > ascii) {
                    cyrillicWords++;
                } else if (high >= 1 && ascii >= high) {
                    latinWords++;
                }
                high = 0;
                ascii = 0;
            }
        }
        if (cyrillicWords == 0 && latinWords == 0) {
            return Optional.empty();
        }
        // 0x80–0x9F are control codes in ISO-8859-1 but letters and quotes in windows-1252
        return Optional.of(cyrillicWords > latinWords ? "windows-1251" : controls > 0 ? "windows-1252" : "ISO-8859-1");
    }

    /** The error for the first bad file: where, and what to do. */
    static String describe(Invalid invalid, Charset declared, String profile, int moreFiles) {
        return "file " + invalid.path() + " is not valid " + declared.name() + " (the encoding profile '" + profile
                + "' declares): the first bad byte is at byte offset " + invalid.byteOffset()
                + invalid.looksLike().map(e -> "; looks like " + e + "; set encoding = \"" + e + "\" in the profile")
                        .orElse("; it may be damaged or mix encodings")
                + (moreFiles > 0 ? " (and " + moreFiles + " more file(s) of this entity)" : "") + ". Nothing was written.";
    }

}
