package dev.keygate.gateway.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the server's certificate chain and key come from: two PEM files ({@code KEYGATE_TLS_CERT}, {@code
 * KEYGATE_TLS_KEY}) or one PKCS#12 file with its password ({@code KEYGATE_TLS_PKCS12}, {@code
 * KEYGATE_TLS_PKCS12_PASSWORD}). Either is read into the same {@link CertificateFiles}, so the servers, the checks
 * and the reload do not care which one the operator chose.
 */
public sealed interface CertificateSource {

  /** The files whose change means a new certificate (the reload watches them). */
  List<Path> files();

  /** Reads and checks the files now; a problem is an {@link IllegalArgumentException} naming the setting. */
  CertificateFiles read();

  /** A PEM certificate chain and its PEM key. */
  record Pem(Path cert, Path key) implements CertificateSource {

    @Override
    public List<Path> files() {
      return List.of(cert, key);
    }

    @Override
    public CertificateFiles read() {
      return CertificateFiles.read(cert, key);
    }
  }

  /** A PKCS#12 keystore (.p12, .pfx) holding the chain and the key, and the password that opens it. */
  record Pkcs12(Path file, String password) implements CertificateSource {

    @Override
    public List<Path> files() {
      return List.of(file);
    }

    @Override
    public CertificateFiles read() {
      return Pkcs12File.read(file, password);
    }

    /** The file only: the password never reaches a log line through this. */
    @Override
    public String toString() {
      return "Pkcs12[" + file + "]";
    }
  }
}
