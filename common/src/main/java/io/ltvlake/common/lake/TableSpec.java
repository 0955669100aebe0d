package io.ltvlake.common.lake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the lake knows about a Delta table besides its rows: grain (one row per …),
 * primary key, partition columns, a comment, optionally a description per column, and the
 * checks its rows must pass before a write commits ({@link Expectation}; the key's checks come
 * without declaring them), and what it is for incremental nights ({@link Refresh}; null until declared).
 * Stored as table properties, listed in the README's catalogue, and
 * used by publish for keys and comments (the column docs become PostgreSQL column comments).
 */
public record TableSpec(TableRef ref, String grain, List<String> primaryKey, List<String> partitionColumns,
                        String comment, Map<String, String> columnDocs, List<Expectation> checks,
                        List<String> nullableKeyColumns, Refresh refresh) {

    public TableSpec {
        primaryKey = List.copyOf(primaryKey);
        partitionColumns = List.copyOf(partitionColumns);
        // insertion order kept: docs read in the order they were written
        columnDocs = Collections.unmodifiableMap(new LinkedHashMap<>(columnDocs));
        checks = List.copyOf(checks);
        nullableKeyColumns = List.copyOf(nullableKeyColumns);
        if (!primaryKey.containsAll(nullableKeyColumns)) {
            throw new IllegalArgumentException(ref + ": keyMayBeNull names columns outside the key " + primaryKey);
        }
        Set<String> names = new HashSet<>();
        for (Expectation check : keyChecks(primaryKey, nullableKeyColumns)) {
            names.add(check.name());
        }
        for (Expectation check : checks) {
            if (!names.add(check.name())) {
                throw new IllegalArgumentException(ref + " has two checks named '" + check.name() + "'; name one with .named(...)");
            }
        }
    }

    /** A table without declared checks. */
    public TableSpec(TableRef ref, String grain, List<String> primaryKey, List<String> partitionColumns, String comment,
                     Map<String, String> columnDocs) {
        this(ref, grain, primaryKey, partitionColumns, comment, columnDocs, List.of(), List.of(), null);
    }

    /** A table without column docs or declared checks. */
    public TableSpec(TableRef ref, String grain, List<String> primaryKey, List<String> partitionColumns, String comment) {
        this(ref, grain, primaryKey, partitionColumns, comment, Map.of(), List.of(), List.of(), null);
    }

    public static TableSpec of(String qualifiedName, String grain, List<String> primaryKey, String comment) {
        return new TableSpec(TableRef.parse(qualifiedName), grain, primaryKey, List.of(), comment);
    }

    public TableSpec partitionedBy(String... columns) {
        return new TableSpec(ref, grain, primaryKey, List.of(columns), comment, columnDocs, checks, nullableKeyColumns, refresh);
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
        return new TableSpec(ref, grain, primaryKey, partitionColumns, comment, docs, checks, nullableKeyColumns, refresh);
    }

    /** The same table with more checks on its rows, checked before every commit (see {@link Expectation}). */
    public TableSpec check(Expectation... more) {
        List<Expectation> all = new ArrayList<>(checks);
        all.addAll(List.of(more));
        return new TableSpec(ref, grain, primaryKey, partitionColumns, comment, columnDocs, all, nullableKeyColumns, refresh);
    }

    /**
     * The same table with key columns that may hold a null (e.g. an ad cost booked to a source with
     * no campaign): only the rest of the key must not be null. As with SQL's UNIQUE, keys that hold a
     * null are not compared with each other by the unique check.
     */
    public TableSpec keyMayBeNull(String... columns) {
        return new TableSpec(ref, grain, primaryKey, partitionColumns, comment, columnDocs, checks, List.of(columns), refresh);
    }

    /** The same table, saying what kind it is for incremental nights and that a night rewrites it. */
    public TableSpec refreshed(Refresh.Kind kind) {
        return refreshed(kind, Refresh.REWRITTEN);
    }

    /** The same table, saying what kind it is for incremental nights and what a night does to it. */
    public TableSpec refreshed(Refresh.Kind kind, String night) {
        return new TableSpec(ref, grain, primaryKey, partitionColumns, comment, columnDocs, checks, nullableKeyColumns,
                new Refresh(kind, night));
    }

    /** Every check of the table: the primary key's (unique, not null) first, then the declared ones. */
    public List<Expectation> expectations() {
        List<Expectation> all = new ArrayList<>(keyChecks(primaryKey, nullableKeyColumns));
        all.addAll(checks);
        return List.copyOf(all);
    }

    public String name() {
        return ref.toString();
    }

    private static List<Expectation> keyChecks(List<String> primaryKey, List<String> nullableKeyColumns) {
        if (primaryKey.isEmpty()) {
            return List.of();
        }
        String[] key = primaryKey.toArray(String[]::new);
        String[] required = primaryKey.stream().filter(column -> !nullableKeyColumns.contains(column)).toArray(String[]::new);
        return required.length == 0 ? List.of(Expectation.unique(key)) : List.of(Expectation.unique(key), Expectation.notNull(required));
    }
}
