import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's mixed load (bench/soak.sh): every operation is sent at its own fixed rate (open loop: one every
 * 1/rate s whether or not earlier ones have answered, with at most {@value #IN_FLIGHT} of each operation in
 * flight; a tick that finds them all busy is skipped and counted).
 *
 * <ul>
 *   <li>{@code register}: {@code POST /api/users}, a new account each time</li>
 *   <li>{@code login}: {@code POST /api/auth/login} as a random registered account; its access token joins the
 *       {@value #SESSIONS} most recent sessions</li>
 *   <li>{@code patch}: {@code PATCH /api/users/{id}} of a session's own account, a new last name each time (so
 *       each one changes something and appends one {@code ProfileChanged})</li>
 *   <li>{@code get}: {@code GET /api/users/{id}} of a random account registered at least a second ago, staff token</li>
 *   <li>{@code me}: {@code GET /api/users/me} with a session's token</li>
 *   <li>{@code list}: {@code GET /api/users}, a random page of 20 (every fourth with a search), staff token</li>
 * </ul>
 * The staff token comes from logging in the superuser of env {@code BENCH_SUPERUSER_EMAIL} and
 * {@code BENCH_SUPERUSER_PASSWORD} (op {@code staff-login}), again every 10 minutes. Every write carries its own
 * {@code X-Request-Id}, which the command side keeps as the {@code correlation_id} of the events it causes.
 *
 * <pre>
 *   java bench/Soak.java COMMAND_URL QUERY_URL SECONDS OUT_DIR
 * </pre>
 * Rates from env {@code SOAK_RATES} (per second, default {@value #DEFAULT_RATES}). Writes
 * {@code OUT_DIR/writes.csv} ({@code op,request_id,status,user_id} for every write sent; status 0: no answer) and
 * prints one line a minute while running, then per operation a machine-readable line
 * {@code SOAK op=... sent=... acknowledged=... skipped=... statuses=201:...,409:... failures=... p50_ms=... p99_ms=...}
 * and per minute {@code SOAK_MINUTE minute=... requests=... errors=... read_p50_ms=... read_p99_ms=... write_p99_ms=...}.
 * No password or token is ever printed.
 */
public class Soak {

    static final String DEFAULT_RATES = "register=5 login=5 patch=10 get=100 me=50 list=10";
    static final int IN_FLIGHT = 32;
    static final int SESSIONS = 512;
    static final String PASSWORD = "vq7-Mz2#rTx9&Lp-wBk";
    static final Duration STAFF_LOGIN_EVERY = Duration.ofMinutes(10);
    static final Pattern ACCESS = Pattern.compile("\"access\"\\s*:\\s*\"([^\"]+)\"");
    static final Map<String, Integer> EXPECTED = Map.of("register", 201, "login", 200, "staff-login", 200,
            "patch", 200, "get", 200, "me", 200, "list", 200);
    static final Set<String> WRITES = Set.of("register", "login", "staff-login", "patch");

    record Account(String id, String email, long registeredAt) {
    }

    record Session(String userId, String token) {
    }

    /** One request's outcome: status 0 when no answer came (failure names the exception). */
    record Result(String op, String requestId, long startedAt, long nanos, int status, String failure, String userId) {
    }

    final String command;
    final String query;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    final String nonce = Long.toHexString(System.currentTimeMillis());
    final long start = System.nanoTime();
    final AtomicLong sequence = new AtomicLong();
    final List<Account> accounts = Collections.synchronizedList(new ArrayList<>());
    final AtomicReferenceArray<Session> sessions = new AtomicReferenceArray<>(SESSIONS);
    final AtomicLong sessionCount = new AtomicLong();
    final AtomicReference<String> staffToken = new AtomicReference<>();
    final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    final Map<String, Semaphore> inFlight = new LinkedHashMap<>();
    final Map<String, AtomicLong> skipped = new LinkedHashMap<>();

    Soak(String command, String query) {
        this.command = command;
        this.query = query;
        for (String op : EXPECTED.keySet()) {
            inFlight.put(op, new Semaphore(IN_FLIGHT));
            skipped.put(op, new AtomicLong());
        }
    }

    public static void main(String[] args) throws Exception {
        Soak soak = new Soak(args[0], args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        Map<String, Double> rates = rates(System.getenv().getOrDefault("SOAK_RATES", DEFAULT_RATES));
        soak.run(rates, seconds);
        soak.report(out, rates, seconds);
        System.exit(0);
    }

    static Map<String, Double> rates(String spec) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String part : spec.trim().split("[\\s,]+")) {
            String[] kv = part.split("=");
            if (!EXPECTED.containsKey(kv[0]) || kv[0].equals("staff-login")) {
                throw new IllegalArgumentException("unknown operation in SOAK_RATES: " + kv[0]);
            }
            rates.put(kv[0], Double.parseDouble(kv[1]));
        }
        return rates;
    }

    void run(Map<String, Double> rates, int seconds) throws Exception {
        staffLogin().handle((response, failure) -> null).join();
        if (staffToken.get() == null) {
            throw new IllegalStateException("the superuser could not log in; see the command side's log");
        }
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
        pacer.scheduleAtFixedRate(this::staffLogin, STAFF_LOGIN_EVERY.toNanos(), STAFF_LOGIN_EVERY.toNanos(),
                TimeUnit.NANOSECONDS);
        Map<String, Runnable> operations = Map.of("register", this::register, "login", this::login,
                "patch", this::patch, "get", this::get, "me", this::me, "list", this::list);
        rates.forEach((op, rate) -> {
            if (rate > 0) {
                pacer.scheduleAtFixedRate(() -> tick(op, operations.get(op)), 0, (long) (1e9 / rate), TimeUnit.NANOSECONDS);
            }
        });
        pacer.scheduleAtFixedRate(this::progress, 60, 60, TimeUnit.SECONDS);
        TimeUnit.SECONDS.sleep(seconds);
        pacer.shutdownNow();
        pacer.awaitTermination(5, TimeUnit.SECONDS);
        // the last requests answer (or time out after 30 s)
        for (Semaphore permits : inFlight.values()) {
            permits.tryAcquire(IN_FLIGHT, 35, TimeUnit.SECONDS);
        }
    }

    void tick(String op, Runnable operation) {
        try {
            operation.run();
        } catch (RuntimeException e) {
            // a pacer task that throws is never run again: report it and keep the rate
            System.err.println(op + ": " + e);
        }
    }

    CompletableFuture<?> staffLogin() {
        String body = String.format(Locale.ROOT, "{\"email\":\"%s\",\"password\":\"%s\"}",
                System.getenv("BENCH_SUPERUSER_EMAIL"), System.getenv("BENCH_SUPERUSER_PASSWORD"));
        return send("staff-login", post(command + "/api/auth/login", body), null, response -> {
            Matcher access = ACCESS.matcher(response.body());
            if (access.find()) {
                staffToken.set(access.group(1));
            }
            return null;
        });
    }

    void register() {
        String tag = nonce + "_" + sequence.incrementAndGet();
        String email = "s_" + tag + "@soak.example.com";
        String body = String.format(Locale.ROOT, "{\"email\":\"%s\",\"username\":\"s_%s\",\"password\":\"%s\","
                + "\"first_name\":\"Soak\",\"last_name\":\"User\"}", email, tag, PASSWORD);
        send("register", post(command + "/api/users", body), null, response -> {
            String location = response.headers().firstValue("Location").orElse("");
            String id = location.substring(location.lastIndexOf('/') + 1);
            accounts.add(new Account(id, email, System.nanoTime()));
            return id;
        });
    }

    void login() {
        Account account = anyAccount(0);
        if (account == null) {
            skipped.get("login").incrementAndGet();
            return;
        }
        String body = String.format(Locale.ROOT, "{\"email\":\"%s\",\"password\":\"%s\"}", account.email(), PASSWORD);
        send("login", post(command + "/api/auth/login", body), account.id(), response -> {
            Matcher access = ACCESS.matcher(response.body());
            if (access.find()) {
                long n = sessionCount.getAndIncrement();
                sessions.set((int) (n % SESSIONS), new Session(account.id(), access.group(1)));
            }
            return null;
        });
    }

    void patch() {
        Session session = anySession();
        if (session == null) {
            skipped.get("patch").incrementAndGet();
            return;
        }
        String body = "{\"last_name\":\"Soak-" + sequence.incrementAndGet() + "\"}";
        HttpRequest.Builder patch = HttpRequest.newBuilder(URI.create(command + "/api/users/" + session.userId()))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + session.token())
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        send("patch", patch, session.userId(), null);
    }

    void get() {
        Account account = anyAccount(TimeUnit.SECONDS.toNanos(1));
        if (account == null) {
            skipped.get("get").incrementAndGet();
            return;
        }
        send("get", read("/api/users/" + account.id(), staffToken.get()), account.id(), null);
    }

    void me() {
        Session session = anySession();
        if (session == null) {
            skipped.get("me").incrementAndGet();
            return;
        }
        send("me", read("/api/users/me", session.token()), session.userId(), null);
    }

    void list() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int pages = Math.max(1, accounts.size() / 20);
        String path = random.nextInt(4) == 0
                ? "/api/users?search=soak%20" + nonce.substring(0, 4) + "&ordering=-date_joined&page=1"
                : "/api/users?page=" + (1 + random.nextInt(pages)) + "&page_size=20";
        send("list", read(path, staffToken.get()), null, null);
    }

    /** A random account registered at least {@code ageNanos} ago, or null while there is none. */
    Account anyAccount(long ageNanos) {
        synchronized (accounts) {
            int n = accounts.size();
            if (n == 0) {
                return null;
            }
            Account account = accounts.get(ThreadLocalRandom.current().nextInt(n));
            if (System.nanoTime() - account.registeredAt() >= ageNanos) {
                return account;
            }
            Account first = accounts.get(0);
            return System.nanoTime() - first.registeredAt() >= ageNanos ? first : null;
        }
    }

    Session anySession() {
        long n = Math.min(sessionCount.get(), SESSIONS);
        return n == 0 ? null : sessions.get(ThreadLocalRandom.current().nextInt((int) n));
    }

    HttpRequest.Builder post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpRequest.Builder read(String path, String token) {
        return HttpRequest.newBuilder(URI.create(query + path)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token).GET();
    }

    /**
     * Sends one request with its own X-Request-Id and records its outcome; {@code onSuccess} sees an answer with
     * the operation's expected status and may name the account it concerns (a registration's new id).
     */
    CompletableFuture<?> send(String op, HttpRequest.Builder request, String userId,
                              Function<HttpResponse<String>, String> onSuccess) {
        Semaphore permits = inFlight.get(op);
        if (!permits.tryAcquire()) {
            skipped.get(op).incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }
        String requestId = "soak-" + nonce + "-" + sequence.incrementAndGet();
        long started = System.nanoTime();
        return http.sendAsync(request.header("X-Request-Id", requestId).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long nanos = System.nanoTime() - started;
            try {
                if (failure != null) {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    results.add(new Result(op, requestId, started, nanos, 0, cause.getClass().getSimpleName(), userId));
                    return;
                }
                String resultUser = userId;
                if (response.statusCode() == EXPECTED.get(op) && onSuccess != null) {
                    String named = onSuccess.apply(response);
                    resultUser = named != null ? named : userId;
                }
                results.add(new Result(op, requestId, started, nanos, response.statusCode(), null, resultUser));
            } finally {
                permits.release();
            }
        });
    }

    void progress() {
        long now = System.nanoTime();
        Map<String, long[]> byOp = new TreeMap<>();
        for (Result result : results) {
            long[] counts = byOp.computeIfAbsent(result.op(), op -> new long[2]);
            counts[0]++;
            if (result.status() == EXPECTED.get(result.op())) {
                counts[1]++;
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "t=%ds", (now - start) / 1_000_000_000L));
        byOp.forEach((op, counts) -> line.append(String.format(Locale.ROOT, " %s=%d/%d", op, counts[1], counts[0])));
        System.out.println(line + " (acknowledged/answered)");
    }

    void report(Path out, Map<String, Double> rates, int seconds) throws IOException {
        List<Result> all = new ArrayList<>(results);
        try (PrintWriter writes = new PrintWriter(Files.newBufferedWriter(out.resolve("writes.csv")))) {
            writes.println("op,request_id,status,user_id");
            for (Result result : all) {
                if (WRITES.contains(result.op())) {
                    writes.printf("%s,%s,%d,%s%n", result.op(), result.requestId(), result.status(),
                            result.userId() == null ? "" : result.userId());
                }
            }
        }
        System.out.printf(Locale.ROOT, "rates (per second): %s; %d s%n", rates, seconds);
        for (String op : EXPECTED.keySet().stream().sorted().toList()) {
            List<Result> mine = all.stream().filter(result -> result.op().equals(op)).toList();
            Map<String, Long> statuses = new TreeMap<>();
            Map<String, Long> failures = new TreeMap<>();
            for (Result result : mine) {
                if (result.status() == 0) {
                    failures.merge(result.failure(), 1L, Long::sum);
                } else {
                    statuses.merge(Integer.toString(result.status()), 1L, Long::sum);
                }
            }
            long acknowledged = statuses.getOrDefault(Integer.toString(EXPECTED.get(op)), 0L);
            List<Long> nanos = mine.stream().map(Result::nanos).sorted().toList();
            System.out.printf(Locale.ROOT, "SOAK op=%s sent=%d acknowledged=%d skipped=%d statuses=%s failures=%s"
                            + " rate=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", op, mine.size(), acknowledged,
                    skipped.get(op).get(), join(statuses), join(failures), mine.size() / (double) seconds,
                    ms(nanos, 0.50), ms(nanos, 0.99), ms(nanos, 1.0));
        }
        Map<Long, List<Result>> byMinute = new TreeMap<>();
        for (Result result : all) {
            // the few sent in the last instant (the pacer stops after SECONDS) count in the last minute
            long minute = Math.min((result.startedAt() - start) / 60_000_000_000L, Math.max(0, seconds / 60 - 1));
            byMinute.computeIfAbsent(minute, m -> new ArrayList<>()).add(result);
        }
        byMinute.forEach((minute, mine) -> {
            List<Long> reads = mine.stream().filter(r -> !WRITES.contains(r.op())).map(Result::nanos).sorted().toList();
            List<Long> writes = mine.stream().filter(r -> WRITES.contains(r.op())).map(Result::nanos).sorted().toList();
            long errors = mine.stream().filter(r -> r.status() != EXPECTED.get(r.op())).count();
            System.out.printf(Locale.ROOT, "SOAK_MINUTE minute=%d requests=%d errors=%d read_p50_ms=%.1f read_p99_ms=%.1f"
                            + " write_p50_ms=%.1f write_p99_ms=%.1f%n", minute + 1, mine.size(), errors,
                    ms(reads, 0.5), ms(reads, 0.99), ms(writes, 0.5), ms(writes, 0.99));
        });
    }

    static String join(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((key, n) -> text.append(text.length() == 0 ? "" : ",").append(key).append(':').append(n));
        return text.toString();
    }

    static double ms(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }
}
