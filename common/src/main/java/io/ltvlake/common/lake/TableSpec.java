package io.ltvlake.common.lake;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the lake knows about a Delta table besides its rows: grain (one row per …),
 * primary key, partition columns, a comment and, optionally, a description per column.
 * Stored as table properties, listed in the README's catalogue, and used by publish for keys
 * and comments (the column docs become PostgreSQL column comments).
 */
public record TableSpec(TableRef ref, String grain, List<String> primaryKey, List<String> partitionColumns,
                        String comment, Map<String, String> columnDocs) {

    public TableSpec {
        primaryKey = List.copyOf(primaryKey);
        partitionColumns = List.copyOf(partitionColumns);
        // insertion order kept: docs read in the order they were written
        columnDocs = Collections.unmodifiableMap(new LinkedHashMap<>(columnDocs));
    }

    /** A table without column docs. */
    public TableSpec(TableRef ref, String grain, List<String> primaryKey, List<String> partitionColumns, String comment) {
        this(ref, grain, primaryKey, partitionColumns, comment, Map.of());
    }

    public static TableSpec of(String qualifiedName, String grain, List<String> primaryKey, String comment) {
        return new TableSpec(TableRef.parse(qualifiedName), grain, primaryKey, List.of(), comment);
    }

    public TableSpec partitionedBy(String... columns) {
        return new TableSpec(ref, grain, primaryKey, List.of(columns), comment, columnDocs);
    }

    /**
     * The same table with a description for some of its columns (column name to text). Give
     * the pairs in column order; docs for columns the table does not have are reported by publish.
     */
    public TableSpec documented(String... columnAndDoc) {
        if (columnAndDoc.length % 2 != 0) {
            throw new IllegalArgumentException("documented() takes column, doc pairs; got an odd number of strings for " + ref);
        }
        Map<String, String> docs = new LinkedHashMap<>(columnDocs);
        for (int i = 0; i < columnAndDoc.length; i += 2) {
            docs.put(columnAndDoc[i], columnAndDoc[i + 1]);
        }
        return new TableSpec(ref, grain, primaryKey, partitionColumns, comment, docs);
    }

    public String name() {
        return ref.toString();
    }
}
