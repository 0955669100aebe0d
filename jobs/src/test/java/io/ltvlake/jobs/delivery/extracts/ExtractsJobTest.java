package io.ltvlake.jobs.delivery.extracts;

import io.ltvlake.common.testing.LakeSeeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.job.JobContext;
import io.ltvlake.common.job.JobResult;
import io.ltvlake.common.lake.Lake;
import io.ltvlake.common.testing.TestSpark;
import io.ltvlake.jobs.TestJobs;
import io.ltvlake.jobs.delivery.PersonalDataCheck;
import io.ltvlake.jobs.gold.deals.DealsJob;
import io.ltvlake.jobs.gold.deals.DealsTables;
import io.ltvlake.jobs.gold.rfm.RfmJob;
import io.ltvlake.jobs.gold.rfm.RfmTables;
import io.ltvlake.jobs.silver.ConformJob;
import io.ltvlake.jobs.silver.SilverTables;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtractsJobTest {

    /** A Monday and the month end (also a Monday), a Tuesday. */
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final LocalDate MONTH_END = LocalDate.of(2026, 11, 30);
    private static final LocalDate TUESDAY = LocalDate.of(2026, 11, 24);

    private static final StructType SUMMARY = new StructType().add("snapshot_date", DataTypes.DateType)
            .add("segment", DataTypes.StringType).add("segment_name", DataTypes.StringType)
            .add("customers", DataTypes.LongType).add("revenue", DataTypes.createDecimalType(18, 2))
            .add("customer_share", DataTypes.DoubleType);
    private static final StructType RFM = new StructType().add("snapshot_date", DataTypes.DateType)
            .add("customer_key", DataTypes.StringType).add("monetary", DataTypes.createDecimalType(18, 2))
            .add("segment", DataTypes.StringType).add("segment_name", DataTypes.StringType);
    private static final StructType CUSTOMERS = new StructType().add("customer_key", DataTypes.StringType)
            .add("phone", DataTypes.StringType).add("email", DataTypes.StringType).add("is_contactable", DataTypes.BooleanType);
    private static final StructType DEALS = new StructType().add("deal_id", DataTypes.StringType)
            .add("customer_key", DataTypes.StringType).add("opened_at", DataTypes.TimestampType)
            .add("is_lead_magnet_deal", DataTypes.BooleanType);

    private static Path lakeRoot;
    private static Path inbox;

    private static Dataset<Row> rows(StructType schema, Object[]... values) {
        return TestSpark.session().createDataFrame(Arrays.stream(values).map(RowFactory::create).toList(), schema);
    }

    private static java.sql.Date date(String day) {
        return java.sql.Date.valueOf(day);
    }

    /** One lake for the class (Delta writes are the slow part); each test writes to its own folders. */
    @BeforeAll
    static void lake() {
        TestJobs jobs = new TestJobs();
        lakeRoot = jobs.root;
        for (LocalDate day : List.of(MONDAY, MONTH_END, TUESDAY)) {
            assertEquals(day.equals(TUESDAY) ? java.time.DayOfWeek.TUESDAY : java.time.DayOfWeek.MONDAY, day.getDayOfWeek());
        }
        LakeSeeds.seed(jobs.lake, RfmTables.SEGMENT_SUMMARY, rows(SUMMARY,
                new Object[] {date("2026-11-23"), "champions", "Champions", 2L, new BigDecimal("1500.00"), 0.4},
                new Object[] {date("2026-11-23"), "at_risk", "At Risk", 3L, new BigDecimal("320.5"), 0.6},
                new Object[] {date("2026-11-30"), "cant_lose_them", "Can't Lose Them, \"really\"", 1L, new BigDecimal("99.99"), 1.0},
                new Object[] {date("2026-10-31"), "champions", "Champions", 9L, new BigDecimal("1.00"), 1.0}));
        LakeSeeds.seed(jobs.lake, RfmTables.CUSTOMER_RFM, rows(RFM,
                new Object[] {date("2026-11-30"), "c1", new BigDecimal("700.00"), "at_risk", "At Risk"},
                new Object[] {date("2026-11-30"), "c2", new BigDecimal("1200.10"), "at_risk", "At Risk"},
                new Object[] {date("2026-11-30"), "c3", new BigDecimal("50.00"), "champions", "Champions"},
                new Object[] {date("2026-11-30"), "c4", new BigDecimal("10.00"), "at_risk", "At Risk"},
                new Object[] {date("2026-11-30"), "c5", new BigDecimal("5000.00"), "at_risk", "At Risk"}));
        LakeSeeds.seed(jobs.lake, SilverTables.CUSTOMERS, rows(CUSTOMERS,
                new Object[] {"c1", "+79161234567", "anna@example.org", true},
                new Object[] {"c2", null, "boris@example.org", true},
                new Object[] {"c3", null, "vera@example.org", true},
                new Object[] {"c4", "+79160000000", null, true},
                // unsubscribed (or never consented): no contact list may carry them, whatever its query says
                new Object[] {"c5", null, "gleb@example.org", false}));
        LakeSeeds.seed(jobs.lake, DealsTables.DEALS, rows(DEALS,
                new Object[] {"shop:1", "c1", java.sql.Timestamp.from(java.time.Instant.parse("2026-11-29T21:30:00Z")), true},
                new Object[] {"shop:2", "c2", null, false}));
        inbox = TestSpark.tempDir("ltvlake-inbox");
    }

    /** Job contexts on the shared lake with these extracts configured (HOCON list items). */
    private record Contexts(io.ltvlake.common.config.Settings settings) {
        JobContext context(LocalDate date) {
            return new JobContext(date, settings, TestSpark.session(), new Lake(TestSpark.session(), settings.lakeRoot()),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        }
    }

    private static Contexts withExtracts(String... extracts) {
        return new Contexts(TestSpark.settings(Map.of("lake.root", "\"" + lakeRoot + "\"",
                "extracts.list", "[" + String.join(",", extracts) + "]")));
    }

    private static ExtractsJob job() {
        return new ExtractsJob(List.of(new ConformJob(), new DealsJob(), new RfmJob()));
    }

    private static final String SEGMENTS = """
            { name = segments, mart = gold.rfm_segment_summary, filter = "snapshot_date = {run_date}",
              columns = [segment_name, customers, revenue, customer_share], order-by = ["revenue desc"],
              format = csv, schedule = "weekly on monday", destination = "%s" }""";
    private static final String WIN_BACK = """
            { name = win-back, format = xlsx, schedule = "monthly on last", destination = "%s", contacts = true,
              sql = "select r.customer_key, c.email, r.monetary, r.snapshot_date from gold.customer_rfm r join silver.customers c on c.customer_key = r.customer_key where r.snapshot_date = {run_date} and r.segment = 'at_risk' and c.email is not null",
              order-by = ["monetary desc"] }""";
    private static final String DEALS_XLSX = """
            { name = deals, mart = gold.deals, format = xlsx, schedule = daily, destination = "%s" }""";

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void csvHasTheByteOrderMarkAndTheManifestItsRowsAndSha256() throws Exception {
        Path folder = inbox.resolve("csv");
        Contexts jobs = withExtracts(SEGMENTS.formatted(folder));
        JobResult result = job().run(jobs.context(MONDAY));

        assertEquals(List.of("manifest_2026-11-23.json", "segments_2026-11-23.csv"), files(folder), "no temp or .crc files");
        byte[] bytes = Files.readAllBytes(folder.resolve("segments_2026-11-23.csv"));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3), "UTF-8 byte-order mark");
        // the two rows of 2026-11-23, revenue descending; decimals with their scale, CRLF line ends
        assertEquals("segment_name,customers,revenue,customer_share\r\n"
                + "Champions,2,1500.00,0.4\r\n"
                + "At Risk,3,320.50,0.6\r\n", new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        assertEquals(2, result.rowsWritten());
        String manifest = Files.readString(folder.resolve("manifest_2026-11-23.json"));
        assertTrue(manifest.contains("\"run_date\": \"2026-11-23\""), manifest);
        assertTrue(manifest.contains("{\"file\": \"segments_2026-11-23.csv\", \"extract\": \"segments\", \"format\": \"csv\","
                + " \"rows\": 2, \"bytes\": " + bytes.length + ", \"sha256\": \"" + sha256(folder.resolve("segments_2026-11-23.csv"))
                + "\"}"), manifest);
    }

    @Test
    void csvQuotesWhatNeedsIt() throws Exception {
        Path folder = inbox.resolve("quoting");
        job().run(withExtracts(SEGMENTS.formatted(folder)).context(MONTH_END));
        String text = Files.readString(folder.resolve("segments_2026-11-30.csv"), StandardCharsets.UTF_8);
        assertEquals("\uFEFFsegment_name,customers,revenue,customer_share\r\n\"Can't Lose Them, \"\"really\"\"\",1,99.99,1.0\r\n", text);
    }

    @Test
    void xlsxOpensWithPoiAndHasTypedCells() throws Exception {
        Path folder = inbox.resolve("xlsx");
        job().run(withExtracts(WIN_BACK.formatted(folder), DEALS_XLSX.formatted(folder)).context(MONTH_END));
        assertEquals(List.of("deals_2026-11-30.xlsx", "manifest_2026-11-30.json", "win-back_2026-11-30.xlsx"), files(folder));

        try (InputStream in = Files.newInputStream(folder.resolve("win-back_2026-11-30.xlsx")); XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheetAt(0);
            assertEquals("win-back", sheet.getSheetName());
            assertEquals("customer_key|email|monetary|snapshot_date", header(sheet));
            // at-risk customers with an e-mail as of 2026-11-30, monetary descending: c2 (1200.10), c1 (700.00); c4 has none,
            // c5 (5000.00) is not contactable, though the extract's query does not ask
            assertEquals(2, sheet.getLastRowNum());
            Cell key = sheet.getRow(1).getCell(0);
            Cell monetary = sheet.getRow(1).getCell(2);
            Cell snapshot = sheet.getRow(1).getCell(3);
            assertEquals(CellType.STRING, key.getCellType());
            assertEquals("c2", key.getStringCellValue());
            assertEquals("boris@example.org", sheet.getRow(1).getCell(1).getStringCellValue(), "a contact list opted in");
            assertEquals(CellType.NUMERIC, monetary.getCellType());
            assertEquals(1200.10, monetary.getNumericCellValue(), 1e-9);
            assertEquals("#,##0.00", monetary.getCellStyle().getDataFormatString());
            assertEquals(CellType.NUMERIC, snapshot.getCellType());
            assertTrue(DateUtil.isCellDateFormatted(snapshot), "a date cell");
            assertEquals(java.time.LocalDateTime.of(2026, 11, 30, 0, 0), snapshot.getLocalDateTimeCellValue());
            assertEquals(700.0, sheet.getRow(2).getCell(2).getNumericCellValue(), 1e-9);
            assertEquals("2026-11-30T00:00Z", book.getProperties().getCoreProperties().getCreated().toInstant().toString()
                    .replace(":00Z", "Z"), "created on the run date, not the wall clock");
        }
        try (InputStream in = Files.newInputStream(folder.resolve("deals_2026-11-30.xlsx")); XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheetAt(0);
            assertEquals("deal_id|customer_key|opened_at|is_lead_magnet_deal", header(sheet));
            Cell opened = sheet.getRow(1).getCell(2);
            assertTrue(DateUtil.isCellDateFormatted(opened));
            assertEquals(java.time.LocalDateTime.of(2026, 11, 29, 21, 30), opened.getLocalDateTimeCellValue(), "UTC wall clock");
            assertEquals(CellType.BOOLEAN, sheet.getRow(1).getCell(3).getCellType());
            assertTrue(sheet.getRow(1).getCell(3).getBooleanCellValue());
            assertEquals(null, sheet.getRow(2).getCell(2), "null stays an empty cell");
        }
    }

    private static String header(Sheet sheet) {
        StringBuilder out = new StringBuilder();
        sheet.getRow(0).forEach(c -> out.append(out.length() == 0 ? "" : "|").append(c.getStringCellValue()));
        return out.toString();
    }

    @Test
    void aRerunForTheSameDateWritesTheSameBytesAndOnlyDueExtractsAreWritten() throws Exception {
        Path folder = inbox.resolve("rerun");
        Contexts jobs = withExtracts(SEGMENTS.formatted(folder), WIN_BACK.formatted(folder), DEALS_XLSX.formatted(folder));
        job().run(jobs.context(TUESDAY));
        assertEquals(List.of("deals_2026-11-24.xlsx", "manifest_2026-11-24.json"), files(folder), "only the daily one on a Tuesday");

        job().run(jobs.context(MONTH_END));
        Map<String, String> first = new TreeMap<>();
        for (String file : files(folder)) {
            first.put(file, sha256(folder.resolve(file)));
        }
        assertEquals(List.of("deals_2026-11-24.xlsx", "deals_2026-11-30.xlsx", "manifest_2026-11-24.json", "manifest_2026-11-30.json",
                "segments_2026-11-30.csv", "win-back_2026-11-30.xlsx"), List.copyOf(first.keySet()));
        Thread.sleep(2_100); // zip entry times have 2-second steps: a clock in the files would show
        job().run(jobs.context(MONTH_END));
        Map<String, String> second = new TreeMap<>();
        for (String file : files(folder)) {
            second.put(file, sha256(folder.resolve(file)));
        }
        assertEquals(first, second, "the same bytes, XLSX included");
    }

    @Test
    void anExtractThatReadsContactsWithoutOptingInIsRefusedBeforeAnythingRuns() throws Exception {
        Path folder = inbox.resolve("refused");
        // no contact column is named in the config, so only the query's plan shows it
        Contexts jobs = withExtracts(DEALS_XLSX.formatted(folder),
                "{ name = everything, sql = \"select * from silver.customers\", format = csv, schedule = daily, destination = \""
                        + folder + "\" }");
        PersonalDataCheck.Refused refused = assertThrows(PersonalDataCheck.Refused.class, () -> job().validate(jobs.context(MONDAY)));
        assertTrue(refused.getMessage().contains("extract 'everything' reads contact columns [phone, email]"), refused.getMessage());
        assertThrows(PersonalDataCheck.Refused.class, () -> job().run(jobs.context(MONDAY)));
        assertFalse(Files.exists(folder), "nothing written, not even the allowed extract");

        // a query that selects everything in a subquery but uses only customer_key reads no contacts
        Contexts pruned = withExtracts("{ name = keys, sql = \"select customer_key from (select * from silver.customers)\","
                + " format = csv, schedule = daily, destination = \"" + folder + "\" }");
        job().validate(pruned.context(MONDAY));
        assertEquals(java.util.Set.of("phone"), PersonalDataCheck.contactColumnsRead(TestSpark.session().sql(
                "select customer_key, upper(phone) as shouting from silver.customers")), "a renamed contact is still read");
    }

    @Test
    void aContactValueInAnOrdinaryExtractIsRefusedAndNothingIsPlaced() throws Exception {
        Path folder = inbox.resolve("value");
        Contexts jobs = withExtracts(DEALS_XLSX.formatted(folder), "{ name = disguised, sql = \"select customer_key,"
                + " concat('anna', '@', 'example.org') as note from gold.deals\", format = csv, schedule = daily, destination = \""
                + folder + "\" }");
        job().validate(jobs.context(MONDAY));
        PersonalDataCheck.Refused refused = assertThrows(PersonalDataCheck.Refused.class, () -> job().run(jobs.context(MONDAY)));
        assertEquals("extract 'disguised': column note holds an e-mail address; extracts carry customer_key only unless they set"
                + " contacts = true", refused.getMessage());
        assertFalse(Files.exists(folder));
    }

    @Test
    void aContactListWithoutCustomerKeyIsRefusedBeforeAnythingRuns() {
        Contexts jobs = withExtracts("{ name = mailing, sql = \"select email from silver.customers\", format = csv,"
                + " schedule = daily, contacts = true, destination = \"" + inbox.resolve("mailing") + "\" }");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> job().validate(jobs.context(MONDAY)));
        assertEquals("extract 'mailing': extract 'mailing' is a contact list (contacts = true) but its rows have no customer_key"
                + " column, which the consent and unsubscribe rule needs: select it", error.getMessage());
    }

    @Test
    void aQueryMistakeNamesTheExtractBeforeAnythingRuns() {
        Contexts jobs = withExtracts("{ name = typo, mart = gold.rfm_segment_summary, columns = [segmnt], format = csv,"
                + " schedule = daily, destination = \"" + inbox.resolve("typo") + "\" }");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> job().validate(jobs.context(MONDAY)));
        assertTrue(error.getMessage().startsWith("extract 'typo': "), error.getMessage());
        assertTrue(error.getMessage().contains("segmnt"), error.getMessage());
    }
}
