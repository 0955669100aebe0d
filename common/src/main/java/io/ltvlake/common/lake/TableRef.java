package io.ltvlake.common.lake;

import java.util.Set;

/** A table's name in the lake: its layer (a folder) and its name, written {@code layer.name}. */
public record TableRef(String layer, String name) {

    public static final Set<String> LAYERS = Set.of("bronze", "silver", "gold", "quarantine");

    public TableRef {
        if (!LAYERS.contains(layer)) {
            throw new IllegalArgumentException("unknown layer '" + layer + "'; layers are " + LAYERS);
        }
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("table name '" + name + "' must be snake_case");
        }
    }

    public static TableRef parse(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("table name '" + qualified + "' must be layer.name, e.g. silver.orders");
        }
        return new TableRef(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    @Override
    public String toString() {
        return layer + "." + name;
    }
}
