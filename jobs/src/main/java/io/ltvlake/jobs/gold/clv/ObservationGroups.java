package io.ltvlake.jobs.gold.clv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/** Merging of grouped observations, shared by the BG/NBD and Gamma-Gamma fitters. */
final class ObservationGroups {

    private ObservationGroups() {}

    /**
     * One observation per distinct key (as {@code order} sees it) with the customers of every
     * row that has it added up, sorted by {@code order}: the fit then does not depend on how the
     * rows were grouped or in which order they came.
     */
    static <T> List<T> merge(List<T> observations, Comparator<T> order, ToLongFunction<T> customers,
                             BiFunction<T, Long, T> withCustomers) {
        Map<T, Long> counts = new TreeMap<>(order);
        for (T o : observations) {
            if (o == null) {
                throw new IllegalArgumentException("observations contain null");
            }
            counts.merge(o, customers.applyAsLong(o), Math::addExact);
        }
        List<T> merged = new ArrayList<>(counts.size());
        counts.forEach((o, n) -> merged.add(withCustomers.apply(o, n)));
        return merged;
    }
}
