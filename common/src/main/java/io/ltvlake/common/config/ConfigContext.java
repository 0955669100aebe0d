package io.ltvlake.common.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a {@link ConfigSection} parses from: the merged config, what the user gave, and the core settings. */
public final class ConfigContext {

    private final Config config;
    private final Config user;
    private final Path home;
    private final String env;
    private final String lakeRoot;
    private final List<SourceSettings> sources;
    private final List<String> s3aUsers = new ArrayList<>();

    ConfigContext(Config config, Config user, Path home, String env, String lakeRoot, List<SourceSettings> sources) {
        this.config = config;
        this.user = user;
        this.home = home;
        this.env = env;
        this.lakeRoot = lakeRoot;
        this.sources = sources;
    }

    /** The effective config (reference.conf and every layer over it, resolved). */
    public Config config() {
        return config;
    }

    /** Whether the user's layers (not reference.conf) set {@code key}. */
    public boolean given(String key) {
        return user.hasPath(key);
    }

    public Path home() {
        return home;
    }

    public String env() {
        return env;
    }

    public String lakeRoot() {
        return lakeRoot;
    }

    public List<SourceSettings> sources() {
        return sources;
    }

    /**
     * Declares that {@code what} (e.g. {@code target 'inbox'}) reads or writes {@code path}: when
     * it is on s3a:// outside the lake, the s3 credential check names it like the lake root.
     */
    public void usesPath(String what, String path) {
        if (ConfigValues.isS3a(path) && !path.startsWith(lakeRoot + "/")) {
            s3aUsers.add(what);
        }
    }

    List<String> s3aUsers() {
        return s3aUsers;
    }
}
