package io.ltvlake.common.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Row helpers for transforms that compute per-row values in Java (map, flatMapGroups). */
public final class Rows {

    private Rows() {}

    /** The row's values followed by {@code extra}, for an output schema that is the input's plus new columns. */
    public static Row appended(Row row, Object... extra) {
        Object[] values = new Object[row.size() + extra.length];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        System.arraycopy(extra, 0, values, row.size(), extra.length);
        return RowFactory.create(values);
    }
}
