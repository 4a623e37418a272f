package dev.keygate.gateway.fuzz;

import dev.keygate.gateway.fuzz.Draft.FuzzRequest;
import java.nio.charset.StandardCharsets;

/**
 * A command that sends one fuzz request again, byte for byte: a curl line where curl can say it plainly, else a
 * Python one-liner that writes the exact bytes to a socket. Port and ids are those of the run that printed it.
 */
final class Repro {

  private static final int MAX = 2400;

  private Repro() {}

  static String of(FuzzRequest r, int port) {
    String curl = curl(r, port);
    if (curl != null) {
      return curl;
    }
    String bytes = Printable.python(Wire.wireBytes(r, port));
    if (bytes.length() > MAX) {
      return "(" + Wire.wireBytes(r, port).length + " bytes that do not shorten: replay by seed)";
    }
    return "python3 -c \"import socket;s=socket.create_connection(('127.0.0.1'," + port + "));s.sendall(" + bytes
        .replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`")
        + ");print(b''.join(iter(lambda:s.recv(65536),b'')).decode('utf-8','replace'))\"";
  }

  /** The request on a keep-alive connection, then a second one on the same connection (a silent close shows). */
  static String keepAlive(FuzzRequest r, int port) {
    byte[] first = Wire.wireBytes(r, port, true);
    String bytes = Printable.python(first)
        + "+b'GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n'";
    if (bytes.length() > MAX) {
      return "(" + first.length + " bytes that do not shorten: replay by seed)";
    }
    return "python3 -c \"import socket;s=socket.create_connection(('127.0.0.1'," + port + "));s.sendall(" + bytes
        .replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`")
        + ");print(b''.join(iter(lambda:s.recv(65536),b'')).decode('utf-8','replace'))\"  # expect two answers";
  }

  private static String curl(FuzzRequest r, int port) {
    if (r.raw() || r.noHost() || r.chunked() || !r.version().equals("HTTP/1.1") || r.hasHeader("host")
        || r.hasHeader("content-length") || r.hasHeader("transfer-encoding") || r.hasHeader("expect")) {
      return null;
    }
    String target = r.targetString();
    if (!plain(target) || target.length() > 400 || target.contains("'")) {
      return null;
    }
    StringBuilder s = new StringBuilder("curl -sS -i -X ").append(r.method()).append(" 'http://127.0.0.1:")
        .append(port).append(target).append('\'');
    for (String[] h : r.headers()) {
      if (!plain(h[0]) || !plain(h[1]) || h[1].length() > 400 || h[1].contains("'") || h[1].isEmpty()) {
        return null;
      }
      s.append(" -H '").append(h[0]).append(": ").append(h[1]).append('\'');
    }
    if (r.body() != null) {
      String body = new String(r.body(), StandardCharsets.ISO_8859_1);
      if (!plain(body) || body.length() > 600 || body.contains("'")) {
        return null;
      }
      s.append(" --data-binary '").append(body).append('\'');
      if (!r.hasHeader("content-type")) {
        s.append(" -H 'content-type:'");
      }
    }
    return s.toString();
  }

  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }
}
