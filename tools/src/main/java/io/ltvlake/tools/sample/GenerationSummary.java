package io.ltvlake.tools.sample;

import java.time.LocalDate;
import java.util.Map;

/**
 * What one generation run wrote.
 *
 * <ul>
 *   <li>{@code persons}: persons with at least one identifier in the landing files (= distinct person_id in
 *       {@code truth/identifiers.csv}): buyers, call-only prospects and anonymous visitors.</li>
 *   <li>{@code orders}: distinct orders (= data rows of {@code truth/orders.csv}).</li>
 *   <li>{@code orderLines}, {@code sessions}, {@code calls}, {@code adCostRows}: data rows (header excluded) over all
 *       export-day files of that entity, re-exports, planted duplicates and malformed rows included.</li>
 *   <li>{@code products}: products in the catalogue (rows of the first {@code products.csv}).</li>
 *   <li>{@code malformedRowsByEntity}, {@code exactDuplicatesByEntity}: planted rows per entity
 *       ({@code order_lines}, {@code calls}, {@code sessions}, in that iteration order), as listed in
 *       {@code truth/malformed.csv} and {@code truth/duplicates.csv}.</li>
 * </ul>
 */
public record GenerationSummary(int persons, int orders, int orderLines, int sessions, int calls, int adCostRows,
                                int products, Map<String, Integer> malformedRowsByEntity,
                                Map<String, Integer> exactDuplicatesByEntity, LocalDate firstExportDate,
                                LocalDate lastExportDate) {}
