package dev.accounts.query.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an operator's command (the {@code ./accounts} script) as a separate process, stdin closed, stdout a file. */
public final class Commands {

    /** The repository's root, where {@code ./accounts} lives. */
    public static final Path ROOT = Path.of(System.getProperty("accounts.root", "..")).toAbsolutePath().normalize();

    private Commands() {
    }

    /** How a command ended and what it wrote. */
    public record Result(int exitCode, String stdout, String stderr) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /**
     * The environment of this test JVM without any {@code SPRING_*} or {@code ACCOUNTS_*} setting, so that a
     * developer's own cannot leak into a command, plus the given ones.
     */
    public static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("ACCOUNTS_"));
        environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        environment.putAll(settings);
        return environment;
    }

    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path stdout = Files.createTempFile("accounts-command", ".out");
            Path stderr = Files.createTempFile("accounts-command", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout + ":\n"
                        + Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
