package dev.accounts.command.password;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Password hashing and password-policy settings, bound from {@code accounts.password.*}.
 *
 * <p>Every component may be null (or absent from the configuration); the compact constructor then
 * applies the default. The defaults are the current OWASP recommendations: Argon2id with 19 MiB of
 * memory, two passes and one lane. Through Spring's relaxed binding the environment variables
 * {@code ACCOUNTS_PASSWORD_ALGORITHM=pbkdf2_sha256 ACCOUNTS_PASSWORD_ITERATIONS=1000} select a cheap
 * hasher for benchmarks.
 *
 * @param algorithm {@code argon2id} (default), {@code bcrypt} or {@code pbkdf2_sha256}; case-insensitive
 * @param iterations the algorithm's cost: Argon2 passes ({@code t}, default 2), bcrypt log2 rounds
 *     (4..31, default 12) or PBKDF2 iterations (default 600000); null means the algorithm's default,
 *     see {@link #effectiveIterations()}
 * @param memoryKib Argon2 memory in KiB (default 19456); ignored by the other algorithms
 * @param parallelism Argon2 lanes (default 1); ignored by the other algorithms
 * @param minLength the shortest acceptable password, in characters (default 8)
 * @param commonListSize how many of the most common passwords are refused as too common
 *     (default 20000; 0 switches the check off)
 */
@ConfigurationProperties("accounts.password")
public record PasswordProperties(
        String algorithm,
        Integer iterations,
        Integer memoryKib,
        Integer parallelism,
        Integer minLength,
        Integer commonListSize,
        Integer maxConcurrent) {

    public static final String ARGON2ID = "argon2id";
    public static final String BCRYPT = "bcrypt";
    public static final String PBKDF2_SHA256 = "pbkdf2_sha256";
    /** The accepted values of {@code accounts.password.algorithm}, in the order error messages list them. */
    public static final List<String> ALGORITHMS = List.of(ARGON2ID, BCRYPT, PBKDF2_SHA256);

    public static final int DEFAULT_ARGON2_ITERATIONS = 2;
    public static final int DEFAULT_BCRYPT_LOG_ROUNDS = 12;
    public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;
    public static final int DEFAULT_MEMORY_KIB = 19_456;
    public static final int DEFAULT_PARALLELISM = 1;
    public static final int DEFAULT_MIN_LENGTH = 8;
    public static final int DEFAULT_COMMON_LIST_SIZE = 20_000;

    private static final String PREFIX = "accounts.password.";
    /** Argon2's limit on lanes: 2^24 - 1. */
    private static final int MAX_PARALLELISM = 0xFF_FFFF;

    @ConstructorBinding
    public PasswordProperties {
        algorithm = algorithm == null || algorithm.isBlank() ? ARGON2ID : algorithm.strip().toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException(PREFIX + "algorithm must be one of " + String.join(", ", ALGORITHMS)
                    + ", not '" + algorithm + "'");
        }
        memoryKib = memoryKib == null ? DEFAULT_MEMORY_KIB : memoryKib;
        parallelism = parallelism == null ? DEFAULT_PARALLELISM : parallelism;
        minLength = minLength == null ? DEFAULT_MIN_LENGTH : minLength;
        commonListSize = commonListSize == null ? DEFAULT_COMMON_LIST_SIZE : commonListSize;
        maxConcurrent = maxConcurrent == null ? Runtime.getRuntime().availableProcessors() : maxConcurrent;

        if (iterations != null) {
            switch (algorithm) {
                case BCRYPT -> requireBetween("iterations", iterations, 4, 31,
                        " (bcrypt log2 rounds)");
                case PBKDF2_SHA256 -> requireBetween("iterations", iterations, 1, Integer.MAX_VALUE,
                        " (pbkdf2_sha256 iterations)");
                default -> requireBetween("iterations", iterations, 1, Integer.MAX_VALUE,
                        " (argon2id passes)");
            }
        }
        requireBetween("parallelism", parallelism, 1, MAX_PARALLELISM, "");
        // Argon2 needs at least 8 KiB per lane.
        requireBetween("memory-kib", memoryKib, 8 * parallelism, Integer.MAX_VALUE,
                " (Argon2 needs at least 8 KiB per lane)");
        requireBetween("min-length", minLength, 1, Integer.MAX_VALUE, "");
        requireBetween("common-list-size", commonListSize, 0, Integer.MAX_VALUE, "");
        requireBetween("max-concurrent", maxConcurrent, 1, 10_000, "");
    }

    /** The same settings without a concurrency bound of their own (one hash at a time per core). */
    public PasswordProperties(String algorithm, Integer iterations, Integer memoryKib, Integer parallelism,
                              Integer minLength, Integer commonListSize) {
        this(algorithm, iterations, memoryKib, parallelism, minLength, commonListSize, null);
    }

    /** All defaults: Argon2id, m=19456, t=2, p=1, minimum length 8, the 20000 most common passwords refused. */
    public static PasswordProperties defaults() {
        return new PasswordProperties(null, null, null, null, null, null);
    }

    /**
     * The cost parameter in force: {@link #iterations()} when set, otherwise the algorithm's default
     * (Argon2 t=2, bcrypt log2 rounds 12, PBKDF2 600000 iterations).
     */
    public int effectiveIterations() {
        if (iterations != null) {
            return iterations;
        }
        return switch (algorithm) {
            case BCRYPT -> DEFAULT_BCRYPT_LOG_ROUNDS;
            case PBKDF2_SHA256 -> DEFAULT_PBKDF2_ITERATIONS;
            default -> DEFAULT_ARGON2_ITERATIONS;
        };
    }

    private static void requireBetween(String property, int value, int min, int max, String what) {
        if (value < min || value > max) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw new IllegalArgumentException(PREFIX + property + what + " must be " + range + ", not " + value);
        }
    }
}
