package io.ltvlake.common.identity;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;

import io.ltvlake.common.spark.Checkpoints;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Connected components over identifiers (CRM id, phone, e-mail, web cookie) that occur on
 * the same event. Each component is one customer, labelled by its smallest identifier.
 *
 * <p>Min-label propagation with pointer jumping: every round a node takes the smallest label
 * among its neighbours, then the label of that label. Labels only shrink, so it ends; the
 * jump makes the number of rounds grow with the log of a chain's length, not its length.
 */
public final class IdentityGraph {

    /**
     * What a run of the algorithm gave: {@code (node, component)}, the rounds it took (for the job's log), and
     * the nodes whose labels it computed: every node from scratch (empty), or the touched nodes of an update,
     * outside which every node kept its previous component.
     */
    public record Result(Dataset<Row> labels, int rounds, Optional<Dataset<Row>> relabelled) {

        public Result(Dataset<Row> labels, int rounds) {
            this(labels, rounds, Optional.empty());
        }
    }

    private IdentityGraph() {}

    /**
     * Edges from events: every identifier of an event is linked to the event's smallest one
     * (a star), which connects them all with one edge each. Input: an array column of
     * identifiers per event (nulls allowed). Output: {@code (src, dst)}, self-loops included
     * so that lone identifiers are nodes too.
     */
    public static Dataset<Row> edgesFromEvents(Dataset<Row> events, String identifiersColumn) {
        Column ids = org.apache.spark.sql.functions.array_compact(col(identifiersColumn));
        Dataset<Row> withHub = events.select(ids.as("ids"))
                .filter(org.apache.spark.sql.functions.size(col("ids")).gt(0))
                .select(col("ids"), firstIdentifier(col("ids")).as("hub"));
        return withHub.select(explode(col("ids")).as("src"), col("hub").as("dst")).distinct();
    }

    /**
     * An event's smallest identifier (nulls skipped; null when it has none): the hub its edges meet, so the
     * component it names is the event's customer, and the one node whose new label re-keys the event.
     */
    public static Column firstIdentifier(Column identifiers) {
        return org.apache.spark.sql.functions.array_min(org.apache.spark.sql.functions.array_compact(identifiers));
    }

    /**
     * Labels every node with the smallest node of its component.
     *
     * <p>The rounds run on numbers, not on the identifiers: each node is numbered in the identifiers' order, so the
     * smallest number of a component is its smallest identifier, and a round's joins and minimums then shuffle,
     * sort and compare longs instead of strings (at 200 k customers, 1.2 M identifiers, the strings' rounds were
     * most of the graph's time). Each round computes the propagated labels once for both sides of the jump, and
     * carries every node's label from before the round, so counting the changes reads the round's own rows.
     *
     * @param edges {@code (src string, dst string)}, read as undirected
     * @param maxIterations a bound on the rounds; more is an error, never a silent partial answer
     * @param checkpointEvery truncate the plan every this many rounds
     * @return {@code (node, component)} and the rounds it took
     */
    public static Result components(Dataset<Row> edges, int maxIterations, int checkpointEvery) {
        Dataset<Row> numbers = Checkpoints.eager(edges.select(col("src").as("node")).union(edges.select(col("dst").as("node")))
                .distinct().orderBy(col("node"))
                // after a global sort, increasing ids follow the sort order (partition index first, then position)
                .select(col("node"), monotonically_increasing_id().as("number")));
        Dataset<Row> numbered = edges
                .join(numbers.select(col("node").as("src"), col("number").as("src_number")), "src")
                .join(numbers.select(col("node").as("dst"), col("number").as("dst_number")), "dst");
        Dataset<Row> neighbours = Checkpoints.eager(numbered
                .select(explode(array(struct(col("src_number").as("src"), col("dst_number").as("dst")),
                        struct(col("dst_number").as("src"), col("src_number").as("dst")))).as("edge"))
                .select(col("edge.src").as("src"), col("edge.dst").as("dst"))
                .distinct());
        Dataset<Row> labels = Checkpoints.eager(neighbours.groupBy(col("src").as("node"))
                .agg(least(min(col("dst")), col("src")).as("label"))
                .select(col("node"), col("label")));
        Dataset<Row> stored = labels;
        int round = 0;
        while (true) {
            round++;
            if (round > maxIterations) {
                throw new IllegalStateException("identity graph did not converge within " + maxIterations
                        + " rounds; raise ltvlake.identity.max-iterations");
            }
            Dataset<Row> candidate = neighbours.join(labels, neighbours.col("dst").equalTo(labels.col("node")))
                    .groupBy(neighbours.col("src").as("node")).agg(min(labels.col("label")).as("candidate"));
            // computed now: both sides of the jump read it, and a cache would be filled by both at once
            Dataset<Row> propagated = Checkpoints.eager(labels.join(candidate, "node")
                    .select(col("node"), col("label").as("before"), least(col("label"), col("candidate")).as("label")));
            Dataset<Row> next = propagated.alias("a").join(propagated.alias("b"), col("a.label").equalTo(col("b.node")))
                    .select(col("a.node").as("node"), col("b.label").as("label"), col("a.before").as("before"));
            next = round % checkpointEvery == 0 ? Checkpoints.eager(next)
                    : next.persist(StorageLevel.MEMORY_AND_DISK());
            long changed = next.filter(col("label").notEqual(col("before"))).count();
            stored.unpersist();
            stored = next;
            labels = next.select(col("node"), col("label"));
            if (changed == 0) {
                break;
            }
        }
        Dataset<Row> named = labels
                .join(numbers.select(col("number").as("node"), col("node").as("node_name")), "node")
                .join(numbers.select(col("number").as("label"), col("node").as("component")), "label");
        return new Result(named.select(col("node_name").as("node"), col("component")), round);
    }

    /**
     * The labels {@link #components} would give {@code edges}, recomputing only the components a change
     * touches. A component none of whose nodes gains or loses an edge is still a component, with the same
     * smallest node, so its labels are carried over; the touched ones (every node of a previous component
     * with a changed edge, and every node new to the graph) are labelled again from their current edges.
     * An edge now joining a touched node to another node is itself a change, so both ends are touched: the
     * touched nodes' current edges stay among them. A removed edge may split a component, a new one merge
     * two, a node that lost all its edges leaves the graph; all of it comes out as from scratch.
     *
     * @param previousLabels {@code (node, component)} as {@link #components} gave {@code previousEdges}
     * @param previousEdges {@code (src, dst)} the previous labels were computed from, as {@link #edgesFromEvents} gives them
     * @param edges {@code (src, dst)} now, likewise
     * @return {@code (node, component)} for every node of {@code edges}, and the rounds the touched part took
     */
    public static Result update(Dataset<Row> previousLabels, Dataset<Row> previousEdges, Dataset<Row> edges,
                                int maxIterations, int checkpointEvery) {
        // each is used twice below; computed once, the stored edges (read from silver) are not read twice
        Dataset<Row> labelsBefore = Checkpoints.eager(previousLabels);
        Dataset<Row> before = previousEdges.select(col("src"), col("dst"), lit(true).as("was"));
        Dataset<Row> now = edges.select(col("src"), col("dst"), lit(true).as("is"));
        Dataset<Row> changed = before.join(now, new String[] {"src", "dst"}, "full_outer")
                .filter(col("was").isNull().or(col("is").isNull()));
        Dataset<Row> changedNodes = Checkpoints.eager(changed.select(explode(org.apache.spark.sql.functions.array(
                col("src"), col("dst"))).as("node")).distinct());
        Dataset<Row> touchedComponents = labelsBefore.join(changedNodes, "node").select("component").distinct();
        Dataset<Row> touchedNodes = Checkpoints.eager(labelsBefore.join(touchedComponents, "component").select("node")
                .union(changedNodes).distinct());
        Result touched = components(edges.join(touchedNodes, edges.col("src").equalTo(touchedNodes.col("node")), "left_semi"),
                maxIterations, checkpointEvery);
        Dataset<Row> untouched = labelsBefore.join(touchedNodes, "node", "left_anti").select("node", "component");
        return new Result(untouched.union(touched.labels()), touched.rounds(), Optional.of(touchedNodes));
    }

    /** A stable customer key of the component's smallest identifier: keyed, see {@link CustomerKeys}. */
    public static Column customerKey(Column component, CustomerKeys keys) {
        return keys.keyOf(component);
    }
}
