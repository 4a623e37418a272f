package dev.keygate.store.postgres.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made at test time with the {@code openssl} command line, and server certificates it signs
 * (EC P-256, PEM): what a test of TLS needs, never a key checked into the repository.
 */
public final class TestCertificates {

  private final Path directory;
  private final String name;

  private TestCertificates(Path directory, String name) {
    this.directory = directory;
    this.name = name;
  }

  /** A new authority in {@code directory}: {@code ca.crt} and its key. */
  public static TestCertificates authority(Path directory, String name) {
    TestCertificates ca = new TestCertificates(directory, name);
    ca.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + "-ca.key");
    ca.openssl("req", "-x509", "-new", "-key", name + "-ca.key", "-sha256", "-days", "2", "-subj", "/CN=" + name
        + " test CA", "-out", name + "-ca.crt");
    return ca;
  }

  public Path certificate() {
    return directory.resolve(name + "-ca.crt");
  }

  /** A server certificate and key for these host names (DNS names and IP addresses as subjectAltName). */
  public ServerCertificate server(String file, String... hosts) {
    StringBuilder san = new StringBuilder("subjectAltName=");
    for (int i = 0; i < hosts.length; i++) {
      san.append(i == 0 ? "" : ",").append(hosts[i].matches("[0-9.]+") ? "IP:" : "DNS:").append(hosts[i]);
    }
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file + ".ec.key");
    // PKCS#8, which every reader takes (PostgreSQL, Vert.x, Node)
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", file + ".ec.key", "-out", file + ".key");
    openssl("req", "-new", "-key", file + ".key", "-subj", "/CN=" + hosts[0], "-out", file + ".csr");
    try {
      Files.writeString(directory.resolve(file + ".ext"), san + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    openssl("x509", "-req", "-in", file + ".csr", "-CA", name + "-ca.crt", "-CAkey", name + "-ca.key",
        "-CAcreateserial", "-days", "2", "-sha256", "-extfile", file + ".ext", "-out", file + ".crt");
    Path key = directory.resolve(file + ".key");
    try {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new ServerCertificate(directory.resolve(file + ".crt"), key);
  }

  /** A server's certificate and private key files. */
  public record ServerCertificate(Path certificate, Path key) {}

  private void openssl(String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("openssl is needed for the TLS tests: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
