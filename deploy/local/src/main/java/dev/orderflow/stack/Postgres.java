package dev.orderflow.stack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server from the zonky embedded binaries (a plain PostgreSQL build packaged as a
 * Maven artifact). PostgreSQL refuses to run as root; when the launcher is root the server runs in a
 * fresh user namespace (unshare -U), where it is an unprivileged user that still owns its files.
 */
final class Postgres implements Component {

    static final String SUPERUSER = "postgres";
    /** Local development credentials; each service logs in as its own role (name = password). */
    static final String SUPERUSER_PASSWORD = "postgres";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final StackConfig config;
    private final Path home;
    private final Path data;
    private final ManagedProcess postmaster;

    Postgres(StackConfig config) {
        this.config = config;
        this.home = config.runDir().resolve("postgres");
        this.data = home.resolve("data");
        // pg_ctl writes the postmaster's pid as the first line of postmaster.pid; its command line names the data dir.
        this.postmaster = new ManagedProcess(name(), data.resolve("postmaster.pid"), data.toString());
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String address() {
        return "127.0.0.1:" + config.postgresPort();
    }

    @Override
    public Optional<ProcessHandle> process() {
        return postmaster.running();
    }

    @Override
    public Path log() {
        return home.resolve("postgres.log");
    }

    @Override
    public void start() {
        if (postmaster.running().isPresent()) {
            return;
        }
        try {
            Path bin = binaries().resolve("bin");
            Files.createDirectories(home);
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                Path passwordFile = home.resolve("superuser.pw");
                Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
                run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                        "--pwfile=" + passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust",
                        "-E", "UTF8", "--no-locale", "--no-sync"), Duration.ofMinutes(2));
                Files.delete(passwordFile);
                Files.writeString(data.resolve("postgresql.conf"),
                        "\ninclude_if_exists = 'orderflow.conf'\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            // Rewritten at every start so that the port can change between runs.
            Files.writeString(data.resolve("orderflow.conf"), String.join("\n",
                    "# Written by the orderflow local stack at every start.",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + config.postgresPort(),
                    "unix_socket_directories = ''",
                    "max_connections = 300",
                    "shared_buffers = 128MB",
                    // The services' outbox and pending_calls are queues (messaging migration V0_4):
                    // autovacuum visits each database every few seconds instead of once a minute.
                    "autovacuum_naptime = 10s",
                    // What each statement costs, per database (bench --profile reads it; see StatementStatistics).
                    "shared_preload_libraries = 'pg_stat_statements'",
                    "pg_stat_statements.track = top",
                    "log_min_messages = warning",
                    ""), StandardCharsets.UTF_8);
            Files.deleteIfExists(data.resolve("postmaster.pid")); // stale: running() said no server owns it
            run(List.of(bin.resolve("pg_ctl").toString(), "start", "-D", data.toString(), "-l", log().toString(),
                    "-W"), Duration.ofMinutes(1));
            awaitPostmasterPid(Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** pg_ctl -W returns at once; the postmaster writes its pid file a moment later. */
    private void awaitPostmasterPid(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (postmaster.running().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL did not start. Last lines of " + log() + ":\n"
                        + ManagedProcess.tail(log(), 30));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void awaitReady(Duration timeout) {
        Readiness.await(name(), postmaster::running, log(), timeout, () -> {
            try (Connection ignored = superuserConnection()) {
                return Optional.empty();
            } catch (SQLException e) {
                return Optional.of(e.getMessage());
            }
        });
    }

    /** Creates the login role and the database of that name (password = name) unless they exist. */
    void ensureDatabase(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
                statement.execute("CREATE ROLE \"" + name + "\" LOGIN PASSWORD '" + name + "'");
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                statement.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot provision database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Makes the statement statistics readable (the library is preloaded at every start; the view is created once). */
    void ensureStatementStatistics() {
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create pg_stat_statements: " + e.getMessage(), e);
        }
    }

    /** A connection as the superuser to the {@code postgres} database: for the stack's own tools (never a service). */
    Connection superuser() throws SQLException {
        return superuserConnection();
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            return query.executeQuery().next();
        }
    }

    private Connection superuserConnection() throws SQLException {
        DriverManager.setLoginTimeout(2);
        return DriverManager.getConnection(config.postgresJdbcUrl("postgres"), SUPERUSER, SUPERUSER_PASSWORD);
    }

    @Override
    public void stop() {
        Optional<ProcessHandle> server = postmaster.running();
        if (server.isEmpty()) {
            return;
        }
        try {
            // "fast": roll back open transactions and stop now, as a database going down would.
            run(List.of(binaries().resolve("bin/pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast",
                    "-w", "-t", "30"), Duration.ofSeconds(45));
        } catch (RuntimeException e) {
            ManagedProcess.terminate(server.get(), Duration.ofSeconds(10));
        }
        server.get().onExit().join();
    }

    /** SIGKILL of the server and its backends, as a crash would end it (fault tests); it runs crash recovery when started again. */
    void kill() {
        postmaster.kill();
    }

    private void run(List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("unshare", "--user"));
        }
        full.addAll(command);
        try {
            Files.createDirectories(home);
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("pg_ctl.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + process.exitValue()
                        + "):\n" + ManagedProcess.tail(home.resolve("pg_ctl.log"), 20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * The unpacked PostgreSQL installation. The distribution ships the zonky archive
     * (postgres-&lt;platform&gt;.txz); it is unpacked next to it once, atomically.
     */
    private Path binaries() {
        Path dir = config.distDir().resolve("postgres");
        Path installed = dir.resolve("pgsql");
        if (Files.isExecutable(installed.resolve("bin/postgres"))) {
            return installed;
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path archive = files.filter(p -> p.getFileName().toString().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL archive (*.txz) in " + dir));
            Path staging = Files.createTempDirectory(dir, "pgsql-");
            unpack(archive, staging);
            try {
                Files.move(staging, installed, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isExecutable(installed.resolve("bin/postgres"))) {
                    throw raced;
                }
            }
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL in " + dir, e);
        }
    }

    private static void unpack(Path archive, Path target) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(out, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }
}
