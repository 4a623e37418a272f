package dev.keygate.store.postgres.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fallback for machines where zonky cannot start PostgreSQL: as root, zonky runs initdb inside a user namespace
 * ({@code unshare -U}), which hardened kernels and some sandboxes forbid, and initdb refuses to run as root. This runs
 * the very binaries zonky unpacked (or the system's) as the unprivileged uid 65534 through {@code setpriv}, with the
 * data directory in a temporary directory that uid may write. Not root: the binaries simply run as the current user.
 */
final class UnprivilegedPostgres {

  private static final String NOBODY = "65534";

  private final Path bin;
  private final Path directory;
  private final int port;
  private final boolean durable;
  /** The server's TLS options ({@code -c ssl=on …}), or empty. */
  private final String tls;

  private UnprivilegedPostgres(Path bin, Path directory, int port, boolean durable, String tls) {
    this.bin = bin;
    this.directory = directory;
    this.port = port;
    this.durable = durable;
    this.tls = tls;
  }

  /**
   * Initializes a new cluster (on a free port when {@code port} is 0); {@code durable} keeps fsync and
   * synchronous_commit on.
   */
  static UnprivilegedPostgres create(int port, boolean durable) {
    return create(port, durable, null, null);
  }

  /** The same, serving TLS too with this certificate and key (copied beside the data, readable by its user only). */
  static UnprivilegedPostgres create(int port, boolean durable, Path tlsCert, Path tlsKey) {
    try {
      Path directory = Files.createTempDirectory("keygate-test-pg");
      String tls = "";
      if (tlsCert != null) {
        Path cert = Files.copy(tlsCert, directory.resolve("server.crt"));
        Path key = Files.copy(tlsKey, directory.resolve("server.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        if (isRoot()) {
          exec(List.of("chown", NOBODY + ":" + NOBODY, cert.toString(), key.toString()));
        }
        tls = " -c ssl=on -c ssl_cert_file=" + cert + " -c ssl_key_file=" + key;
      }
      if (isRoot()) {
        exec(List.of("chown", NOBODY + ":" + NOBODY, directory.toString()));
      }
      UnprivilegedPostgres pg = new UnprivilegedPostgres(binaries(), directory, port == 0 ? freePort() : port,
          durable, tls);
      exec(pg.asDatabaseUser(pg.bin.resolve("initdb").toString(), "-D", pg.data(), "-U", "postgres", "-A", "trust",
          "-E", "UTF-8", "--no-sync"));
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  void start() {
    exec(asDatabaseUser(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", directory.resolve("server.log")
        .toString(),
        "-w", "-o", "-p " + port + " -h 127.0.0.1 -k " + directory + " -c max_connections=300"
            + (durable ? "" : " -F -c synchronous_commit=off -c full_page_writes=off") + tls, "start"));
  }

  void stop() {
    exec(asDatabaseUser(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop"));
  }

  /** {@code pg_ctl stop -m immediate}: a crash, recovered from the write-ahead log on the next start. */
  void crash() {
    exec(asDatabaseUser(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
  }

  /**
   * The same crash of a server zonky started on {@code data}, with zonky's binaries and the way zonky runs them
   * (as root inside a user namespace, since pg_ctl refuses to run as root).
   */
  static void immediateStop(Path data) {
    try {
      List<String> command = new ArrayList<>();
      if (isRoot()) {
        command.addAll(List.of("unshare", "-U"));
      }
      command.addAll(List.of(binaries().resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
          "stop"));
      exec(command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String data() {
    return directory.resolve("data").toString();
  }

  private List<String> asDatabaseUser(String... command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** zonky's unpacked binaries under ot.epg.working-dir if present, else the system's PostgreSQL. */
  private static Path binaries() throws IOException {
    List<Path> roots = new ArrayList<>();
    String working = System.getProperty("ot.epg.working-dir");
    if (working != null) {
      roots.add(Path.of(working));
    }
    roots.add(Path.of("/usr/lib/postgresql"));
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> found = Files.find(root, 3, (p, a) -> p.endsWith("bin/initdb"))) {
          var initdb = found.sorted().reduce((a, b) -> b);
          if (initdb.isPresent()) {
            return initdb.get().getParent();
          }
        }
      }
    }
    throw new IllegalStateException("no PostgreSQL binaries found under " + roots);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void exec(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
