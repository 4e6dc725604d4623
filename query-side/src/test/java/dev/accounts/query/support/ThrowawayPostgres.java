package dev.accounts.query.support;

import dev.accounts.testsupport.BootJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, for faults that must not touch the shared one (a restart, say): a new
 * cluster made with {@code initdb} in a temporary directory, on a free port of 127.0.0.1, with trust
 * authentication for {@code postgres}; stopped and deleted on {@link #close}. Run as root (as CI runs), the server
 * runs as the {@code postgres} account, as Debian's own clusters do, since PostgreSQL refuses to run as root.
 *
 * <p>Needs PostgreSQL's server programs on this machine: {@code initdb} and {@code pg_ctl} from the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's layout), or from {@code ACCOUNTS_TEST_PG_BIN}.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final Path bin;
    private final Path dataDirectory;
    private final int port;
    private final boolean asPostgres;
    private final List<Path> mounts = new ArrayList<>();

    private ThrowawayPostgres(Path bin, Path dataDirectory, int port, boolean asPostgres) {
        this.bin = bin;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Creates the cluster, starts its server and returns once it accepts connections. */
    public static ThrowawayPostgres start() {
        Path bin = serverPrograms();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path directory = Files.createTempDirectory("accounts-throwaway-pg-");
            if (root) {
                UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(SUPERUSER);
                Files.setOwner(directory, postgres);
            }
            ThrowawayPostgres server = new ThrowawayPostgres(bin, directory, BootJar.freePort(), root);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            server.run(List.of(bin.resolve("initdb").toString(), "--pgdata=" + server.data(), "--username=" + SUPERUSER,
                    "--auth=trust", "--encoding=UTF8", "--no-sync"));
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return SUPERUSER;
    }

    public int port() {
        return port;
    }

    /** Creates an empty database; returns its JDBC URL. */
    public String createDatabase(String name) {
        return createDatabase(name, "pg_default");
    }

    /** Creates an empty database whose tables are stored in this tablespace; returns its JDBC URL. */
    public String createDatabase(String name, String tablespace) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TABLESPACE " + tablespace);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /**
     * A tablespace on a filesystem of its own, only this many megabytes large (a tmpfs mounted under the cluster's
     * directory, unmounted on {@link #close}), for a disk that fills up. Mounting needs root.
     */
    public void createSmallTablespace(String name, int megabytes) {
        if (!asPostgres) {
            throw new IllegalStateException("A small tablespace is a tmpfs mounted for the test, which needs root");
        }
        Path location = dataDirectory.resolve(name);
        try {
            Files.createDirectories(location);
            execute(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", location.toString()));
            mounts.add(location);
            Files.setOwner(location, location.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLESPACE " + name + " LOCATION '" + location + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create tablespace " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server as {@code pg_ctlcluster ... stop} does by default: fast mode, which rolls back open
     * transactions, ends every session and writes a shutdown checkpoint. Returns once the server is gone.
     */
    public void stopServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "--pgdata=" + data(), "--mode=fast", "--wait", "stop"));
    }

    /** Starts the (stopped) server again; returns once it accepts connections. */
    public void startServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "--pgdata=" + data(), "--log=" + data().resolve("server.log"),
                "--wait", "--timeout=60",
                // the socket in the data directory, so that nothing is shared with the machine's own clusters
                "--options=-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + data(),
                "start"));
    }

    /** The server's own log, for a failure message. */
    public String log() {
        try {
            Path log = data().resolve("server.log");
            return Files.isReadable(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Stops the server, if it runs, and deletes the cluster. */
    @Override
    public void close() {
        if (!Files.exists(dataDirectory)) {
            return;
        }
        if (Files.exists(data().resolve("postmaster.pid"))) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "--pgdata=" + data(), "--mode=immediate", "--wait", "stop"));
            } catch (IllegalStateException alreadyStopped) {
                System.out.println("Could not stop the throwaway PostgreSQL: " + alreadyStopped.getMessage());
            }
        }
        for (Path mount : mounts) {
            try {
                execute(List.of("umount", mount.toString()));
            } catch (IllegalStateException notMounted) {
                System.out.println("Could not unmount " + mount + ": " + notMounted.getMessage());
            }
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("Could not delete " + dataDirectory + ": " + e);
        }
    }

    /** The cluster's directory: one level below the temporary directory, which initdb wants to create itself. */
    private Path data() {
        return dataDirectory.resolve("data");
    }

    /** Runs one of PostgreSQL's programs, as the postgres account when this runs as root. */
    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        execute(full);
    }

    private void execute(List<String> full) {
        try {
            Path output = Files.createTempFile("accounts-throwaway-pg", ".out");
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                    .directory(dataDirectory.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within 90 s");
            }
            String said = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n"
                        + said + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path serverPrograms() {
        String configured = System.getenv("ACCOUNTS_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(debian) ? Files.list(debian) : Stream.empty()) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing((Path bin) -> versionOf(bin)))
                    .orElseThrow(() -> new IllegalStateException("This test runs a PostgreSQL server of its own and "
                            + "needs PostgreSQL's server programs (initdb, pg_ctl): none under " + debian
                            + "/<version>/bin. Install Debian's postgresql package, or set ACCOUNTS_TEST_PG_BIN."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionOf(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }
}
