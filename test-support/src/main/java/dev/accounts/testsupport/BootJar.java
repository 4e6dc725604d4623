package dev.accounts.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot jar run as a separate process, as production runs it, with its console in a log file
 * under {@code target/}. Tests meet it only through HTTP and the shared database.
 */
public final class BootJar implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BootJar.class.getName());

    private final String name;
    private final Process process;
    private final Api api;
    private final Path log;
    private final Launch launch;

    /** How the process was started, so that it can be started again after a kill. */
    private record Launch(Path jar, Map<String, String> environment, int port, String[] arguments) {
    }

    private BootJar(String name, Process process, Path log, Launch launch) {
        this.name = name;
        this.process = process;
        this.api = new Api(launch.port());
        this.log = log;
        this.launch = launch;
    }

    /** Starts {@code java -jar jar arguments...} with these environment variables added; does not wait for it. */
    public static BootJar launch(String name, Path jar, Map<String, String> environment, int port, String... arguments) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The jar of " + name + " is missing at " + jar.toAbsolutePath()
                    + ": build it first (./mvnw verify builds every module in order and runs the integration "
                    + "tests after packaging)");
        }
        Path log = Path.of("target", name + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            BootJar started = new BootJar(name, builder.start(), log, new Launch(jar, Map.copyOf(environment), port, arguments));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the same jar again, with the same environment, arguments and port (so clients find it where they did),
     * under a new name for its log; does not wait. Meant for after {@link #kill}: this process must be gone.
     */
    public BootJar relaunch(String newName) {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " still runs; kill it before relaunching it");
        }
        return launch(newName, launch.jar(), launch.environment(), launch.port(), launch.arguments());
    }

    /** Waits until {@code /actuator/health} answers 200; fails at once, with its console, if the process exits. */
    public BootJar awaitHealthy(Duration atMost) {
        await(name + " at " + api.base() + " to report itself healthy (log: " + log.toAbsolutePath() + ")")
                .atMost(atMost).pollInterval(Duration.ofMillis(100)).until(this::healthy);
        return this;
    }

    /** Waits until {@code /actuator/health} answers at all, healthy or not; fails at once if the process exits. */
    public BootJar awaitListening(Duration atMost) {
        await(name + " at " + api.base() + " to answer (log: " + log.toAbsolutePath() + ")")
                .atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> healthStatus() != 0);
        return this;
    }

    public boolean healthy() {
        return healthStatus() == 200;
    }

    /** The HTTP status of {@code /actuator/health}, 0 while nothing listens; fails if the process has exited. */
    private int healthStatus() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + output());
        }
        try {
            return api.get("/actuator/health").status();
        } catch (UncheckedIOException notYetListening) {
            return 0;
        }
    }

    public Api api() {
        return api;
    }

    public Process process() {
        return process;
    }

    public String name() {
        return name;
    }

    /** Everything the process has written to its console so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kill -9}: no shutdown hook, no graceful release of anything it holds. Returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived kill -9 for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A graceful stop (SIGTERM), then {@code kill -9} after 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Stops each of these processes that was started (nulls are skipped), reporting and going on if one fails. */
    public static void stopAll(AutoCloseable... processes) {
        for (AutoCloseable process : processes) {
            if (process != null) {
                try {
                    process.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "Could not stop a process", e);
                }
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
