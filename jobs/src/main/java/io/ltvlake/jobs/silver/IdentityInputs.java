package io.ltvlake.jobs.silver;

import io.ltvlake.common.lake.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The silver tables the identity graph is computed from, and their versions as the identity map's commit
 * records them ({@code silver.order_lines=12;silver.calls=4;…}): a night starts from the stored graph only
 * while those tables are still at those versions.
 */
final class IdentityInputs {

    /** Every table whose rows are identity events; silver.messages exists only where messages were delivered. */
    static final List<TableSpec> TABLES = List.of(SilverTables.ORDER_LINES, SilverTables.CALLS, SilverTables.SESSIONS,
            SilverTables.MESSAGES);

    private IdentityInputs() {}

    static String format(Map<TableSpec, Long> versions) {
        return versions.entrySet().stream().map(e -> e.getKey().name() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    /** The versions by table name; empty when the text is not what {@link #format} writes. */
    static Optional<Map<String, Long>> parse(String recorded) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String entry : recorded.split(";")) {
            String[] nameAndVersion = entry.split("=", -1);
            if (nameAndVersion.length != 2 || !nameAndVersion[1].matches("[0-9]{1,18}")
                    || TABLES.stream().noneMatch(t -> t.name().equals(nameAndVersion[0]))) {
                return Optional.empty();
            }
            versions.put(nameAndVersion[0], Long.parseLong(nameAndVersion[1]));
        }
        return Optional.of(versions);
    }
}
