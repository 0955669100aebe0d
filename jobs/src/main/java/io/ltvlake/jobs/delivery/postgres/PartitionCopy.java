package io.ltvlake.jobs.delivery.postgres;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import scala.Tuple2;

/**
 * Loads one partition of a mart into its staging table, on an executor: its own connection and
 * its own {@code COPY … FROM STDIN (FORMAT csv)}, fed in batches by {@link CopyRows}. Returns one
 * pair per partition, (rows sent, rows COPY reports loaded), so the driver sums a few numbers
 * instead of seeing the rows. Each COPY commits on its own; the staging table is only swapped in
 * when every partition has loaded, so a failed partition leaves the published table as it was.
 */
final class PartitionCopy implements MapPartitionsFunction<Row, Tuple2<Long, Long>> {

    private static final long serialVersionUID = 1L;

    private final PostgresConnection database;
    private final String martName;
    private final String stagingTable;
    private final StructType schema;
    private final int batchRows;

    /**
     * @param stagingTable the quoted schema.table to load
     * @param schema       the rows as sent (see {@link PostgresTypes#forCopy})
     */
    PartitionCopy(PostgresConnection database, String martName, String stagingTable, StructType schema, int batchRows) {
        this.database = database;
        this.martName = martName;
        this.stagingTable = stagingTable;
        this.schema = schema;
        this.batchRows = batchRows;
    }

    @Override
    public Iterator<Tuple2<Long, Long>> call(Iterator<Row> rows) throws Exception {
        if (!rows.hasNext()) {
            // no connection for an empty partition
            return List.of(new Tuple2<>(0L, 0L)).iterator();
        }
        CopyRows encoder = new CopyRows(martName, schema);
        try (Connection connection = database.open()) {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + stagingTable + " (" + encoder.columnList() + ") from stdin with (format csv)");
            ByteArrayOutputStream batch = new ByteArrayOutputStream(1 << 16);
            long sent = 0;
            try {
                while (rows.hasNext()) {
                    batch.writeBytes(encoder.encode(rows.next()));
                    sent++;
                    if (sent % batchRows == 0) {
                        copy.writeToCopy(batch.toByteArray(), 0, batch.size());
                        batch.reset();
                    }
                }
                if (batch.size() > 0) {
                    copy.writeToCopy(batch.toByteArray(), 0, batch.size());
                }
                long loaded = copy.endCopy();
                return List.of(new Tuple2<>(sent, loaded)).iterator();
            } catch (RuntimeException | SQLException e) {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException cancel) {
                        // the connection closes next, which ends the COPY on the server too
                        e.addSuppressed(cancel);
                    }
                }
                if (e instanceof SQLException sql) {
                    throw new SQLException(martName + ": partition " + partition() + " could not be copied into "
                            + stagingTable + ": " + sql.getMessage(), sql.getSQLState(), sql);
                }
                throw e;
            }
        }
    }

    private static String partition() {
        TaskContext task = TaskContext.get();
        return task == null ? "?" : String.valueOf(task.partitionId());
    }
}
