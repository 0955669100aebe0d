package io.ltvlake.common.identity;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code customer_key}: the first 16 hex digits of HMAC-SHA-256, under a secret, of the smallest
 * identifier of a customer's component ({@code phone:+7…}, {@code customer_id:…}). A plain hash
 * could be reversed by hashing every candidate (about 10⁹ Russian mobile numbers); without the
 * secret nobody holding a mart can compute a key from a phone number. The marts are therefore
 * pseudonymised with a secret, not anonymous: whoever has the secret and silver can link them.
 *
 * <p>The same identifier under the same secret always gives the same key, so a person keeps
 * their key from night to night; a new secret gives every customer a new key (a one-time
 * re-key of the lake, see the README).
 *
 * <p>The secret stays out of query plans: it travels inside the function, not as a literal a
 * plan (and so the Spark UI) would show.
 */
public final class CustomerKeys implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The environment variable that holds the secret. */
    public static final String SECRET_VARIABLE = "LTVLAKE_KEY_SECRET";

    /**
     * The fixed secret of the demo, the tests and every env but prod when {@link #SECRET_VARIABLE}
     * is not set. It is public (it is in this file), so keys made with it protect nothing.
     */
    public static final String DEVELOPMENT_SECRET = "ltvlake-development-secret:not-for-production-data";

    /** Shorter secrets could themselves be guessed; 32 characters is what {@code openssl rand -hex 16} prints. */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] secret;
    private transient ThreadLocal<Mac> macs;

    public CustomerKeys(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the customer key secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The key of one identifier (a component's smallest one); null for null. */
    public String keyOf(String identifier) {
        if (identifier == null) {
            return null;
        }
        byte[] digest = mac().doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    /** The same as a column expression, for {@code customer_key} on every row. */
    public Column keyOf(Column identifier) {
        UDF1<String, String> key = this::keyOf;
        UserDefinedFunction function = functions.udf(key, DataTypes.StringType);
        return function.apply(identifier);
    }

    private Mac mac() {
        if (macs == null) {
            macs = ThreadLocal.withInitial(() -> {
                try {
                    Mac mac = Mac.getInstance(ALGORITHM);
                    mac.init(new SecretKeySpec(secret, ALGORITHM));
                    return mac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
                }
            });
        }
        return macs.get();
    }

    @Override
    public String toString() {
        return "CustomerKeys[secret ****]";
    }
}
