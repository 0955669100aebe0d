package io.ltvlake.jobs;

import io.ltvlake.common.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A project home for config tests: conf/application.conf with the given text, the canonical source profile, no environment. */
public final class ConfigFixture {

    private ConfigFixture() {}

    public static ConfigLoader.Request request(Path home, String application) throws IOException {
        Files.createDirectories(home.resolve("conf/sources"));
        Files.writeString(home.resolve("conf/application.conf"), application);
        Files.writeString(home.resolve("conf/sources/canonical.conf"), "entities { order_lines { files = \"*.csv\" } }");
        return ConfigLoader.Request.of(home, "local").withEnvironment(Map.of());
    }
}
