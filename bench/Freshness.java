import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write-to-readable time under steady registration load (issue 3): registrations are sent at a fixed rate
 * (open loop: one every 1/rate s, whether or not earlier ones have answered, on at most 64 connections; the
 * rate ramps up over the warm-up so that a cold JVM is not met with a backlog); for one in {@code sample} of
 * them, from the moment its 201 arrives (during the warm-up too, uncounted, so that the read path is warm), {@code GET /api/users/{id}} on the query side is repeated every
 * {@code pollMs} until it answers 200, without {@code X-Min-Position}. The time from the 201 to that 200 is
 * the figure (so it includes one read's own latency, and is rounded up to the poll interval).
 *
 * <pre>
 *   java bench/Freshness.java COMMAND_URL QUERY_URL [rate=500] [seconds=60] [warmupSeconds=10] [sample=5] [pollMs=2]
 * </pre>
 * The reads carry the staff access token in env {@code BENCH_TOKEN}.
 * Before the summary it prints the sampled registrations' own POST latencies and the five seconds of the window with
 * the slowest reads (how many were over 100 ms, the worst read, the worst POST): a slow read in a second whose POSTs
 * were slow too is a stall of the whole machine, one in a second of fast POSTs a lagging projection.
 * The last line is machine-readable: {@code FRESHNESS rate=... sent=... created=... errors=... samples=... p50_ms=... p99_ms=...}.
 */
public class Freshness {

    private static final String PASSWORD = "vq7-Mz2#rTx9&Lp-wBk";

    public static void main(String[] args) throws Exception {
        String command = args[0];
        String query = args[1];
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        int sample = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(args.length > 6 ? Long.parseLong(args[6]) : 2);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService pollers = Executors.newScheduledThreadPool(4);
        String nonce = Long.toHexString(System.currentTimeMillis());
        AtomicLong sent = new AtomicLong();
        AtomicLong created = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        // per measured registration: when it was answered (ns since the window opened), its POST's latency, and its
        // 201 -> readable time (-1 until known): where a tail comes from, the write or the read side, and when
        ConcurrentLinkedQueue<long[]> timeline = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong sentAtWindowStart = new AtomicLong(-1);
        pollers.schedule(() -> sentAtWindowStart.set(sent.get()), measureFrom - start, TimeUnit.NANOSECONDS);

        Semaphore inFlight = new Semaphore(64);
        AtomicLong skipped = new AtomicLong();
        pacer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // ramp: during the warm-up, send only the share of the ticks that the elapsed fraction allows
            if (now < measureFrom && (now - start) * 1.0 / (measureFrom - start) < ThreadLocalRandom.current().nextDouble()) {
                return;
            }
            if (!inFlight.tryAcquire()) {
                skipped.incrementAndGet();
                return;
            }
            long n = sent.incrementAndGet();
            // warm-up registrations are sampled and polled too, so that the read path is warm when measuring
            // starts (a cold query side answers its first reads in hundreds of ms); only measured ones count
            boolean sampled = n % sample == 0;
            boolean measured = sampled && System.nanoTime() >= measureFrom;
            String tag = nonce + "_" + n;
            String body = String.format(Locale.ROOT, "{\"email\":\"f_%s@bench.example.com\",\"username\":\"f_%s\","
                    + "\"password\":\"%s\",\"first_name\":\"Bench\",\"last_name\":\"User\"}", tag, tag, PASSWORD);
            HttpRequest post = HttpRequest.newBuilder(URI.create(command + "/api/users")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long posted = System.nanoTime();
            http.sendAsync(post, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long answered = System.nanoTime();
                inFlight.release();
                if (failure != null || response.statusCode() != 201) {
                    if (errors.incrementAndGet() <= 3) {
                        System.err.println("registration failed: " + (failure != null ? failure : response.statusCode()));
                    }
                    return;
                }
                created.incrementAndGet();
                if (sampled) {
                    String location = response.headers().firstValue("Location").orElseThrow();
                    String id = location.substring(location.lastIndexOf('/') + 1);
                    long[] point = {answered - measureFrom, answered - posted, -1};
                    if (measured) {
                        timeline.add(point);
                    }
                    poll(http, pollers, query + "/api/users/" + id, answered, pollNanos,
                            measured ? latencies : new ConcurrentLinkedQueue<>(), measured ? timeouts : new AtomicLong(), point);
                }
            });
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);

        while (System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        pacer.shutdownNow();
        long sentInWindow = sent.get();
        long sentMeasured = sentInWindow - sentAtWindowStart.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        // let the last polls finish (each gives up after 5 s)
        pollers.schedule(() -> { }, 6, TimeUnit.SECONDS).get();
        pollers.shutdownNow();

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "sent %d registrations in %.1f s (%d warm-up s, ramping up), %.0f/s in the %d s"
                        + " measured; %d created, %d errors, %d ticks skipped (64 in flight); %d sampled, %d not"
                        + " readable within 5 s%n", sentInWindow, elapsed, warmup, sentMeasured / (double) seconds,
                seconds, created.get(), errors.get(), skipped.get(), sorted.size(), timeouts.get());
        System.out.printf(Locale.ROOT, "201 -> readable (ms): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0));
        printWhereTheTailIs(timeline);
        System.out.printf(Locale.ROOT, "FRESHNESS rate=%d achieved_rate=%.0f sent=%d created=%d errors=%d skipped=%d samples=%d"
                        + " timeouts=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", rate,
                sentMeasured / (double) seconds, sentInWindow, created.get(), errors.get(),
                skipped.get(), sorted.size(), timeouts.get(), ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0));
        System.exit(0);
    }

    /**
     * Reads in flight at most: the JDK client opens a connection for each concurrent request, and a burst of new
     * connections overflows the server's accept queue, where a dropped SYN costs a 1 s retransmission (which
     * then shows up as a 1 s "freshness" that belongs to the client).
     */
    private static final Semaphore READS = new Semaphore(8);

    private static void poll(HttpClient http, ScheduledExecutorService pollers, String url, long answered,
                             long pollNanos, ConcurrentLinkedQueue<Long> latencies, AtomicLong timeouts, long[] point) {
        if (!READS.tryAcquire()) {
            pollers.schedule(() -> poll(http, pollers, url, answered, pollNanos, latencies, timeouts, point),
                    pollNanos, TimeUnit.NANOSECONDS);
            return;
        }
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + System.getenv("BENCH_TOKEN")).GET().build();
        http.sendAsync(get, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            READS.release();
            if (failure == null && response.statusCode() == 200) {
                point[2] = now - answered; // before the add, which publishes it to the thread that reports
                latencies.add(now - answered);
            } else if (now - answered > TimeUnit.SECONDS.toNanos(5)) {
                timeouts.incrementAndGet();
            } else {
                pollers.schedule(() -> poll(http, pollers, url, answered, pollNanos, latencies, timeouts, point),
                        pollNanos, TimeUnit.NANOSECONDS);
            }
        });
    }

    /**
     * The measured registrations' own POST latencies, and the seconds of the window that hold the slowest reads: is a
     * tail spread out (queueing) or in a few bursts (a stall), and were the registrations themselves slow then.
     */
    private static void printWhereTheTailIs(ConcurrentLinkedQueue<long[]> timeline) {
        List<Long> posts = new ArrayList<>();
        TreeMap<Long, long[]> seconds = new TreeMap<>(); // second -> {samples, over 100 ms, worst read, worst POST}
        for (long[] point : timeline) {
            posts.add(point[1]);
            long[] second = seconds.computeIfAbsent(point[0] / 1_000_000_000L, s -> new long[4]);
            second[0]++;
            if (point[2] > TimeUnit.MILLISECONDS.toNanos(100)) {
                second[1]++;
            }
            second[2] = Math.max(second[2], point[2]);
            second[3] = Math.max(second[3], point[1]);
        }
        Collections.sort(posts);
        System.out.printf(Locale.ROOT, "the sampled registrations' POST latency (ms): p50 %.1f  p99 %.1f  max %.1f%n",
                ms(posts, 0.50), ms(posts, 0.99), ms(posts, 1.0));
        long over = seconds.values().stream().mapToLong(second -> second[1]).sum();
        long secondsWithTail = seconds.values().stream().filter(second -> second[1] > 0).count();
        System.out.printf(Locale.ROOT, "reads over 100 ms: %d, in %d of the %d seconds; the worst seconds:%n",
                over, secondsWithTail, seconds.size());
        seconds.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[2], a.getValue()[2])).limit(5)
                .forEach(entry -> System.out.printf(Locale.ROOT,
                        "  second %d: %d sampled, %d over 100 ms, worst read %.1f ms, worst POST %.1f ms%n", entry.getKey(),
                        entry.getValue()[0], entry.getValue()[1], entry.getValue()[2] / 1e6, entry.getValue()[3] / 1e6));
    }

    private static double ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
