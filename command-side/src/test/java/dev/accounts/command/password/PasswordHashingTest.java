package dev.accounts.command.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashingTest {

    /** Django: make_password('password', salt='seasalt', hasher='pbkdf2_sha256') at 1000 iterations. */
    private static final String DJANGO_PBKDF2 = "pbkdf2_sha256$1000$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=";
    /** Python: hashlib.pbkdf2_hmac('sha256', 'pässwörd€'.encode(), b'seasalt', 1000), Base64. */
    private static final String DJANGO_PBKDF2_UNICODE = "pbkdf2_sha256$1000$seasalt$mkfWEQonRzhYOwg41qIG7+Ab/TiZG8ASqLX0YCjBDiU=";
    /** From Django's tests/auth_tests/test_hashers.py, all for "secret". */
    private static final String DJANGO_ARGON2ID =
            "argon2$argon2id$v=19$m=102400,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw";
    private static final String DJANGO_ARGON2I = "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q";
    private static final String DJANGO_ARGON2I_NO_VERSION = "argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$"
            + "gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg";
    /** jBCrypt's test vector for "abc". */
    private static final String BCRYPT_2A_ABC = "bcrypt$$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";

    private static final PasswordHashing ARGON2 = hashing("argon2id", 1, 1024, 1);
    private static final PasswordHashing BCRYPT = hashing("bcrypt", 4, null, null);
    private static final PasswordHashing PBKDF2 = hashing("pbkdf2_sha256", 1000, null, null);

    private static PasswordHashing hashing(String algorithm, Integer iterations, Integer memoryKib, Integer parallelism) {
        return new PasswordHashing(new PasswordProperties(algorithm, iterations, memoryKib, parallelism, null, null));
    }

    static Stream<Arguments> configured() {
        return Stream.of(
                Arguments.of(ARGON2, "^argon2\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$"),
                Arguments.of(BCRYPT, "^bcrypt\\$\\$2b\\$04\\$[./A-Za-z0-9]{53}$"),
                Arguments.of(PBKDF2, "^pbkdf2_sha256\\$1000\\$[A-Za-z0-9]{22}\\$[A-Za-z0-9+/]{43}=$"));
    }

    static Stream<PasswordHashing> all() {
        return Stream.of(ARGON2, BCRYPT, PBKDF2);
    }

    @ParameterizedTest
    @MethodSource("configured")
    void roundTrips(PasswordHashing hashing, String format) {
        String stored = hashing.hash("correct horse battery staple");

        assertThat(hashing.matches("correct horse battery staple", stored)).isTrue();
        assertThat(hashing.matches("correct horse battery stapler", stored)).isFalse();
        assertThat(hashing.matches("", stored)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("configured")
    void storedHashNamesItsAlgorithmAndParameters(PasswordHashing hashing, String format) {
        assertThat(hashing.hash("lètmein")).matches(format);
    }

    @ParameterizedTest
    @MethodSource("all")
    void saltsEveryHash(PasswordHashing hashing) {
        assertThat(hashing.hash("lètmein")).isNotEqualTo(hashing.hash("lètmein"));
    }

    @ParameterizedTest
    @MethodSource("all")
    void hashesAndMatchesTheEmptyAndNonAsciiPasswords(PasswordHashing hashing) {
        String blank = hashing.hash("");
        String unicode = hashing.hash("pässwörd€ 🔑");

        assertThat(hashing.matches("", blank)).isTrue();
        assertThat(hashing.matches(" ", blank)).isFalse();
        assertThat(hashing.matches("pässwörd€ 🔑", unicode)).isTrue();
        assertThat(hashing.matches("passwörd€ 🔑", unicode)).isFalse();
    }

    @Test
    void recordsTheCpuTimeOfEachComputationInItsMetric() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PasswordHashing hashing = new PasswordHashing(
                new PasswordProperties("pbkdf2_sha256", 1000, null, null, null, null), meters);

        String stored = hashing.hash("correct horse battery staple");
        hashing.matches("correct horse battery staple", stored);
        hashing.matches("wrong", stored);

        Timer timer = meters.get("accounts.password.hash.cpu").timer();
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(hashing.cpuPerHash()).isSameAs(timer);
    }

    @Test
    void writesPbkdf2ExactlyAsDjangoDoes() {
        assertThat(PasswordHashing.encodePbkdf2("password", "seasalt", 1000)).isEqualTo(DJANGO_PBKDF2);
        assertThat(PasswordHashing.encodePbkdf2("pässwörd€", "seasalt", 1000)).isEqualTo(DJANGO_PBKDF2_UNICODE);
    }

    @ParameterizedTest
    @MethodSource("all")
    void matchesDjangoHashesWhateverIsConfigured(PasswordHashing hashing) {
        assertThat(hashing.matches("password", DJANGO_PBKDF2)).isTrue();
        assertThat(hashing.matches("Password", DJANGO_PBKDF2)).isFalse();
        assertThat(hashing.matches("pässwörd€", DJANGO_PBKDF2_UNICODE)).isTrue();
        assertThat(hashing.matches("secret", DJANGO_ARGON2I)).isTrue();
        assertThat(hashing.matches("wrong", DJANGO_ARGON2I)).isFalse();
        assertThat(hashing.matches("secret", DJANGO_ARGON2I_NO_VERSION)).isTrue();
        assertThat(hashing.matches("wrong", DJANGO_ARGON2I_NO_VERSION)).isFalse();
        assertThat(hashing.matches("abc", BCRYPT_2A_ABC)).isTrue();
        assertThat(hashing.matches("abd", BCRYPT_2A_ABC)).isFalse();
    }

    @Test
    void matchesDjangosArgon2idHash() {
        assertThat(PBKDF2.matches("secret", DJANGO_ARGON2ID)).isTrue();
        assertThat(PBKDF2.matches("wrong", DJANGO_ARGON2ID)).isFalse();
    }

    /** HotSpot is told to inline Argon2's round into its loop before the first hash (see Argon2Inlining). */
    @Test
    void asksTheJitToInlineArgon2sRound() throws Exception {
        String directives = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});

        assertThat(ARGON2.hash("x")).startsWith("argon2$");
        assertThat(directives).contains("Argon2BytesGenerator$FillBlock", "roundFunction");
    }

    /** The Argon2 form is Spring Security's encoder's, both ways, and a reused memory pool changes no result. */
    @Test
    void argon2AgreesWithSpringSecuritysEncoderAcrossManyHashes() {
        Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 1024, 1);
        for (int i = 0; i < 20; i++) {
            String password = "pässwörd-" + i;
            String ours = ARGON2.hash(password);
            String theirs = "argon2" + spring.encode(password);

            assertThat(spring.matches(password, ours.substring("argon2".length()))).as(ours).isTrue();
            assertThat(ARGON2.matches(password, theirs)).as(theirs).isTrue();
            assertThat(ARGON2.matches(password + "!", theirs)).isFalse();
        }
    }

    @Test
    void matchesAcrossAlgorithms() {
        String argon2 = ARGON2.hash("lètmein");
        String bcrypt = BCRYPT.hash("lètmein");
        String pbkdf2 = PBKDF2.hash("lètmein");

        for (PasswordHashing hashing : new PasswordHashing[] {ARGON2, BCRYPT, PBKDF2}) {
            assertThat(hashing.matches("lètmein", argon2)).as("%s on argon2", hashing).isTrue();
            assertThat(hashing.matches("lètmein", bcrypt)).as("%s on bcrypt", hashing).isTrue();
            assertThat(hashing.matches("lètmein", pbkdf2)).as("%s on pbkdf2", hashing).isTrue();
            assertThat(hashing.matches("letmein", argon2)).as("%s on argon2", hashing).isFalse();
            assertThat(hashing.matches("letmein", bcrypt)).as("%s on bcrypt", hashing).isFalse();
            assertThat(hashing.matches("letmein", pbkdf2)).as("%s on pbkdf2", hashing).isFalse();
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "lètmein",
            "!unusablePasswordMarker",
            "md5$seasalt$5f4dcc3b5aa765d61d8327deb882cf99",
            "unsalted_md5$$5f4dcc3b5aa765d61d8327deb882cf99",
            "argon2$",
            "argon2$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ",
            "argon2$argon2id$v=19$m=1024,t=1,p=1$!!!!$!!!!",
            "argon2$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$A",
            "argon2$argon2id$v=19$m=1024,t=0,p=1$c29tZXNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
            "argon2$argon2id$v=19$m=4,t=1,p=1$c29tZXNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
            "argon2$argon2id$v=19$m=99999999999,t=1,p=1$c29tZXNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
            "argon2$argon2x$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$YC9+jJCrQhs5R6db7LlN8Q",
            "argon2$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$YC9+jJCrQhs5R6db7LlN8Q",
            "bcrypt$",
            "bcrypt$$2b$04$tooShort",
            "bcrypt$$2b$03$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
            "bcrypt$$2b$99$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
            "bcrypt$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
            "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
            "pbkdf2_sha256$",
            "pbkdf2_sha256$1000$seasalt",
            "pbkdf2_sha256$abc$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
            "pbkdf2_sha256$0$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
            "pbkdf2_sha256$-1000$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
            "pbkdf2_sha256$99999999999$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
            "pbkdf2_sha256$1000$$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
            "pbkdf2_sha256$1000$seasalt$not base64!",
            "pbkdf2_sha256$1000$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=$extra",
            "pbkdf2_sha1$1000$seasalt$YIWkt6M1JFXrHg5s0jZjBSc7C2Cz6QvchSJ0h8Y+i7c=",
    })
    void malformedOrUnknownStoredValuesNeverMatch(String stored) {
        for (PasswordHashing hashing : new PasswordHashing[] {ARGON2, BCRYPT, PBKDF2}) {
            assertThat(hashing.matches("password", stored)).as("%s", hashing).isFalse();
            assertThat(hashing.matches("abc", stored)).as("%s", hashing).isFalse();
            assertThat(hashing.matches("secret", stored)).as("%s", hashing).isFalse();
            assertThat(hashing.needsUpgrade(stored)).as("%s", hashing).isTrue();
        }
    }

    @Test
    void aNullPasswordNeverMatches() {
        assertThat(PBKDF2.matches(null, DJANGO_PBKDF2)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("all")
    void aHashUnderTheConfiguredParametersNeedsNoUpgrade(PasswordHashing hashing) {
        assertThat(hashing.needsUpgrade(hashing.hash("lètmein"))).isFalse();
    }

    @Test
    void aHashUnderOtherParametersNeedsUpgrade() {
        String argon2 = ARGON2.hash("lètmein");
        String bcrypt = BCRYPT.hash("lètmein");
        String pbkdf2 = PBKDF2.hash("lètmein");

        assertThat(hashing("argon2id", 2, 1024, 1).needsUpgrade(argon2)).as("argon2 t").isTrue();
        assertThat(hashing("argon2id", 1, 2048, 1).needsUpgrade(argon2)).as("argon2 m").isTrue();
        assertThat(hashing("argon2id", 1, 1024, 2).needsUpgrade(argon2)).as("argon2 p").isTrue();
        assertThat(ARGON2.needsUpgrade(DJANGO_ARGON2I.replace("m=8,t=1", "m=1024,t=1"))).as("argon2i").isTrue();
        assertThat(hashing("bcrypt", 5, null, null).needsUpgrade(bcrypt)).as("bcrypt rounds").isTrue();
        assertThat(BCRYPT.needsUpgrade(BCRYPT_2A_ABC)).as("bcrypt rounds").isTrue();
        assertThat(hashing("pbkdf2_sha256", 2000, null, null).needsUpgrade(pbkdf2)).as("pbkdf2 iterations").isTrue();
        assertThat(PBKDF2.needsUpgrade(DJANGO_PBKDF2)).as("same iterations").isFalse();
        assertThat(new PasswordHashing(PasswordProperties.defaults()).needsUpgrade(argon2)).as("OWASP defaults").isTrue();
    }

    @Test
    void aHashOfAnotherAlgorithmNeedsUpgrade() {
        String argon2 = ARGON2.hash("lètmein");
        String bcrypt = BCRYPT.hash("lètmein");
        String pbkdf2 = PBKDF2.hash("lètmein");

        assertThat(ARGON2.needsUpgrade(bcrypt)).isTrue();
        assertThat(ARGON2.needsUpgrade(pbkdf2)).isTrue();
        assertThat(BCRYPT.needsUpgrade(argon2)).isTrue();
        assertThat(BCRYPT.needsUpgrade(pbkdf2)).isTrue();
        assertThat(PBKDF2.needsUpgrade(argon2)).isTrue();
        assertThat(PBKDF2.needsUpgrade(bcrypt)).isTrue();
    }

    @Test
    void namesTheConfiguredAlgorithm() {
        assertThat(ARGON2.algorithm()).isEqualTo("argon2id");
        assertThat(BCRYPT.algorithm()).isEqualTo("bcrypt");
        assertThat(PBKDF2.algorithm()).isEqualTo("pbkdf2_sha256");
    }

    @Test
    void theDefaultsAreOwasps() {
        PasswordHashing defaults = new PasswordHashing(PasswordProperties.defaults());

        assertThat(defaults.algorithm()).isEqualTo("argon2id");
        assertThat(defaults).hasToString("PasswordHashing[algorithm=argon2id, memoryKib=19456, iterations=2, parallelism=1]");
        assertThat(new PasswordHashing(new PasswordProperties("bcrypt", null, null, null, null, null)))
                .hasToString("PasswordHashing[algorithm=bcrypt, logRounds=12]");
        assertThat(new PasswordHashing(new PasswordProperties("pbkdf2_sha256", null, null, null, null, null)))
                .hasToString("PasswordHashing[algorithm=pbkdf2_sha256, iterations=600000]");
    }

    @ParameterizedTest
    @MethodSource("all")
    void toStringHoldsNoPasswordOrHash(PasswordHashing hashing) {
        String stored = hashing.hash("hunter2-secret");

        assertThat(hashing.toString()).doesNotContain("hunter2").doesNotContain(stored).doesNotContain("$");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void computesNoMoreThanTheConfiguredNumberOfHashesAtOnce(boolean onHashingThreads) throws Exception {
        PasswordHashing hashing = new PasswordHashing(new PasswordProperties("pbkdf2_sha256", 1000, null, null, null, null, 2));
        if (onHashingThreads) {
            slowComputation(hashing);
        }
        assertThat(hashing.onHashingThreads()).isEqualTo(onHashingThreads);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch hold = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> computations = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                computations.add(callers.submit(() -> hashing.bounded(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        hold.await(300, TimeUnit.MILLISECONDS); // occupy the slot a while, using no CPU
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return running.decrementAndGet();
                })));
            }
            for (Future<Integer> computation : computations) {
                computation.get(30, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void shortComputationsRunOnTheCallersThreadAndLongOnesOnAHashingThread() {
        PasswordHashing hashing = new PasswordHashing(new PasswordProperties("pbkdf2_sha256", 1000, null, null, null, null, 2));
        String caller = Thread.currentThread().getName();
        for (int i = 0; i < 5_000 && (i < 20 || hashing.onHashingThreads()); i++) {
            hashing.hash("Probe-password-1"); // a cold JIT makes the first ones slow; the average follows the rest
        }
        assertThat(hashing.bounded(() -> Thread.currentThread().getName())).isEqualTo(caller);

        slowComputation(hashing);

        assertThat(hashing.bounded(() -> Thread.currentThread().getName())).startsWith("accounts-hash-");
        assertThat(hashing.matches("Probe-password-1", hashing.hash("Probe-password-1"))).isTrue();
        assertThat(hashing.matches("Probe-password-2", hashing.hash("Probe-password-1"))).isFalse();
    }

    @Test
    void aHashingThreadsFailureReachesTheCallerAsItWasThrown() {
        PasswordHashing hashing = new PasswordHashing(new PasswordProperties("pbkdf2_sha256", 1000, null, null, null, null, 2));
        slowComputation(hashing);
        IllegalArgumentException failure = new IllegalArgumentException("refused");

        List<String> thrownOn = new ArrayList<>();
        assertThatThrownBy(() -> hashing.bounded(() -> {
            thrownOn.add(Thread.currentThread().getName());
            throw failure;
        })).isSameAs(failure);
        assertThat(thrownOn).singleElement().asString().startsWith("accounts-hash-");
        assertThat(hashing.onHashingThreads()).isTrue();
    }

    @Test
    void anInterruptedCallerStillGetsTheVerdictOfAHashingThread() {
        PasswordHashing hashing = new PasswordHashing(new PasswordProperties("pbkdf2_sha256", 1000, null, null, null, null, 2));
        String stored = hashing.hash("Probe-password-1");
        slowComputation(hashing);

        Thread.currentThread().interrupt();
        boolean matches = hashing.matches("Probe-password-1", stored);
        boolean stillInterrupted = Thread.interrupted(); // clears the flag for the next test

        assertThat(matches).as("an interrupt does not turn a right password into a wrong one").isTrue();
        assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
    }

    /** A computation of 10 ms CPU or more, which moves the average past the hashing threads' 1 ms. */
    private static void slowComputation(PasswordHashing hashing) {
        hashing.bounded(() -> PasswordHashing.encodePbkdf2("Probe-password-1", "seasalt", 300_000));
        assertThat(hashing.onHashingThreads()).as("a 300,000-iteration PBKDF2 moves computations to hashing threads")
                .isTrue();
    }
}
