import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.accounts.command.password.PasswordHashing;
import dev.accounts.command.password.PasswordProperties;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A login's cryptography alone, with no HTTP, Axon or database: on N threads, verify the password against a stored
 * hash ({@code PasswordHashing.matches}, the algorithm from {@code ACCOUNTS_PASSWORD_ALGORITHM} /
 * {@code ACCOUNTS_PASSWORD_ITERATIONS} as the service reads them) and sign an access token of the service's shape
 * with the service's ES256 signer. Part of the login benchmark's floor: no login can cost less CPU than this.
 *
 * <pre>
 *   java -cp 'x/BOOT-INF/classes:x/BOOT-INF/lib/*' bench/LoginCryptoAlone.java [threads] [seconds] [warmupSeconds]
 * </pre>
 * The last line is machine-readable: {@code LOGIN_CRYPTO_ALONE threads=... logins=... per_s=... cpu_ms=...}, the mean
 * CPU time of one verification and signature over the measured run.
 */
public class LoginCryptoAlone {

    private static final String PASSWORD = "vq7-Mz2#rTx9&Lp-wBk";
    /** The first exception of a measuring thread: the run then prints no figure. */
    private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        String algorithm = System.getenv("ACCOUNTS_PASSWORD_ALGORITHM");
        String iterations = System.getenv("ACCOUNTS_PASSWORD_ITERATIONS");
        PasswordHashing hashing = new PasswordHashing(new PasswordProperties(
                algorithm == null || algorithm.isBlank() ? null : algorithm,
                iterations == null || iterations.isBlank() ? null : Integer.valueOf(iterations),
                null, null, null, null));
        String stored = hashing.hash(PASSWORD);
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        // the service's signer is package-private: it is what a login uses, so it is what is measured
        Constructor<?> signerConstructor = Class.forName("dev.accounts.command.auth.Es256Signer")
                .getDeclaredConstructor(ECKey.class);
        signerConstructor.setAccessible(true);
        JWSSigner signer = (JWSSigner) signerConstructor.newInstance(key);
        System.out.println("hasher: " + hashing + ", ES256, threads=" + threads + ", warm-up " + warmup
                + " s, measure " + seconds + " s");

        run(hashing, stored, signer, key, threads, warmup, new LongAdder(), new LongAdder());
        if (FAILURE.get() != null) {
            throw new IllegalStateException("a thread failed in the warm-up", FAILURE.get());
        }
        LongAdder done = new LongAdder();
        LongAdder cpuNanos = new LongAdder();
        long nanos = run(hashing, stored, signer, key, threads, seconds, done, cpuNanos);
        if (FAILURE.get() != null) {
            throw new IllegalStateException("a thread failed; no figure", FAILURE.get());
        }
        long logins = done.sum();
        System.out.printf("LOGIN_CRYPTO_ALONE threads=%d logins=%d seconds=%.3f per_s=%.1f cpu_ms=%.3f%n", threads,
                logins, nanos / 1e9, logins / (nanos / 1e9), cpuNanos.sum() / 1e6 / Math.max(1, logins));
    }

    private static long run(PasswordHashing hashing, String stored, JWSSigner signer, ECKey key, int threads,
                            double seconds, LongAdder done, LongAdder cpuNanos) throws InterruptedException {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                long cpuBefore = cpu.getCurrentThreadCpuTime();
                try {
                    while (!stop.get()) {
                        if (!hashing.matches(PASSWORD, stored)) {
                            throw new IllegalStateException("the password did not verify");
                        }
                        if (sign(signer, key).isEmpty()) {
                            throw new IllegalStateException("empty token");
                        }
                        done.increment();
                    }
                } catch (Exception | Error e) {
                    FAILURE.compareAndSet(null, e);
                    stop.set(true);
                } finally {
                    cpuNanos.add(cpu.getCurrentThreadCpuTime() - cpuBefore);
                    finished.countDown();
                }
            }, "login-crypto-" + i);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        finished.await();
        return System.nanoTime() - start;
    }

    /** A token of the shape the service issues (AccessTokens). */
    private static String sign(JWSSigner signer, ECKey key) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("accounts").subject(UUID.randomUUID().toString())
                .audience(List.of("accounts")).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900))).jwtID(UUID.randomUUID().toString())
                .claim("email", "login-1@bench.example.com").claim("username", "login1").claim("roles", List.of("user"))
                .build();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(key.getKeyID()).build(), claims);
        token.sign(signer);
        return token.serialize();
    }
}
