import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Hot spots of a JFR recording of the command side under load, as plain text:
 * <ul>
 *   <li>CPU samples ({@code jdk.ExecutionSample}): the hottest top frames, and the share of samples
 *       spent inside each interesting method (inclusive) - hashing, JSON, Axon, JDBC, Tomcat...;</li>
 *   <li>where request threads wait: {@code jdk.SocketRead} (database round trips),
 *       {@code jdk.JavaMonitorEnter} and {@code jdk.ThreadPark}, by the first application-level frame.</li>
 * </ul>
 * Usage: {@code java bench/JfrSummary.java recording.jfr [topN] [lastSeconds]}; with lastSeconds only
 * the events of the recording's last seconds count (the steady state, without start-up and warm-up).
 */
public class JfrSummary {

    /** Methods whose inclusive share is worth knowing, from the request down to the driver. */
    private static final List<String> INCLUSIVE = Stream.concat(Stream.of(
            "dev.accounts.command.web.UserController.register",
            "dev.accounts.command.user.Registrations.open",
            "dev.accounts.command.password.PasswordHashing.hash",
            "dev.accounts.command.password.PasswordHashing.inSlot",
            "dev.accounts.command.password.PasswordPolicy.check",
            "dev.accounts.command.user.AccountClaims.taken",
            "dev.accounts.command.user.AccountClaims.claim",
            "dev.accounts.command.user.EventPositions.latestOf",
            "org.axonframework.commandhandling.gateway.DefaultCommandGateway.sendAndWait",
            "org.axonframework.messaging.timeout.AxonTimeLimitedTask.start",
            "org.axonframework.messaging.timeout.AxonTimeLimitedTask.complete",
            "org.axonframework.modelling.command.AggregateAnnotationCommandHandler.handle",
            "org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine.appendEvents",
            "org.axonframework.serialization.jackson3.Jackson3Serializer.serialize",
            "org.springframework.web.servlet.mvc.method.annotation.AbstractMessageConverterMethodArgumentResolver.readWithMessageConverters",
            "org.springframework.web.servlet.mvc.method.annotation.AbstractMessageConverterMethodProcessor.writeWithMessageConverters",
            "java.util.UUID.randomUUID",
            "java.security.SecureRandom.nextBytes",
            "org.postgresql.jdbc.PgPreparedStatement.executeWithFlags",
            "org.postgresql.jdbc.PgConnection.commit",
            "com.zaxxer.hikari.pool.HikariPool.getConnection",
            "org.springframework.web.servlet.DispatcherServlet.doDispatch",
            "org.apache.coyote.http11.Http11Processor.service",
            "org.apache.tomcat.util.net.NioEndpoint$Poller.run"),
            // more, for the path under study: JFR_INCLUSIVE="package.Class.method,..."
            Stream.of(System.getenv().getOrDefault("JFR_INCLUSIVE", "").split(",")).filter(m -> !m.isBlank()))
            .toList();

    private static final Predicate<String> APP_FRAME = m -> m.startsWith("dev.accounts.");

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        long lastSeconds = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Instant from = Instant.MIN;
        if (lastSeconds > 0) {
            Instant end = Instant.MIN;
            try (RecordingFile recording = new RecordingFile(file)) {
                while (recording.hasMoreEvents()) {
                    Instant t = recording.readEvent().getEndTime();
                    if (t.isAfter(end)) {
                        end = t;
                    }
                }
            }
            from = end.minusSeconds(lastSeconds);
        }
        List<RecordedEvent> samples = new ArrayList<>();
        Map<String, List<RecordedEvent>> waits = new LinkedHashMap<>();
        for (String w : List.of("jdk.SocketRead", "jdk.JavaMonitorEnter", "jdk.ThreadPark")) {
            waits.put(w, new ArrayList<>());
        }
        double cpuJvmUser = 0, cpuJvmSystem = 0, cpuMachine = 0;
        int cpuLoads = 0;
        long gcPauseNanos = 0;
        int gcs = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (e.getStartTime().isBefore(from)) {
                    continue;
                }
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> samples.add(e);
                    case "jdk.CPULoad" -> {
                        cpuJvmUser += e.getFloat("jvmUser");
                        cpuJvmSystem += e.getFloat("jvmSystem");
                        cpuMachine += e.getFloat("machineTotal");
                        cpuLoads++;
                    }
                    case "jdk.GarbageCollection" -> {
                        gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
                        gcs++;
                    }
                    default -> {
                        if (waits.containsKey(type)) {
                            waits.get(type).add(e);
                        }
                    }
                }
            }
        }

        System.out.printf("recording %s: %d execution samples%s%n", file.getFileName(), samples.size(),
                lastSeconds > 0 ? " in its last " + lastSeconds + " s" : "");
        if (cpuLoads > 0) {
            System.out.printf("CPU (jdk.CPULoad, mean of %d, share of all cores): JVM user %.1f%%, JVM system %.1f%%, machine %.1f%%%n",
                    cpuLoads, 100 * cpuJvmUser / cpuLoads, 100 * cpuJvmSystem / cpuLoads, 100 * cpuMachine / cpuLoads);
        }
        System.out.printf("GC: %d collections, %.1f ms of pauses in total%n", gcs, gcPauseNanos / 1e6);

        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Map<String, Integer>> callers = new HashMap<>();
        for (RecordedEvent e : samples) {
            RecordedStackTrace st = e.getStackTrace();
            RecordedThread t = e.getThread("sampledThread");
            threads.merge(threadGroup(t), 1, Integer::sum);
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            String self = name(st.getFrames().get(0));
            topFrames.merge(self, 1, Integer::sum);
            callers.computeIfAbsent(self, k -> new HashMap<>()).merge(firstCaller(st), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : st.getFrames()) {
                String n = name(f);
                if (seen.add(n) && INCLUSIVE.contains(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        int n = Math.max(1, samples.size());
        System.out.println();
        System.out.println("== CPU samples by thread pool");
        print(threads, n, top);
        System.out.println();
        System.out.println("== CPU samples, hottest top frames (self)");
        print(topFrames, n, top);
        System.out.println();
        System.out.println("== who calls the 10 hottest top frames (first frame outside java.*, jdk.*, sun.*, com.sun.*)");
        topFrames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
                .forEach(e -> {
                    System.out.println("  " + e.getKey() + ":");
                    callers.get(e.getKey()).entrySet().stream()
                            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                            .forEach(c -> System.out.printf("      %5d  %s%n", c.getValue(), c.getKey()));
                });
        System.out.println();
        System.out.println("== CPU samples inside (inclusive)");
        INCLUSIVE.forEach(m -> System.out.printf("%6d %5.1f%%  %s%n", inclusive.getOrDefault(m, 0),
                100.0 * inclusive.getOrDefault(m, 0) / n, m));

        for (Map.Entry<String, List<RecordedEvent>> w : waits.entrySet()) {
            Map<String, Long> nanos = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            for (RecordedEvent e : w.getValue()) {
                RecordedThread t = e.getThread("eventThread");
                if (t == null || !threadGroup(t).startsWith("http-nio")) {
                    continue;
                }
                String key = waitSite(e.getStackTrace());
                nanos.merge(key, e.getDuration().toNanos(), Long::sum);
                counts.merge(key, 1, Integer::sum);
            }
            System.out.println();
            System.out.printf("== %s on request threads (events above the recording threshold), by site%n", w.getKey());
            nanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                    .forEach(en -> System.out.printf("%9.1f ms total  n=%-6d avg %6.1f ms  %s%n", en.getValue() / 1e6,
                            counts.get(en.getKey()), en.getValue() / 1e6 / counts.get(en.getKey()), en.getKey()));
        }
    }

    private static String waitSite(RecordedStackTrace st) {
        if (st == null) {
            return "(no stack)";
        }
        List<RecordedFrame> frames = st.getFrames();
        // the blocking JDK/driver call, then the first application frame above it
        String blocking = null;
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (blocking == null && !n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.")) {
                blocking = n;
            }
            if (APP_FRAME.test(n)) {
                return blocking + "  <-  " + n + ":" + f.getLineNumber();
            }
            if (n.startsWith("org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine")
                    || n.startsWith("org.springframework.jdbc.datasource.DataSourceTransactionManager")) {
                return blocking + "  <-  " + n;
            }
        }
        return blocking == null ? name(frames.get(0)) : blocking;
    }

    private static String firstCaller(RecordedStackTrace st) {
        for (RecordedFrame f : st.getFrames()) {
            String n = name(f);
            if (!n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.") && !n.startsWith("com.sun.")) {
                return n;
            }
        }
        return "(JDK only)";
    }

    private static String threadGroup(RecordedThread t) {
        if (t == null || t.getJavaName() == null) {
            return "(native)";
        }
        return t.getJavaName().replaceAll("-?\\d+$", "");
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(Map<String, Integer> counts, int total, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("%6d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / total, e.getKey()));
    }
}
