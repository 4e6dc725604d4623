package dev.accounts.command.password;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder.BCryptVersion;
import org.springframework.stereotype.Component;

/**
 * Hashes passwords with the configured algorithm and verifies hashes of any supported algorithm, in
 * Django's self-describing stored formats:
 * <ul>
 *   <li>{@code argon2$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}: Spring Security's
 *       {@code Argon2PasswordEncoder} form (16-byte salt, 32-byte hash, unpadded Base64) prefixed
 *       with {@code argon2$};</li>
 *   <li>{@code bcrypt$$2b$12$...}: {@link BCryptPasswordEncoder} output prefixed with {@code bcrypt$}
 *       ({@code $2a$} and {@code $2y$} hashes are verified too);</li>
 *   <li>{@code pbkdf2_sha256$<iterations>$<salt>$<hash>}: exactly as Django writes it, PBKDF2 with
 *       HMAC-SHA256, a 32-byte key in padded standard Base64 and a 22-character alphanumeric salt.</li>
 * </ul>
 * Thread-safe. Nothing here ever puts a password or a hash into a {@code toString()}, a log or an
 * exception message.
 *
 * <p>At most {@code accounts.password.max-concurrent} computations run at once: hashing is CPU- and (Argon2)
 * memory-bound, so more at once than cores only thrashes and risks the heap. Where they run depends on what they
 * have been costing (a moving average of their CPU time):
 * <ul>
 *   <li>Long ones (1 ms and more: every production setting) run on hashing threads of their own
 *       ({@code accounts-hash-<n>}, as many as the bound but no more than cores) while the caller waits. A hashing thread with work
 *       queued goes straight on to the next computation. Request threads taking turns at a semaphore instead
 *       handed the core over at every turn, and the scheduler often woke the next one on the core still busy
 *       hashing: with 16 callers the argon2id hash alone ran at 76-86 hashes/s that way, and at 89-90 on hashing
 *       threads (docs/BENCHMARKS.md, session 9).</li>
 *   <li>Short ones (PBKDF2 at 1,000 iterations is 0.13 ms) run on the caller's thread within the same bound: a
 *       handover to another thread and back would cost about as much as the computation, and did cost the
 *       registration pipeline 0.1-0.4 ms of the JVM's CPU a request.</li>
 * </ul>
 * The hashing threads are daemons, started when needed, that end after a minute idle, so an instance needs no
 * closing.
 */
@Component
public class PasswordHashing {

    static final String ARGON2_PREFIX = "argon2$";
    static final String BCRYPT_PREFIX = "bcrypt$";
    static final String PBKDF2_PREFIX = "pbkdf2_sha256$";

    static final int ARGON2_SALT_BYTES = 16;
    static final int ARGON2_HASH_BYTES = 32;
    static final int ARGON2_VERSION = 19;
    static final int PBKDF2_KEY_BYTES = 32;
    static final int PBKDF2_SALT_CHARS = 22;

    /** Per-thread CPU time, where the JVM measures it (-1 where it does not: nothing is recorded then). */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String SALT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** A stored Argon2 hash asking for more memory than this (4 GiB) is treated as malformed. */
    private static final long MAX_ARGON2_MEMORY_KIB = 4L * 1024 * 1024;

    private static final Pattern ARGON2 = Pattern.compile(
            "argon2\\$(argon2id|argon2i|argon2d)\\$(?:v=(\\d{1,3})\\$)?m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,8})"
                    + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Pattern BCRYPT = Pattern.compile("bcrypt\\$\\$2[aby]?\\$(\\d\\d)\\$[./0-9A-Za-z]{53}");
    private static final Pattern PBKDF2 = Pattern.compile("pbkdf2_sha256\\$(\\d{1,10})\\$([^$]+)\\$([A-Za-z0-9+/=]+)");

    private final String algorithm;
    private final int iterations;
    private final int memoryKib;
    private final int parallelism;
    private final Argon2 argon2;
    private final BCrypt bcrypt;
    private final SecureRandom random = new SecureRandom();
    /** A computation whose moving-average CPU time is at least this runs on a hashing thread. */
    static final long HASHING_THREAD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The bound on computations at once, whichever thread runs them. */
    private final Semaphore slots;
    /** The hashing threads, as many as {@code accounts.password.max-concurrent} but no more than cores. */
    private final ThreadPoolExecutor workers;
    /** The moving average (1/8 weight to the newest) of a computation's CPU time, in nanoseconds. */
    private final AtomicLong typicalCpuNanos = new AtomicLong();
    private final Timer cpuPerHash;

    /** The same hashing outside Spring (tests, the benchmark's hash alone), timed into a registry of its own. */
    public PasswordHashing(PasswordProperties properties) {
        this(properties, new SimpleMeterRegistry());
    }

    @Autowired
    public PasswordHashing(PasswordProperties properties, MeterRegistry meters) {
        Objects.requireNonNull(properties, "properties");
        this.cpuPerHash = Timer.builder("accounts.password.hash.cpu")
                .description("CPU time of one password hash computation, hashing or verifying (not the wait for a slot or a hashing thread)")
                .register(meters);
        this.algorithm = properties.algorithm();
        this.iterations = properties.effectiveIterations();
        this.memoryKib = properties.memoryKib();
        this.parallelism = properties.parallelism();
        this.slots = new Semaphore(properties.maxConcurrent(), true);
        this.workers = hashingThreads(Math.min(properties.maxConcurrent(), Runtime.getRuntime().availableProcessors()));
        boolean isArgon2 = PasswordProperties.ARGON2ID.equals(algorithm);
        boolean isBcrypt = PasswordProperties.BCRYPT.equals(algorithm);
        // Verification reads the parameters from the stored hash, so the encoders of algorithms not
        // configured only need valid parameters of their own.
        this.argon2 = isArgon2
                ? new Argon2(parallelism, memoryKib, iterations, properties.maxConcurrent(), random)
                : new Argon2(PasswordProperties.DEFAULT_PARALLELISM, PasswordProperties.DEFAULT_MEMORY_KIB,
                        PasswordProperties.DEFAULT_ARGON2_ITERATIONS, properties.maxConcurrent(), random);
        this.bcrypt = new BCrypt(isBcrypt ? iterations : PasswordProperties.DEFAULT_BCRYPT_LOG_ROUNDS, random);
    }

    /** The configured algorithm: {@code argon2id}, {@code bcrypt} or {@code pbkdf2_sha256}. */
    public String algorithm() {
        return algorithm;
    }

    /**
     * Hashes a password with the configured algorithm and parameters and a fresh random salt.
     *
     * @throws IllegalArgumentException with bcrypt, for a password longer than 72 UTF-8 bytes
     */
    public String hash(CharSequence raw) {
        Objects.requireNonNull(raw, "raw password");
        return bounded(() -> switch (algorithm) {
            case PasswordProperties.BCRYPT -> BCRYPT_PREFIX + bcrypt.encode(raw);
            case PasswordProperties.PBKDF2_SHA256 -> encodePbkdf2(raw, newSalt(), iterations);
            default -> "argon2" + argon2.encode(raw);
        });
    }

    /** The CPU time each hash computation took (the metric {@code accounts.password.hash.cpu}). */
    public Timer cpuPerHash() {
        return cpuPerHash;
    }

    /**
     * Runs a hash computation within the {@code accounts.password.max-concurrent} bound, on a hashing thread when
     * computations have been taking 1 ms of CPU or more and on this one otherwise, and records the CPU time it
     * took. What the computation throws is thrown here.
     */
    <T> T bounded(Supplier<T> computation) {
        if (!onHashingThreads()) {
            return inSlot(computation);
        }
        Future<T> result = workers.submit(() -> inSlot(computation));
        // Waits out an interrupt: a hash is soon done, and an interrupted verification must not read as a wrong
        // password (a failed login, a refused password change). The interrupt is set again afterwards.
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("A password hash failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the next computation will run on a hashing thread. */
    boolean onHashingThreads() {
        return typicalCpuNanos.get() >= HASHING_THREAD_NANOS;
    }

    private <T> T inSlot(Supplier<T> computation) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to hash a password", e);
        }
        long cpuBefore = -1;
        try {
            cpuBefore = THREADS.getCurrentThreadCpuTime();
            return computation.get();
        } finally {
            long cpuAfter = cpuBefore >= 0 ? THREADS.getCurrentThreadCpuTime() : -1;
            slots.release();
            if (cpuBefore >= 0 && cpuAfter >= cpuBefore) {
                long took = cpuAfter - cpuBefore;
                cpuPerHash.record(took, TimeUnit.NANOSECONDS);
                typicalCpuNanos.getAndUpdate(typical -> typical + (took - typical) / 8);
            }
        }
    }

    private static ThreadPoolExecutor hashingThreads(int count) {
        AtomicInteger started = new AtomicInteger();
        ThreadFactory factory = work -> {
            Thread thread = new Thread(work, "accounts-hash-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(count, count, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * Whether {@code raw} is the password behind {@code stored}, a hash in any of the three formats,
     * whatever the configured algorithm. False for a null argument or a malformed or unknown stored value.
     */
    public boolean matches(CharSequence raw, String stored) {
        if (raw == null || stored == null) {
            return false;
        }
        try {
            if (stored.startsWith(ARGON2_PREFIX)) {
                Argon2Hash parsed = Argon2Hash.parse(stored);
                if (parsed == null || parsed.memoryKib > MAX_ARGON2_MEMORY_KIB) {
                    return false;
                }
                // no version field means Argon2 1.0 (Argon2Hash says 16), which Bouncy Castle computes when told
                return bounded(() -> argon2.verify(raw, parsed));
            }
            if (stored.startsWith(BCRYPT_PREFIX)) {
                return BCRYPT.matcher(stored).matches()
                        && bounded(() -> bcrypt.verify(raw.toString(), stored.substring(BCRYPT_PREFIX.length())));
            }
            if (stored.startsWith(PBKDF2_PREFIX)) {
                Matcher m = PBKDF2.matcher(stored);
                if (!m.matches()) {
                    return false;
                }
                long storedIterations = Long.parseLong(m.group(1));
                if (storedIterations < 1 || storedIterations > Integer.MAX_VALUE) {
                    return false;
                }
                String computed = bounded(() -> encodePbkdf2(raw, m.group(2), (int) storedIterations));
                return MessageDigest.isEqual(
                        computed.getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
            }
            return false;
        } catch (RuntimeException malformed) {
            // Deliberately not logged or rethrown: the exception could describe the stored value.
            return false;
        }
    }

    /**
     * Whether {@code stored} should be re-hashed on the next successful login: its algorithm or its
     * parameters (Argon2 variant, version, m, t, p, salt and hash length; bcrypt rounds; PBKDF2
     * iterations) differ from the configured ones. True for a malformed or unknown stored value.
     */
    public boolean needsUpgrade(String stored) {
        if (stored == null) {
            return true;
        }
        switch (algorithm) {
            case PasswordProperties.BCRYPT -> {
                Matcher m = BCRYPT.matcher(stored);
                return !m.matches() || Integer.parseInt(m.group(1)) != iterations;
            }
            case PasswordProperties.PBKDF2_SHA256 -> {
                Matcher m = PBKDF2.matcher(stored);
                return !m.matches() || Long.parseLong(m.group(1)) != iterations;
            }
            default -> {
                Argon2Hash h = Argon2Hash.parse(stored);
                return h == null
                        || !h.type.equals("argon2id")
                        || h.version != ARGON2_VERSION
                        || h.memoryKib != memoryKib
                        || h.iterations != iterations
                        || h.parallelism != parallelism
                        || h.saltBytes() != ARGON2_SALT_BYTES
                        || h.hashBytes() != ARGON2_HASH_BYTES;
            }
        }
    }

    /** Django's {@code PBKDF2PasswordHasher.encode}: {@code pbkdf2_sha256$<iterations>$<salt>$<base64 key>}. */
    static String encodePbkdf2(CharSequence raw, String salt, int iterations) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(raw));
        byte[] password = new byte[encoded.remaining()];
        encoded.get(password);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        byte[] key = null;
        try {
            key = Pbkdf2Sha256.derive(password, salt.getBytes(StandardCharsets.UTF_8), iterations);
            return PBKDF2_PREFIX + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(key);
        } finally {
            Arrays.fill(password, (byte) 0);
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private String newSalt() {
        char[] salt = new char[PBKDF2_SALT_CHARS];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = SALT_ALPHABET.charAt(random.nextInt(SALT_ALPHABET.length()));
        }
        return new String(salt);
    }

    @Override
    public String toString() {
        return switch (algorithm) {
            case PasswordProperties.BCRYPT -> "PasswordHashing[algorithm=bcrypt, logRounds=" + iterations + "]";
            case PasswordProperties.PBKDF2_SHA256 ->
                    "PasswordHashing[algorithm=pbkdf2_sha256, iterations=" + iterations + "]";
            default -> "PasswordHashing[algorithm=argon2id, memoryKib=" + memoryKib + ", iterations=" + iterations
                    + ", parallelism=" + parallelism + "]";
        };
    }

    /** The parameters of a stored {@code argon2$...} hash; never holds the hash itself. */
    private record Argon2Hash(String type, boolean versionGiven, int version, long memoryKib, long iterations,
            long parallelism, byte[] salt, byte[] hash) {

        int saltBytes() {
            return salt.length;
        }

        int hashBytes() {
            return hash.length;
        }

        /** Null when {@code stored} is not a well-formed Django Argon2 hash. */
        static Argon2Hash parse(String stored) {
            Matcher m = ARGON2.matcher(stored);
            if (!m.matches()) {
                return null;
            }
            try {
                // No version field means Argon2 1.0 (0x10 = 16), as argon2-cffi reads it.
                int version = m.group(2) == null ? 16 : Integer.parseInt(m.group(2));
                long memory = Long.parseLong(m.group(3));
                long passes = Long.parseLong(m.group(4));
                long lanes = Long.parseLong(m.group(5));
                byte[] salt = Base64.getDecoder().decode(m.group(6));
                byte[] hash = Base64.getDecoder().decode(m.group(7));
                if (passes < 1 || lanes < 1 || memory < 8 * lanes
                        || memory > Integer.MAX_VALUE || passes > Integer.MAX_VALUE || salt.length < 8 || hash.length < 4) {
                    return null;
                }
                return new Argon2Hash(m.group(1), m.group(2) != null, version, memory, passes, lanes, salt, hash);
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
    }

    /**
     * Argon2 by Bouncy Castle's generator (the one Spring Security's {@code Argon2PasswordEncoder} uses), writing
     * and reading that encoder's form ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, unpadded Base64),
     * and verifying empty passwords too, as Django does.
     *
     * <p>A computation's memory (m KiB of 1 KiB blocks: 19 MiB by default) comes from a pool kept for each
     * slot, not allocated afresh, so a registration load no longer allocates 19 MiB a hash (about 1 GB/s
     * at 50 hashes/s): the service's JFR profile shows one young collection in 30 s. Bouncy Castle clears each
     * block as it returns it to the pool, as it would before dropping it.
     */
    private static final class Argon2 {

        private static final int ID = Argon2Parameters.ARGON2_id;

        private final int parallelism;
        private final int memoryKib;
        private final int iterations;
        private final SecureRandom random;
        /** One pool per slot; a computation holds a slot, so it always finds a pool here. */
        private final BlockingQueue<Argon2BytesGenerator.BlockPool> pools;

        Argon2(int parallelism, int memoryKib, int iterations, int slots, SecureRandom random) {
            Argon2Inlining.ensure();
            this.parallelism = parallelism;
            this.memoryKib = memoryKib;
            this.iterations = iterations;
            this.random = random;
            this.pools = new ArrayBlockingQueue<>(slots);
            for (int i = 0; i < slots; i++) {
                pools.add(new Argon2BytesGenerator.FixedBlockPool(
                        Argon2BytesGenerator.getBlockCount(memoryKib, parallelism)));
            }
        }

        String encode(CharSequence raw) {
            byte[] salt = new byte[ARGON2_SALT_BYTES];
            random.nextBytes(salt);
            byte[] hash = compute(ID, ARGON2_VERSION, memoryKib, iterations, parallelism, salt, raw, ARGON2_HASH_BYTES);
            Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
            return "$argon2id$v=" + ARGON2_VERSION + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                    + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
        }

        boolean verify(CharSequence raw, Argon2Hash stored) {
            int type = switch (stored.type()) {
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                default -> ID;
            };
            byte[] computed = compute(type, stored.version(), (int) stored.memoryKib(), (int) stored.iterations(),
                    (int) stored.parallelism(), stored.salt(), raw, stored.hashBytes());
            return MessageDigest.isEqual(computed, stored.hash());
        }

        private byte[] compute(int type, int version, int memory, int passes, int lanes, byte[] salt,
                               CharSequence raw, int length) {
            Argon2BytesGenerator.BlockPool pool = pools.poll();
            byte[] password = raw.toString().getBytes(StandardCharsets.UTF_8);
            try {
                Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(type).withVersion(version)
                        .withMemoryAsKB(memory).withIterations(passes).withParallelism(lanes).withSalt(salt);
                if (pool != null) {
                    parameters.withBlockPool(pool);
                }
                Argon2BytesGenerator generator = new Argon2BytesGenerator();
                generator.init(parameters.build());
                byte[] hash = new byte[length];
                generator.generateBytes(password, hash);
                return hash;
            } finally {
                Arrays.fill(password, (byte) 0);
                if (pool != null) {
                    pools.offer(pool);
                }
            }
        }

        @Override
        public String toString() {
            return "Argon2";
        }
    }

    /** Spring Security's bcrypt encoder writing {@code $2b$}, verifying empty passwords too as Django does. */
    private static final class BCrypt extends BCryptPasswordEncoder {

        BCrypt(int logRounds, SecureRandom random) {
            super(BCryptVersion.$2B, logRounds, random);
        }

        boolean verify(String raw, String encoded) {
            return matchesNonNull(raw, encoded);
        }

        @Override
        public String toString() {
            return "BCrypt";
        }
    }
}
