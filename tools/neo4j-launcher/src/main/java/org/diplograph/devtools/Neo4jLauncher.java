package org.diplograph.devtools;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.internal.kernel.api.security.AuthenticationResult;
import org.neo4j.internal.kernel.api.security.LoginContext;
import org.neo4j.kernel.api.security.AuthManager;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.server.configuration.ServerSettings;

/**
 * Local Neo4j Community DBMS (embedded API) for development and CI.
 *
 * <p>Bolt (and Bolt-over-WebSocket for Neo4j Browser) on NEO4J_BOLT_PORT, HTTP API + Browser on NEO4J_HTTP_PORT,
 * auth enabled (user neo4j, password NEO4J_PASSWORD). Writes $NEO4J_HOME_DIR/ready once a query has succeeded and
 * blocks until SIGTERM/SIGINT, when a shutdown hook stops the DBMS cleanly. Started by scripts/neo4j.sh.
 *
 * <p>Environment (all optional):
 * <pre>
 *   NEO4J_HOME_DIR        data/, logs/, ready file          (default ./.neo4j)
 *   NEO4J_LISTEN          listen host                       (default 127.0.0.1)
 *   NEO4J_ADVERTISED_HOST host given to clients             (default NEO4J_LISTEN, or localhost for 0.0.0.0)
 *   NEO4J_BOLT_PORT       Bolt port                         (default 7687)
 *   NEO4J_HTTP_PORT       HTTP port, 0 disables HTTP        (default 7474)
 *   NEO4J_PASSWORD        password of user neo4j (min 8)    (default diplograph)
 *   NEO4J_PAGECACHE       page cache size, e.g. 512m, 2g    (default 512m)
 *   NEO4J_TX_MEMORY_TOTAL cap for all transactions' memory  (default 60% of max heap)
 *   NEO4J_TX_MEMORY_MAX   cap for one transaction's memory  (default half of NEO4J_TX_MEMORY_TOTAL)
 *   NEO4J_TX_TIMEOUT      transaction timeout, e.g. 10m, 0  (default 10m; 0 = none)
 *   NEO4J_TX_LOG_RETENTION tx log retention policy          (default "256M size")
 * </pre>
 * Any other Neo4j setting can be put in $NEO4J_HOME_DIR/neo4j.conf (key=value lines); it wins over the above.
 */
public final class Neo4jLauncher {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ");
    private static PrintWriter logFile;

    private Neo4jLauncher() {}

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable t) {
            log("FATAL: " + t);
            log(stackTrace(t));
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        long t0 = System.nanoTime();
        Path home = Path.of(env("NEO4J_HOME_DIR", ".neo4j")).toAbsolutePath().normalize();
        Path logs = Files.createDirectories(home.resolve("logs"));
        openLog(logs.resolve("launcher.log"));

        String listen = env("NEO4J_LISTEN", "127.0.0.1");
        String advertised = env("NEO4J_ADVERTISED_HOST",
                listen.equals("0.0.0.0") || listen.equals("::") ? "localhost" : listen);
        int boltPort = intEnv("NEO4J_BOLT_PORT", 7687);
        int httpPort = intEnv("NEO4J_HTTP_PORT", 7474);
        String password = env("NEO4J_PASSWORD", "diplograph");
        long pageCache = bytes(env("NEO4J_PAGECACHE", "512m"));
        long maxHeap = Runtime.getRuntime().maxMemory();
        long txTotal = bytes(env("NEO4J_TX_MEMORY_TOTAL", Long.toString(maxHeap * 6 / 10)));
        long txMax = bytes(env("NEO4J_TX_MEMORY_MAX", Long.toString(txTotal / 2)));
        Duration txTimeout = duration(env("NEO4J_TX_TIMEOUT", "10m"));
        String txLogRetention = env("NEO4J_TX_LOG_RETENTION", "256M size");

        if (password.length() < 8) {
            throw new IllegalArgumentException("NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)");
        }

        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);

        log(String.format(Locale.ROOT,
                "starting Neo4j %s home=%s bolt=%s:%d http=%s heap=%dm pagecache=%dm tx.total=%dm tx.max=%dm tx.timeout=%s",
                neo4jVersion(), home, listen, boltPort, httpPort > 0 ? listen + ":" + httpPort : "off",
                maxHeap >> 20, pageCache >> 20, txTotal >> 20, txMax >> 20, txTimeout));

        OutputStream userLog = new FileOutputStream(logs.resolve("neo4j.log").toFile(), true);
        Log4jLogProvider userLogProvider = new Log4jLogProvider(userLog);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(userLogProvider)
                // Embedded defaults are: no Bolt, no HTTP, no auth. Turn them on.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(listen, boltPort))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(advertised, boltPort))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, httpPort > 0)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Memory and transaction caps sized for a small (2-core) dev/CI machine.
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txTotal)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMax)
                .setConfig(GraphDatabaseSettings.transaction_timeout, txTimeout)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, txLogRetention)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(10))
                // Bolt otherwise idles 2 x 5 s on shutdown even with no connections.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                // No phoning home (there is no internet on CI anyway).
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(ServerSettings.allow_telemetry, false);
        if (httpPort > 0) {
            builder.setConfig(HttpConnector.listen_address, new SocketAddress(listen, httpPort))
                    .setConfig(HttpConnector.advertised_address, new SocketAddress(advertised, httpPort));
        }
        Path extraConf = home.resolve("neo4j.conf");
        if (Files.exists(extraConf)) {
            log("loading extra settings from " + extraConf);
            builder.loadPropertiesFromFile(extraConf);
        }

        DatabaseManagementService dbms = builder.build();
        log("DBMS started (" + ms(t0) + " ms since launcher start)");

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!shuttingDown.compareAndSet(false, true)) {
                return;
            }
            log("signal received, shutting down");
            long s0 = System.nanoTime();
            try {
                Files.deleteIfExists(ready);
                dbms.shutdown();
                log("shutdown complete (" + ms(s0) + " ms)");
            } catch (Throwable t) {
                log("shutdown failed: " + stackTrace(t));
            } finally {
                try {
                    userLogProvider.close();
                } catch (RuntimeException ignored) {
                    // best effort
                }
                stopped.countDown();
                closeLog();
            }
        }, "neo4j-shutdown"));

        ensurePassword(dbms, password);

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        awaitQuery(db, Duration.ofSeconds(120));

        // Write atomically so a reader never sees a half-written file.
        Path tmp = home.resolve("ready.tmp");
        Files.writeString(tmp, String.format(Locale.ROOT, "bolt://%s:%d%n%s", advertised, boltPort,
                httpPort > 0 ? String.format(Locale.ROOT, "http://%s:%d/browser/%n", advertised, httpPort) : ""));
        Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        log(String.format(Locale.ROOT, "READY bolt://%s:%d%s (%d ms since JVM start)", advertised, boltPort,
                httpPort > 0 ? String.format(Locale.ROOT, " http://%s:%d/browser/", advertised, httpPort) : "",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()));
        stopped.await();
    }

    /**
     * Makes NEO4J_PASSWORD the password of user neo4j, so the environment is the single source of truth. A fresh
     * DBMS starts with neo4j/neo4j and "change required". A cheap in-process login check skips the (slow on a cold
     * JVM: ~5 s) ALTER USER when the password already works; the embedded API runs as an internal full-access
     * subject, so ALTER USER on the system database needs no login.
     */
    private static void ensurePassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        if (passwordWorks(system, password)) {
            log("password of user neo4j already matches NEO4J_PASSWORD");
            return;
        }
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
        log("password of user neo4j set from NEO4J_PASSWORD");
    }

    /** True if neo4j/password logs in without "change required" (uses Neo4j internals; false on any doubt). */
    private static boolean passwordWorks(GraphDatabaseService system, String password) {
        try {
            AuthManager auth = ((GraphDatabaseAPI) system).getDependencyResolver().resolveDependency(AuthManager.class);
            LoginContext login = auth.login(Map.of("scheme", "basic", "principal", "neo4j",
                    "credentials", password.getBytes(StandardCharsets.UTF_8)), ClientConnectionInfo.EMBEDDED_CONNECTION);
            return login.subject().getAuthenticationResult() == AuthenticationResult.SUCCESS;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    private static void awaitQuery(GraphDatabaseService db, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                long one = db.executeTransactionally("RETURN 1 AS x", Map.of(),
                        r -> ((Number) r.next().get("x")).longValue());
                if (one == 1) {
                    return;
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(250);
        }
    }

    // ---- small helpers -------------------------------------------------------------------------------------------

    private static String env(String key, String def) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? def : v.trim();
    }

    private static int intEnv(String key, int def) {
        String v = env(key, Integer.toString(def));
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a port number, got '" + v + "'");
        }
    }

    /** "512m", "2g", "1024k", "123456" (bytes). */
    static long bytes(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (v.endsWith("b")) {
            v = v.substring(0, v.length() - 1);
        }
        switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 'k' -> mult = 1L << 10;
            case 'm' -> mult = 1L << 20;
            case 'g' -> mult = 1L << 30;
            default -> mult = 1;
        }
        if (mult != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Long.parseLong(v.trim()) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + s + "' (use e.g. 512m or 2g)");
        }
    }

    /** "10m", "90s", "1h", "0". */
    static Duration duration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            String n = v.substring(0, v.length() - 1);
            return switch (unit) {
                case 's' -> Duration.ofSeconds(Long.parseLong(n));
                case 'm' -> Duration.ofMinutes(Long.parseLong(n));
                case 'h' -> Duration.ofHours(Long.parseLong(n));
                default -> Duration.ofSeconds(Long.parseLong(v));
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (use e.g. 90s, 10m, 0)");
        }
    }

    private static String neo4jVersion() {
        Package p = DatabaseManagementService.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "5.x" : v;
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    private static synchronized void openLog(Path file) throws IOException {
        logFile = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
    }

    private static synchronized void closeLog() {
        if (logFile != null) {
            logFile.flush();
        }
    }

    /** Launcher log: $NEO4J_HOME_DIR/logs/launcher.log, mirrored to stdout. */
    static synchronized void log(String msg) {
        String line = OffsetDateTime.now().format(TS) + " [launcher] " + msg;
        System.out.println(line);
        System.out.flush();
        if (logFile != null) {
            logFile.println(line);
        }
    }
}
