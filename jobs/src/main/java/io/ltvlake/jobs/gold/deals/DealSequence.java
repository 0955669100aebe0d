package io.ltvlake.jobs.gold.deals;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deal rules of DESIGN §4 applied to one customer's purchases in time order. Kept apart
 * from Spark so the rules read as one piece; {@link DealTransforms#assignDeals} runs it per
 * customer on the executors.
 *
 * <p>Per customer and job: an order within the immediate window of the deal's previous order
 * is an immediate upsell; otherwise, within the deferred window of the deal's opening it is a
 * deferred upsell; otherwise it opens a new deal. Anchoring the deferred window at the opening
 * keeps a deal from chaining forever. A main-product order within the deferred window of a
 * lead-magnet order joins the lead-magnet deal whatever its job, and gives that deal its job.
 * Both windows include their limit.
 */
final class DealSequence implements Serializable {


    /** One purchase of the customer; times in epoch seconds. */
    record Purchase(String source, String orderId, long orderedAt, String job, boolean leadMagnetOrder,
                    boolean hasMainProduct) {}

    /** Where a purchase landed: its deal (1-based number by opening), the deal's final job and the kind. */
    record Assignment(Purchase purchase, int dealSeq, String dealId, String dealJob, long dealOpenedAt, String purchaseKind) {}

    private static final Comparator<Purchase> TIME_ORDER = Comparator.comparingLong(Purchase::orderedAt)
            .thenComparing(Purchase::source).thenComparing(Purchase::orderId);

    private final long immediateSeconds;
    private final long deferredSeconds;

    DealSequence(long immediateSeconds, long deferredSeconds) {
        this.immediateSeconds = immediateSeconds;
        this.deferredSeconds = deferredSeconds;
    }

    private static final class Deal {
        final int seq;
        final String id;
        final long openedAt;
        final boolean leadMagnet;
        long lastOrderAt;
        String job;
        boolean hasMainProduct;

        Deal(int seq, Purchase opening) {
            this.seq = seq;
            this.id = opening.source() + ":" + opening.orderId();
            this.openedAt = opening.orderedAt();
            this.leadMagnet = opening.leadMagnetOrder();
            this.lastOrderAt = opening.orderedAt();
            this.job = opening.job();
            this.hasMainProduct = opening.hasMainProduct();
        }
    }

    List<Assignment> assign(List<Purchase> purchases) {
        List<Purchase> ordered = new ArrayList<>(purchases);
        ordered.sort(TIME_ORDER);
        List<Deal> deals = new ArrayList<>();
        Map<String, Deal> latestByJob = new HashMap<>();
        Deal latestLeadMagnet = null;
        List<Deal> dealOf = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (Purchase purchase : ordered) {
            long at = purchase.orderedAt();
            Deal target = null;
            if (purchase.hasMainProduct() && latestLeadMagnet != null && at - latestLeadMagnet.openedAt <= deferredSeconds) {
                target = latestLeadMagnet;
            } else {
                Deal sameJob = latestByJob.get(purchase.job());
                if (sameJob != null && (at - sameJob.lastOrderAt <= immediateSeconds || at - sameJob.openedAt <= deferredSeconds)) {
                    target = sameJob;
                }
            }
            String kind;
            if (target != null) {
                kind = at - target.lastOrderAt <= immediateSeconds ? DealsTables.IMMEDIATE_UPSELL : DealsTables.DEFERRED_UPSELL;
                target.lastOrderAt = at;
                if (target.leadMagnet && !target.hasMainProduct && purchase.hasMainProduct()) {
                    // The lead magnet only opened the deal; the main product says which job it serves.
                    latestByJob.remove(target.job, target);
                    target.job = purchase.job();
                    target.hasMainProduct = true;
                    latestByJob.put(target.job, target);
                }
            } else {
                target = new Deal(deals.size() + 1, purchase);
                kind = deals.isEmpty() ? DealsTables.FIRST : DealsTables.REPEAT;
                deals.add(target);
                latestByJob.put(target.job, target);
                if (target.leadMagnet) {
                    latestLeadMagnet = target;
                }
            }
            dealOf.add(target);
            kinds.add(kind);
        }
        List<Assignment> result = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Deal deal = dealOf.get(i);
            result.add(new Assignment(ordered.get(i), deal.seq, deal.id, deal.job, deal.openedAt, kinds.get(i)));
        }
        return result;
    }
}
