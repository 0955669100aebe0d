package io.ltvlake.common.spark;

import io.ltvlake.common.lake.LakeFiles;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.BROADCAST$;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.ResolvedHint;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Computing an intermediate now and cutting its plan, where the plan would otherwise grow with every
 * step built on it (the identity graph's rounds, conform's stacked joins). In local mode the blocks
 * are this JVM's, so a local checkpoint is as safe as any and costs no file writes. On a cluster a
 * local checkpoint lives in the executors' block managers, and an executor lost (preempted, scaled
 * down) takes blocks that nothing can recompute: the job fails. There the checkpoint is reliable,
 * written under the session's checkpoint folder, {@value #FOLDER} under the lake root
 * ({@link SparkSessions} sets it), which the run removes when it ends.
 */
public final class Checkpoints {

    /** The folder under the lake root that holds a cluster run's reliable checkpoints while it runs. */
    public static final String FOLDER = "_checkpoints";

    private Checkpoints() {}

    /** {@code rows} computed now, with a plan that starts from the result: local or reliable, as the master allows. */
    public static Dataset<Row> eager(Dataset<Row> rows) {
        return rows.sparkSession().sparkContext().isLocal() ? rows.localCheckpoint(true) : reliable(rows);
    }

    /**
     * Whether reading {@code rows} twice costs less than caching them once: they come from checkpoints, a cache or
     * rows in the driver, through row-by-row steps (projections, filters, unions) and joins with a broadcast side.
     * A write checks its rows before it commits them, and caching a few million rows of a checkpoint only to read
     * them twice cost conform a sixth of its night at 200 k customers; rows that need a shuffle are worth a cache.
     */
    public static boolean cheapToReadTwice(Dataset<Row> rows) {
        LogicalPlan plan = rows.queryExecution().analyzed();
        // a random value would differ between the two reads
        return plan.deterministic() && cheapToReadTwice(plan);
    }

    private static boolean cheapToReadTwice(LogicalPlan plan) {
        if (plan instanceof LogicalRDD || plan instanceof InMemoryRelation || plan instanceof LocalRelation) {
            return true;
        }
        if (plan instanceof Project || plan instanceof Filter || plan instanceof ResolvedHint || plan instanceof Union) {
            return JavaConverters.seqAsJavaList(plan.children()).stream().allMatch(Checkpoints::cheapToReadTwice);
        }
        if (plan instanceof Join join) {
            return cheapToReadTwice(join.left()) && cheapToReadTwice(join.right()) && (broadcast(join.left()) || broadcast(join.right()));
        }
        return false;
    }

    /** Whether a join's side is hinted to be broadcast (under projections and filters of it). */
    private static boolean broadcast(LogicalPlan side) {
        if (side instanceof ResolvedHint hint) {
            return hint.hints().strategy().contains(BROADCAST$.MODULE$);
        }
        if (side instanceof Project || side instanceof Filter) {
            return broadcast(side.children().head());
        }
        return false;
    }

    /** {@code rows} computed now and written to the session's checkpoint folder, so losing an executor loses nothing. */
    public static Dataset<Row> reliable(Dataset<Row> rows) {
        if (rows.sparkSession().sparkContext().getCheckpointDir().isEmpty()) {
            throw new IllegalStateException("a reliable checkpoint needs a checkpoint folder, and this session has none "
                    + "(SparkSessions.create sets <lake root>/" + FOLDER + " on a cluster)");
        }
        return rows.checkpoint(true);
    }

    /** Gives a session on a cluster its checkpoint folder under the lake root, unless it already has one. */
    static void useFolderUnderLakeOnACluster(SparkContext context, String lakeRoot) {
        if (!context.isLocal() && context.getCheckpointDir().isEmpty()) {
            // Spark makes a folder of its own (a random name) under this one for the application
            context.setCheckpointDir(lakeRoot + "/" + FOLDER);
        }
    }

    /**
     * Removes the session's checkpoint folder and whatever is in it, once the run no longer reads its
     * checkpoints. A later checkpoint in the same session makes the folder again.
     */
    public static void removeFolder(SparkSession spark) {
        Option<String> folder = spark.sparkContext().getCheckpointDir();
        if (folder.isDefined()) {
            LakeFiles.of(spark).delete(folder.get());
        }
    }
}
