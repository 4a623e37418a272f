package dev.keygate.gateway.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Requests the JDK client refuses to send (huge request lines, raw bytes): written on a socket, answered with the
 * whole raw response. A connection closed without a status line comes back as an empty string.
 */
final class RawHttp {

  private RawHttp() {}

  static String exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
          if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
            break;
          }
        }
      } catch (IOException reset) {
        // a reset after the answer is fine; without one the answer is empty and the test says so
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  static String exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static boolean complete(String response) {
    int headersEnd = response.indexOf("\r\n\r\n");
    if (headersEnd < 0) {
      return false;
    }
    String lower = response.substring(0, headersEnd).toLowerCase();
    int at = lower.indexOf("content-length:");
    if (at < 0) {
      return false;
    }
    int end = lower.indexOf("\r\n", at);
    int length = Integer.parseInt(lower.substring(at + 15, end < 0 ? lower.length() : end).trim());
    return response.length() - headersEnd - 4 >= length;
  }
}
