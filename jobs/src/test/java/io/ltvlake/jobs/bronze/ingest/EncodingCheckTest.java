package io.ltvlake.jobs.bronze.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import io.ltvlake.common.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming decoder and the encoding guess, on bytes made with Java's own encoders; the check over many files on Spark. */
class EncodingCheckTest {

    static final Charset CP1251 = Charset.forName("windows-1251");

    private static Optional<EncodingCheck.Invalid> scan(byte[] bytes, Charset declared) throws IOException {
        return EncodingCheck.scan("f.csv", new ByteArrayInputStream(bytes), declared);
    }

    @Test
    void validUtf8PassesAndTheFirstBadByteIsFoundAcrossBufferBoundaries() throws IOException {
        String russian = "order_id,product_name\nO1,Телевизор Рубин\nO2,Чайник Ёлка\n";
        assertEquals(Optional.empty(), scan(russian.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));

        // "order_id,product_name\nO1," is 25 ASCII bytes: the first Cyrillic letter is byte 25
        EncodingCheck.Invalid cyrillic = scan(russian.getBytes(CP1251), StandardCharsets.UTF_8).orElseThrow();
        assertEquals(25, cyrillic.byteOffset());
        assertEquals(Optional.of("windows-1251"), cyrillic.looksLike());

        // a bad byte beyond the first 64 KB buffer: its offset counts every byte before it
        byte[] padded = ("x".repeat(70_000) + "Müller\n").getBytes(StandardCharsets.ISO_8859_1);
        EncodingCheck.Invalid latin = scan(padded, StandardCharsets.UTF_8).orElseThrow();
        assertEquals(70_001, latin.byteOffset(), "x × 70000, then M, then ü");
        assertEquals(Optional.of("ISO-8859-1"), latin.looksLike());

        // a UTF-8 sequence cut by the end of the file is invalid too: the offset of its first byte
        byte[] cut = "ab€".getBytes(StandardCharsets.UTF_8);
        assertEquals(2, scan(java.util.Arrays.copyOf(cut, cut.length - 1), StandardCharsets.UTF_8).orElseThrow().byteOffset());
    }

    @Test
    void declaredSingleByteEncodingsAreCheckedAsDeclared() throws IOException {
        String names = "Иван Петров;José Müller\n";
        assertEquals(Optional.empty(), scan("Иван Петров\n".getBytes(CP1251), CP1251));
        assertEquals(Optional.empty(), scan("José Müller, Françoise\n".getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.ISO_8859_1));
        // 0x98 is the one byte windows-1251 does not define
        assertEquals(3, scan(new byte[] {'a', 'b', 'c', (byte) 0x98}, CP1251).orElseThrow().byteOffset());
        assertEquals(Optional.empty(), scan(names.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void theGuessTellsCyrillicFromAccentedLatinAndDamagedUtf8() {
        assertEquals(Optional.of("windows-1251"), EncodingCheck.looksLike(
                "Иван Петров, Мария Сидорова, Café".getBytes(CP1251)));
        assertEquals(Optional.of("ISO-8859-1"), EncodingCheck.looksLike(
                "José Müller, Françoise Lefèvre, Иван".getBytes(StandardCharsets.ISO_8859_1)));
        // windows-1252's curly quotes live in 0x80–0x9F, which ISO-8859-1 leaves to control codes
        assertEquals(Optional.of("windows-1252"), EncodingCheck.looksLike(
                "“José Müller”".getBytes(Charset.forName("windows-1252"))));
        // mostly valid UTF-8 with one stray byte: not another encoding, a damaged file
        byte[] utf8 = "Иван Петров, Мария Сидорова".getBytes(StandardCharsets.UTF_8);
        utf8[3] = (byte) 0xFF;
        assertEquals(Optional.empty(), EncodingCheck.looksLike(utf8));
    }

    @Test
    void everyBadFileIsFoundWhenEachTaskReadsSeveralFilesCompressedOrNot(@TempDir Path folder) throws IOException {
        // 30 files and at most four tasks per core: on the test session's cores each task reads several files
        String utf8 = "order_id,product_name\nO1,Телевизор\n";
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            boolean compressed = i % 5 == 0;
            Path file = folder.resolve(String.format("day-%02d.csv", i) + (compressed ? ".gz" : ""));
            // files 07 (plain) and 20 (gzip) are windows-1251; the first Cyrillic byte follows 25 ASCII bytes
            byte[] bytes = utf8.getBytes(i == 7 || i == 20 ? CP1251 : StandardCharsets.UTF_8);
            if (compressed) {
                try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                    out.write(bytes);
                }
            } else {
                Files.write(file, bytes);
            }
            paths.add(file.toUri().toString());
        }
        java.util.Collections.reverse(paths);

        List<EncodingCheck.Invalid> invalid = EncodingCheck.check(TestSpark.session(), paths, StandardCharsets.UTF_8);

        assertEquals(List.of(folder.resolve("day-07.csv").toUri().toString(), folder.resolve("day-20.csv.gz").toUri().toString()),
                invalid.stream().map(EncodingCheck.Invalid::path).toList(), "in path order, whatever the order given");
        assertEquals(List.of(25L, 25L), invalid.stream().map(EncodingCheck.Invalid::byteOffset).toList(),
                "offsets in the uncompressed bytes");
        assertEquals(List.of(), EncodingCheck.check(TestSpark.session(), paths, CP1251), "every file is valid windows-1251");
    }
}
