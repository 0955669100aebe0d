package io.ltvlake.common.lake;

import java.util.List;

/**
 * Everything the lake knows about a Delta table besides its rows: grain (one row per …),
 * primary key, partition columns and a comment. Stored as table properties, listed in the
 * README's catalogue, and used by publish for keys and comments.
 */
public record TableSpec(TableRef ref, String grain, List<String> primaryKey, List<String> partitionColumns,
                        String comment) {

    public TableSpec {
        primaryKey = List.copyOf(primaryKey);
        partitionColumns = List.copyOf(partitionColumns);
    }

    public static TableSpec of(String qualifiedName, String grain, List<String> primaryKey, String comment) {
        return new TableSpec(TableRef.parse(qualifiedName), grain, primaryKey, List.of(), comment);
    }

    public TableSpec partitionedBy(String... columns) {
        return new TableSpec(ref, grain, primaryKey, List.of(columns), comment);
    }

    public String name() {
        return ref.toString();
    }
}
