package io.ltvlake.jobs.cli;

import io.ltvlake.common.config.ConfigLoader;
import io.ltvlake.common.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command shares: which config, which overrides, which lake. */
public final class LakeOptions {

    @Option(names = "--env", description = "config overlay conf/<env>.conf (local, prod, online-retail, …); default: ${DEFAULT-VALUE}",
            defaultValue = "${env:LTVLAKE_ENV:-local}")
    public String env;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override any config key, e.g. --set identity.max-iterations=60")
    public Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--lake", paramLabel = "DIR", description = "lake root (a folder or s3a://bucket/prefix)")
    public String lake;

    @Option(names = "--conf-dir", paramLabel = "DIR", description = "config folder; default: <project>/conf, else the copy inside the jar")
    public Path confDir;

    /** The project home: set by bin/ltvlake; under spark-submit, the working folder. */
    public static Path home() {
        String home = System.getProperty("ltvlake.home", System.getenv("LTVLAKE_HOME"));
        return Path.of(home == null ? "" : home).toAbsolutePath().normalize();
    }

    public Settings load() {
        ConfigLoader.Request request = ConfigLoader.Request.of(home(), env).withOverrides(overrides);
        if (lake != null) {
            request = request.withLakeRoot(lake);
        }
        if (confDir != null) {
            request = request.withConfDir(confDir);
        }
        return ConfigLoader.load(request);
    }

    public Optional<String> lakeOverride() {
        return Optional.ofNullable(lake);
    }
}
