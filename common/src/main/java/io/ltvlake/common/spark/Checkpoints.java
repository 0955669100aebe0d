package io.ltvlake.common.spark;

import io.ltvlake.common.lake.LakeFiles;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Option;

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
