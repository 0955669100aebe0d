package io.ltvlake.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ltvlake.common.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DatasetDiffTest {

    private final SparkSession spark = TestSpark.session();
    private final StructType schema = new StructType().add("id", DataTypes.StringType).add("value", DataTypes.DoubleType);

    private Dataset<Row> rows(Object[]... rows) {
        return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), schema);
    }

    @Test
    void countsRowsOnEachSideWithTheirMultiplicity() {
        // left a, b, b; right a, b, c: left has one b more, right has c
        Dataset<Row> left = rows(new Object[] {"a", 1.0}, new Object[] {"b", 2.0}, new Object[] {"b", 2.0});
        Dataset<Row> right = rows(new Object[] {"a", 1.0}, new Object[] {"b", 2.0}, new Object[] {"c", 3.0});
        assertEquals(new DatasetDiff.Difference(1, 1), DatasetDiff.between(left, right));
    }

    @Test
    void nullsAreEqualToNullsAndEmptySidesDifferByAllTheOthersRows() {
        // left a, null, null; right null, a, a: the nulls match, right has one a more
        Dataset<Row> left = rows(new Object[] {"a", null}, new Object[] {null, null}, new Object[] {null, null});
        Dataset<Row> right = rows(new Object[] {null, null}, new Object[] {null, null}, new Object[] {"a", null}, new Object[] {"a", null});
        assertEquals(new DatasetDiff.Difference(0, 1), DatasetDiff.between(left, right));
        assertEquals(new DatasetDiff.Difference(0, 4), DatasetDiff.between(left.limit(0), right));
        assertEquals(new DatasetDiff.Difference(0, 0), DatasetDiff.between(left.limit(0), right.limit(0)));
    }

    @Test
    void doublesThatDifferOnlyInTheLastBitsAreTheSameButRealDifferencesAreNot() {
        // 0.1 + 0.2 = 0.30000000000000004 in binary floating point: equal to 0.3 at 10 significant digits;
        // 1234567.891 against 1234567.892 differs in the 10th significant digit; -0.0 equals 0.0.
        Dataset<Row> left = rows(new Object[] {"sum", 0.1 + 0.2}, new Object[] {"big", 1234567.891}, new Object[] {"zero", -0.0});
        Dataset<Row> right = rows(new Object[] {"sum", 0.3}, new Object[] {"big", 1234567.892}, new Object[] {"zero", 0.0});
        assertEquals(new DatasetDiff.Difference(1, 1), DatasetDiff.between(left, right));
        assertTrue(DatasetDiff.between(left.filter("id <> 'big'"), right.filter("id <> 'big'")).same());
    }

    @Test
    void columnsAreMatchedByNameAndDifferentColumnsAreAnError() {
        Dataset<Row> left = rows(new Object[] {"a", 1.0});
        assertTrue(DatasetDiff.between(left, left.select("value", "id")).same());
        assertThrows(IllegalArgumentException.class, () -> DatasetDiff.between(left, left.select("id")));
    }
}
