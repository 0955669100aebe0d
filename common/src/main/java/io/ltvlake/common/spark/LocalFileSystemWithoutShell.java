package io.ltvlake.common.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, minus the processes it starts. Without Hadoop's native library (no Maven
 * artifact ships it) {@link RawLocalFileSystem} starts a {@code chmod} for every file and folder it creates
 * and a {@code readlink} for every {@code getFileLinkStatus}; Delta commits through {@code FileContext.rename},
 * which asks for two. On the 2-core machine each process cost about 8 ms, a Delta commit about 35 ms of them,
 * and {@code RfmJobTest} alone started 1,621 (docs/performance-history.md). Here the
 * same permissions are set through {@code java.nio}, and a path that is not a symbolic link gets its status
 * without {@code readlink}; a sticky bit, a symbolic link or a file store without POSIX permissions still
 * takes Hadoop's own way.
 *
 * <p>{@link SparkSessions} registers both faces when Spark runs locally: {@link FileSystem} for
 * {@code fs.file.impl} (Spark's reads and writes) and {@link FileContextFileSystem} for
 * {@code fs.AbstractFileSystem.file.impl} (Delta's log store).
 */
public final class LocalFileSystemWithoutShell {

    private LocalFileSystemWithoutShell() {}

    /** The {@code FileSystem} face: Hadoop's checksummed local file system over {@link Raw}. */
    public static final class FileSystem extends LocalFileSystem {
        public FileSystem() {
            super(new Raw());
        }
    }

    /** The {@code FileContext} face, as Hadoop's {@code LocalFs} and {@code RawLocalFs} build it, over {@link Raw}. */
    public static final class FileContextFileSystem extends ChecksumFs {
        public FileContextFileSystem(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawFileContextFileSystem(uri, conf));
        }
    }

    static final class RawFileContextFileSystem extends DelegateToFileSystem {
        RawFileContextFileSystem(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;   // no port, as Hadoop's RawLocalFs
        }

        @Override
        public FsServerDefaults getServerDefaults(Path path) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            return true;   // a local path may hold any name, as Hadoop's RawLocalFs
        }
    }

    /** {@link RawLocalFileSystem} with permissions and link status through {@code java.nio}. */
    static final class Raw extends RawLocalFileSystem {

        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) {
                super.setPermission(path, permission);
                return;
            }
            String symbols = permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL
                    + permission.getOtherAction().SYMBOL;
            try {
                Files.setPosixFilePermissions(pathToFile(path).toPath(), PosixFilePermissions.fromString(symbols));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(path, permission);
            }
        }

        @Override
        public FileStatus getFileLinkStatus(Path path) throws IOException {
            // Hadoop's answer for anything but a link is the file's status (or FileNotFoundException)
            if (Files.isSymbolicLink(pathToFile(path).toPath())) {
                return super.getFileLinkStatus(path);
            }
            return getFileStatus(path);
        }
    }
}
