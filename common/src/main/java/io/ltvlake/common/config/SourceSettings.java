package io.ltvlake.common.config;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One configured source of exports.
 *
 * @param landing folder holding one sub-folder per export day (YYYY-MM-DD)
 * @param singleExportPath when present, this one file or folder is read as the export of {@code singleExportDate}
 * @param zeroValuePurchases whether a completed order whose positive-quantity lines are all priced 0 is a purchase
 *     (a free or promotional item the customer still ordered); false: only an order worth something is
 */
public record SourceSettings(
        String name,
        String profile,
        String landing,
        Optional<String> singleExportPath,
        Optional<LocalDate> singleExportDate,
        boolean zeroValuePurchases) {

    public boolean isSingleExport() {
        return singleExportPath.isPresent();
    }
}
