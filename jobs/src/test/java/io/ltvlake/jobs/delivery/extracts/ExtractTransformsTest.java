package io.ltvlake.jobs.delivery.extracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ltvlake.common.testing.TestSpark;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ExtractTransformsTest {

    private static final StructType SCHEMA = new StructType().add("day", DataTypes.DateType).add("segment", DataTypes.StringType)
            .add("revenue", DataTypes.IntegerType);

    private static Dataset<Row> rows() {
        return TestSpark.session().createDataFrame(List.of(
                RowFactory.create(java.sql.Date.valueOf("2026-11-30"), "b", 10),
                RowFactory.create(java.sql.Date.valueOf("2026-11-30"), "a", 10),
                RowFactory.create(java.sql.Date.valueOf("2026-11-30"), "c", null),
                RowFactory.create(java.sql.Date.valueOf("2026-11-30"), "d", 30),
                RowFactory.create(java.sql.Date.valueOf("2026-10-31"), "e", 99)), SCHEMA);
    }

    private static List<String> shaped(List<String> columns, Optional<String> filter, List<String> orderBy) {
        return ExtractTransforms.shape(rows(), columns, filter, orderBy, LocalDate.of(2026, 11, 30)).collectAsList().stream()
                .map(Row::toString).toList();
    }

    @Test
    void theRunDateBecomesADateLiteral() {
        assertEquals("day = DATE'2026-11-30' or day < DATE'2026-11-30'",
                ExtractTransforms.withRunDate("day = {run_date} or day < {run_date}", LocalDate.of(2026, 11, 30)));
    }

    @Test
    void filterOnAColumnNotExtractedThenOrderWithTiesBrokenByEveryColumn() {
        // the run date keeps a, b, c, d; revenue desc puts d (30) first, the tie a/b (10) is broken by segment, null last
        assertEquals(List.of("[d,30]", "[a,10]", "[b,10]", "[c,null]"),
                shaped(List.of("segment", "revenue"), Optional.of("day = {run_date}"), List.of("revenue DESC")));
        assertEquals(List.of("[c,null]", "[a,10]", "[b,10]", "[d,30]"),
                shaped(List.of("segment", "revenue"), Optional.of("day = {run_date}"), List.of("revenue asc nulls first")));
        assertEquals(List.of("[d,30]", "[a,10]", "[b,10]", "[c,null]"),
                shaped(List.of("segment", "revenue"), Optional.of("day = {run_date}"), List.of("coalesce(revenue, 0) * -1")));
    }

    @Test
    void withoutAnOrderEveryColumnSortsInTheirOrder() {
        assertEquals(Arrays.asList("[2026-10-31,e,99]", "[2026-11-30,a,10]", "[2026-11-30,b,10]", "[2026-11-30,c,null]",
                "[2026-11-30,d,30]"), shaped(List.of(), Optional.empty(), List.of()));
    }

    @Test
    void csvQuotingAndFormulaDefusing() {
        assertEquals("plain", ExtractWriters.csvField("plain"));
        assertEquals("\"a,b\"", ExtractWriters.csvField("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ExtractWriters.csvField("say \"hi\""));
        assertEquals("\" padded\"", ExtractWriters.csvField(" padded"));
        assertEquals("'=HYPERLINK(\"x\")", ExtractWriters.defused("=HYPERLINK(\"x\")"));
        assertEquals("'@SUM(A1)", ExtractWriters.defused("@SUM(A1)"));
        assertEquals("'+1+cmd|' /C calc'!A0", ExtractWriters.defused("+1+cmd|' /C calc'!A0"));
        assertEquals("+7 916 123-45-67", ExtractWriters.defused("+7 916 123-45-67"), "a phone stays as it is");
        assertEquals("-12.5", ExtractWriters.defused("-12.5"));
    }
}
