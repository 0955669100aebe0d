package io.ltvlake.jobs.gold.basket_affinity;

import io.ltvlake.common.lake.Expectation;
import io.ltvlake.common.lake.Refresh;
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
                    + "lift. Pairs below basket-affinity.min-support are left out.")
            .documented(
                    "split_type", "all (every basket) or job (the baskets of one job)",
                    "split_value", "the job for split_type job; 'all' otherwise",
                    "pair_type", "product or category",
                    "antecedent_id", "the product_id or category on the left of the rule",
                    "antecedent_name", "its name (a product's most frequent product_name; the category itself)",
                    "consequent_id", "the product_id or category on the right",
                    "consequent_name", "its name",
                    "basket_kind", "order (one order is a basket) or deal (a deal's orders together)",
                    "baskets", "baskets in the scope",
                    "antecedent_baskets", "baskets holding the antecedent",
                    "consequent_baskets", "baskets holding the consequent",
                    "pair_baskets", "baskets holding both",
                    "support", "pair_baskets / baskets, 0-1",
                    "confidence", "pair_baskets / antecedent_baskets, 0-1",
                    "lift", "confidence / (consequent_baskets / baskets): above 1 = bought together more than by chance")
            .check(Expectation.expression("support_is_a_share", "support between 0 and 1"))
            .check(Expectation.expression("confidence_is_a_share", "confidence between 0 and 1"))
            .check(Expectation.expression("pairs_within_sides", "pair_baskets <= least(antecedent_baskets, consequent_baskets)"))
            .refreshed(Refresh.Kind.WHOLE_HISTORY);
}
