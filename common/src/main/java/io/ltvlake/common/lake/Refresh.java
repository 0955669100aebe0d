package io.ltvlake.common.lake;

/**
 * What a table is for incremental nights, and what a night does to it today. The kind says what one changed
 * fact can reach, so it says what a night would have to recompute: a per-customer table the rows of the
 * customers touched, a per-period table the periods they touch; a table as of the run date changes whole
 * every night, and a whole-history aggregate with any change. Listed by {@code bin/ltvlake tables}.
 *
 * @param kind what a row depends on
 * @param night what a night does to the table now
 */
public record Refresh(Kind kind, String night) {

    /** The night of most tables: rewritten from their inputs. */
    public static final String REWRITTEN = "rewritten";

    public Refresh {
        if (kind == null || night == null || night.isBlank()) {
            throw new IllegalArgumentException("a refresh needs its kind and what a night does");
        }
    }

    public enum Kind {
        EXPORT_DAY("per export day", "each row belongs to the export day it was delivered in"),
        BUSINESS_KEY("per business key", "the latest export of each key (order, call, session, …) and what follows from it"),
        CUSTOMER("per customer", "a row depends on one customer's facts (and the config), not on other customers or the run date"),
        PERIOD("per period", "a row aggregates the facts of one period (day, week, month, cohort month, snapshot) or a pair of "
                + "consecutive ones; a period 'all', where there is one, changes with any fact"),
        RUN_DATE("as of the run date", "rows measure age, recency, status or a model fitted on everything as of the run date, "
                + "so every night changes them"),
        WHOLE_HISTORY("whole history", "an aggregate over all periods at once (by deal number, job, product pair, segment): "
                + "one changed fact can change any row"),
        LOG("log", "each night adds what it observed on its date");

        private final String label;
        private final String meaning;

        Kind(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        public String label() {
            return label;
        }

        public String meaning() {
            return meaning;
        }
    }
}
