package io.ltvlake.jobs.gold.basket_affinity;

import io.ltvlake.common.lake.TableSpec;
import java.util.List;

/** The tables of this mart, declared once: BasketAffinityJob writes them, everyone else reads them from here. */
public final class BasketAffinityTables {

    private BasketAffinityTables() {}

    public static final TableSpec BASKET_AFFINITY = TableSpec.of("gold.basket_affinity",
            "one row per scope (all baskets or one job's), pair type and ordered pair of products or categories",
            List.of("split_type", "split_value", "pair_type", "antecedent_id", "consequent_id"),
            "Basket affinity rules antecedent -> consequent, both directions, for products (named by their most frequent "
                    + "product_name) and categories within baskets (basket_kind: order, or deal = its orders together) of "
                    + "purchases passing basket-affinity.filter, excluded products left out: baskets in the scope (split_type "
                    + "all, or job with split_value the job), baskets holding each side and both, support, confidence and "
                    + "lift. Pairs below basket-affinity.min-support are left out.");
}
