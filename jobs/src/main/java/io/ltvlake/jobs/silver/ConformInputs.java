package io.ltvlake.jobs.silver;

import io.ltvlake.common.lake.TableSpec;
import io.ltvlake.jobs.bronze.ingest.BronzeTables;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a conform run computed silver from, as the identity map's commit records it
 * ({@code run_date=2025-03-02;settings=…;bronze.ingest_audit=7;bronze.order_lines=12;…;silver.order_lines=12;…}):
 * the run date, a fingerprint of the settings silver is derived with, the versions of the bronze tables and
 * the ingest audit it read, and the versions of the silver tables it wrote the identity graph from and of
 * silver.orders. A night starts from the stored graph and silver's rows only while those silver tables are at those
 * versions, and conforms only the business keys of the export days that changed since those bronze versions.
 *
 * @param versions  version by table name, for the tables of {@link #TABLES} the run read or wrote
 * @param runDate   the run date; empty in a record written before it was kept
 * @param settings  the settings fingerprint; empty in a record written before it was kept
 */
record ConformInputs(Map<String, Long> versions, Optional<LocalDate> runDate, Optional<String> settings) {

    /** Every table whose rows are identity events; silver.messages exists only where messages were delivered. */
    static final List<TableSpec> IDENTITY_TABLES = List.of(SilverTables.ORDER_LINES, SilverTables.CALLS, SilverTables.SESSIONS,
            SilverTables.MESSAGES);

    /** The bronze tables conform reads by export day, and the audit that says which days an ingest replaced. */
    static final List<TableSpec> BRONZE_TABLES = Stream.concat(Stream.of(BronzeTables.AUDIT), BronzeTables.BY_ENTITY.values().stream()).toList();

    /**
     * The silver tables a night keeps rows of, which must still be as the last run wrote them: the identity tables
     * and silver.orders, whose kept rows are those of the kept lines.
     */
    static final List<TableSpec> KEPT_TABLES = Stream.concat(IDENTITY_TABLES.stream(), Stream.of(SilverTables.ORDERS)).toList();

    static final List<TableSpec> TABLES = Stream.concat(BRONZE_TABLES.stream(), KEPT_TABLES.stream()).toList();

    private static final String RUN_DATE = "run_date";
    private static final String SETTINGS = "settings";

    ConformInputs {
        versions = Map.copyOf(versions);
    }

    static ConformInputs of(LocalDate runDate, String settings, Map<TableSpec, Long> versions) {
        return new ConformInputs(versions.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue)),
                Optional.of(runDate), Optional.of(settings));
    }

    /** The recorded version of a table; empty when the run did not find the table (or the record predates it). */
    Optional<Long> version(TableSpec table) {
        return Optional.ofNullable(versions.get(table.name()));
    }

    /** Whether the record says which bronze versions and run date silver was computed from (records before it did not). */
    boolean recordsBronze() {
        return runDate.isPresent() && settings.isPresent() && versions.containsKey(BronzeTables.AUDIT.name());
    }

    /** The record as the commit carries it: run date and settings first, then the tables in {@link #TABLES} order. */
    String format() {
        StringBuilder text = new StringBuilder();
        runDate.ifPresent(date -> text.append(RUN_DATE).append('=').append(date).append(';'));
        settings.ifPresent(fingerprint -> text.append(SETTINGS).append('=').append(fingerprint).append(';'));
        for (TableSpec table : TABLES) {
            version(table).ifPresent(version -> text.append(table.name()).append('=').append(version).append(';'));
        }
        return text.isEmpty() ? "" : text.substring(0, text.length() - 1);
    }

    /** The record; empty when the text is not what {@link #format} writes (or what earlier runs wrote: silver versions only). */
    static Optional<ConformInputs> parse(String recorded) {
        Map<String, Long> versions = new LinkedHashMap<>();
        Optional<LocalDate> runDate = Optional.empty();
        Optional<String> settings = Optional.empty();
        for (String entry : recorded.split(";")) {
            String[] nameAndValue = entry.split("=", -1);
            if (nameAndValue.length != 2) {
                return Optional.empty();
            }
            String name = nameAndValue[0];
            String value = nameAndValue[1];
            if (name.equals(RUN_DATE)) {
                try {
                    runDate = Optional.of(LocalDate.parse(value));
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            } else if (name.equals(SETTINGS) && value.matches("[0-9a-f]{1,64}")) {
                settings = Optional.of(value);
            } else if (value.matches("[0-9]{1,18}") && TABLES.stream().anyMatch(t -> t.name().equals(name))) {
                versions.put(name, Long.parseLong(value));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new ConformInputs(versions, runDate, settings));
    }
}
