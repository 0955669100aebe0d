package io.ltvlake.common.quality;

/** The ingest invariant: every row read is either loaded or quarantined, never dropped. */
public record Reconciliation(String what, long read, long loaded, long quarantined) {

    public boolean balances() {
        return read == loaded + quarantined;
    }

    /** Fails loudly: an unbalanced ingest means rows vanished, which must never pass silently. */
    public Reconciliation requireBalanced() {
        if (!balances()) {
            throw new IllegalStateException(what + ": read " + read + " rows but loaded " + loaded + " and quarantined "
                    + quarantined + " (" + (read - loaded - quarantined) + " unaccounted for)");
        }
        return this;
    }

    public Reconciliation plus(Reconciliation other) {
        return new Reconciliation(what, read + other.read, loaded + other.loaded, quarantined + other.quarantined);
    }

    @Override
    public String toString() {
        return what + ": read " + read + " = loaded " + loaded + " + quarantined " + quarantined
                + (balances() ? "" : "  (UNBALANCED)");
    }
}
