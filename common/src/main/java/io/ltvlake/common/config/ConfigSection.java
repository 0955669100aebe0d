package io.ltvlake.common.config;

import java.util.Set;

/**
 * One part of the config that a job module owns: its keys (with defaults and docs, in its own
 * reference resource), and its parser. Sections are found with {@link java.util.ServiceLoader}
 * (META-INF/services/io.ltvlake.common.config.ConfigSection), so the loader knows none of them by
 * name; each is parsed and checked at load, before any job runs, and read with
 * {@link Settings#section(Class)}.
 *
 * <p>An implementation needs a public no-argument constructor.
 */
public interface ConfigSection<T> {

    /** The type {@link #parse} returns; the key {@link Settings#section(Class)} finds it by. */
    Class<T> type();

    /**
     * The classpath resource (HOCON, under {@code ltvlake { }}) holding every key of this section
     * with its default and a comment: it is merged into reference.conf, so the unknown-key check
     * and "did you mean" cover these keys too. By convention it sits beside the type:
     * {@code io/ltvlake/x/FooConfig.conf} for {@code io.ltvlake.x.FooConfig}.
     */
    default String reference() {
        return type().getName().replace('.', '/') + ".conf";
    }

    /** Full paths (e.g. {@code ltvlake.<section>.rule-sets}) under which any key is accepted. */
    default Set<String> freeForm() {
        return Set.of();
    }

    /** The typed section; bad values throw a {@link ConfigError} naming the key and its origin. */
    T parse(ConfigContext context);
}
