package io.ltvlake.common.job;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress goes to the terminal and, line by line, to the log file, so a night's run can be read back later. */
public final class ProgressLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.ltvlake.progress");

    private ProgressLog() {}

    public static PrintStream tee(PrintStream terminal) {
        OutputStream both = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                terminal.write(b);
                if (b == '\n') {
                    LOG.info(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }

            @Override
            public void flush() {
                terminal.flush();
            }
        };
        return new PrintStream(both, true, StandardCharsets.UTF_8);
    }
}
