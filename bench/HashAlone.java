import dev.accounts.command.password.PasswordHashing;
import dev.accounts.command.password.PasswordProperties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The password hash alone, as the command side configures it, with no HTTP, Axon or database:
 * {@code PasswordHashing.hash} on N threads for a fixed time after a warm-up.
 *
 * <p>Run with the single-file source launcher against the classes and libraries of the Boot jar:
 * <pre>
 *   java -cp 'x/BOOT-INF/classes:x/BOOT-INF/lib/*' bench/HashAlone.java [threads] [seconds] [warmupSeconds]
 * </pre>
 * The algorithm comes from {@code ACCOUNTS_PASSWORD_ALGORITHM} / {@code ACCOUNTS_PASSWORD_ITERATIONS}
 * like the service's; unset means the production default (argon2id, m=19456 KiB, t=2, p=1).
 * The last line is machine-readable: {@code HASH_ALONE algorithm=... threads=... hashes=... seconds=... hashes_per_s=...
 * cpu_ms_per_hash=...}, the last the mean CPU time of one computation over the measured run, as the service's metric
 * {@code accounts.password.hash.cpu} measures it.
 */
public class HashAlone {

    private static final String PASSWORD = "vq7-Mz2#rTx9&Lp-wBk";

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
        System.out.println("hasher: " + hashing + ", threads=" + threads + ", warm-up " + warmup + " s, measure " + seconds + " s");

        run(hashing, threads, warmup);                  // warm-up: JIT, allocation paths
        long timedBefore = hashing.cpuPerHash().count();
        double cpuBefore = hashing.cpuPerHash().totalTime(TimeUnit.MILLISECONDS);
        LongAdder done = new LongAdder();
        long nanos = run(hashing, threads, seconds, done);
        double elapsed = nanos / 1e9;
        long hashes = done.sum();
        // the CPU time of one computation, as the service's metric accounts.password.hash.cpu measures it
        double cpuPerHash = (hashing.cpuPerHash().totalTime(TimeUnit.MILLISECONDS) - cpuBefore)
                / Math.max(1, hashing.cpuPerHash().count() - timedBefore);
        System.out.printf("HASH_ALONE algorithm=%s threads=%d hashes=%d seconds=%.3f hashes_per_s=%.1f cpu_ms_per_hash=%.2f%n",
                hashing.algorithm(), threads, hashes, elapsed, hashes / elapsed, cpuPerHash);
    }

    private static void run(PasswordHashing hashing, int threads, double seconds) throws InterruptedException {
        run(hashing, threads, seconds, new LongAdder());
    }

    private static long run(PasswordHashing hashing, int threads, double seconds, LongAdder done)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        String hash = hashing.hash(PASSWORD);
                        if (hash.isEmpty()) {
                            throw new IllegalStateException("empty hash");
                        }
                        done.increment();
                    }
                } finally {
                    finished.countDown();
                }
            }, "hash-" + i);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        // counts only hashes finished by the time the last thread stops, over the time that took
        finished.await();
        return System.nanoTime() - start;
    }
}
