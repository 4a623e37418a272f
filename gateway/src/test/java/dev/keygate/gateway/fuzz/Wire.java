package dev.keygate.gateway.fuzz;

import dev.keygate.gateway.fuzz.Draft.FuzzRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends a {@link FuzzRequest}: with {@code java.net.http.HttpClient} (HTTP/1.1) when it can carry the bytes, else
 * over a raw socket that writes exactly what the request holds and reads the answer back, whatever it is.
 */
final class Wire {

  /** What came back: an answer (status, headers with lower-case names, body), or how the exchange broke. */
  record Outcome(int status, Map<String, List<String>> headers, byte[] body, String transport, long millis,
                 String via, String note, String protocol) {

    boolean answered() {
      return transport == null;
    }

    String bodyText() {
      return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    static Outcome broken(String how, long millis, String via) {
      return new Outcome(0, Map.of(), new byte[0], how, millis, via, null, null);
    }

    Outcome withNote(String text) {
      return new Outcome(status, headers, body, transport, millis, via, text, protocol);
    }
  }

  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

  /** Headers the JDK client refuses to set, or sets itself. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection", "http2-settings");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final int port;
  private HttpClient client = newClient();
  private int staleConnections;

  Wire(int port) {
    this.port = port;
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  int staleConnections() {
    return staleConnections;
  }

  /** A request after whose answer the server closed a keep-alive connection without saying so. */
  record SilentClose(FuzzRequest request, Outcome answer, String what) {}

  private FuzzRequest previous;
  private final List<SilentClose> silentCloses = new ArrayList<>();

  /** The silent closes found since the last call. */
  List<SilentClose> drainSilentCloses() {
    List<SilentClose> found = new ArrayList<>(silentCloses);
    silentCloses.clear();
    return found;
  }

  Outcome send(FuzzRequest request) {
    if (request.raw() || !clientCanSend(request)) {
      return viaSocket(request);
    }
    FuzzRequest before = previous;
    previous = request;
    try {
      return viaClient(client, request);
    } catch (IOException first) {
      // a pooled connection the server had closed after the previous answer looks the same as a drop: a fresh
      // client on a fresh connection tells them apart
      client = newClient();
      try {
        Outcome again = viaClient(client, request);
        staleConnections++;
        if (before != null) {
          SilentClose confirmed = keepAliveProbe(before);
          if (confirmed != null) {
            silentCloses.add(confirmed);
          }
        }
        return again.withNote("first attempt on a pooled connection failed: " + first);
      } catch (IOException second) {
        Outcome raw = viaSocket(request);
        String how = "java.net.http: " + describe(second);
        return raw.answered()
            ? Outcome.broken(how, raw.millis(), "java.net.http").withNote("a raw socket got " + raw.status() + " "
                + Printable.firstLine(raw.bodyText(), 120))
            : Outcome.broken(how + "; raw socket: " + raw.transport(), raw.millis(), "java.net.http+raw");
      }
    }
  }

  private static String describe(Throwable e) {
    StringBuilder s = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
    Throwable cause = e.getCause();
    while (cause != null && cause != cause.getCause()) {
      s.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
      cause = cause.getCause();
    }
    return s.toString();
  }

  private static boolean clientCanSend(FuzzRequest r) {
    if (!r.version().equals("HTTP/1.1") || r.noHost() || r.chunked()) {
      return false;
    }
    String target = r.targetString();
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^'
          || c == '`' || c == '{' || c == '|' || c == '}') {
        return false;
      }
    }
    try {
      URI.create("http://127.0.0.1" + target);
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (String[] h : r.headers()) {
      if (!TOKEN.matcher(h[0]).matches() || RESTRICTED.contains(h[0].toLowerCase(Locale.ROOT)) || h[1].isEmpty()) {
        return false;
      }
      String v = h[1];
      if (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ') {
        return false;
      }
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c < 0x20 || c >= 0x7f) {
          return false;
        }
      }
    }
    return true;
  }

  private Outcome viaClient(HttpClient http, FuzzRequest r) throws IOException {
    long start = System.nanoTime();
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r.targetString()))
        .timeout(ANSWER_TIMEOUT)
        .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(r.body()));
    for (String[] h : r.headers()) {
      builder.header(h[0], h[1]);
    }
    try {
      HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, List<String>> headers = new LinkedHashMap<>();
      response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
      return new Outcome(response.statusCode(), headers, response.body(), null, millis(start), "java.net.http", null,
          "HTTP/1.1");
    } catch (HttpTimeoutException e) {
      return Outcome.broken("timeout: no answer within " + ANSWER_TIMEOUT.toSeconds() + " s", millis(start),
          "java.net.http");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * Sends {@code r} again on a raw keep-alive connection, then a second request on the same connection: if the server
   * closed it after its answer without {@code Connection: close} (or an HTTP/1.0 answer), a client that keeps
   * connections alive, as most do, has its next request dropped.
   */
  SilentClose keepAliveProbe(FuzzRequest r) {
    byte[] first = wireBytes(r, port, true);
    byte[] second = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(first);
      out.flush();
      Outcome answer = read(in, System.nanoTime(), null);
      String connection = answer.header("connection");
      if (!answer.answered() || "HTTP/1.0".equals(answer.protocol())
          || connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
        return null; // no answer (reported on its own), or the close was announced
      }
      String failure = null;
      try {
        out.write(second);
        out.flush();
      } catch (IOException e) {
        failure = describe(e);
      }
      Outcome next = read(in, System.nanoTime(), failure);
      if (next.answered()) {
        return null;
      }
      return new SilentClose(r, answer, "the server closed the keep-alive connection after answering " + answer.status()
          + " without Connection: close; the next request on it: " + next.transport());
    } catch (IOException e) {
      return null;
    }
  }

  /** The request's exact bytes on a fresh connection ({@code Connection: close} unless it sets one). */
  static byte[] wireBytes(FuzzRequest r, int port) {
    return wireBytes(r, port, false);
  }

  static byte[] wireBytes(FuzzRequest r, int port, boolean keepAlive) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, r.method() + " ");
    out.writeBytes(r.target());
    write(out, " " + r.version() + "\r\n");
    if (!r.noHost() && !r.hasHeader("host")) {
      write(out, "Host: 127.0.0.1:" + port + "\r\n");
    }
    for (String[] h : r.headers()) {
      write(out, h[0] + ": " + h[1] + "\r\n");
    }
    if (!r.hasHeader("connection") && !keepAlive) {
      write(out, "Connection: close\r\n");
    }
    byte[] body = r.body();
    if (r.chunked()) {
      write(out, "Transfer-Encoding: chunked\r\n\r\n");
      byte[] data = body == null ? new byte[0] : body;
      for (int at = 0; at < data.length; at += 1000) {
        int n = Math.min(1000, data.length - at);
        write(out, Integer.toHexString(n) + "\r\n");
        out.write(data, at, n);
        write(out, "\r\n");
      }
      write(out, "0\r\n\r\n");
      return out.toByteArray();
    }
    if (body != null && !r.hasHeader("content-length")) {
      write(out, "Content-Length: " + body.length + "\r\n");
    }
    write(out, "\r\n");
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String latin1) {
    out.writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  Outcome viaSocket(FuzzRequest r) {
    long start = System.nanoTime();
    byte[] bytes = wireBytes(r, port);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
      String writeFailure = null;
      try {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        writeFailure = describe(e);
      }
      return read(socket.getInputStream(), start, writeFailure);
    } catch (IOException e) {
      return Outcome.broken("connect failed: " + describe(e), millis(start), "socket");
    }
  }

  private static Outcome read(InputStream in, long start, String writeFailure) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    String suffix = writeFailure == null ? "" : " (sending had failed: " + writeFailure + ")";
    try {
      while (true) {
        Outcome parsed = parse(received.toByteArray(), false, start);
        if (parsed != null) {
          return writeFailure == null ? parsed : parsed.withNote("sending failed: " + writeFailure);
        }
        int n = in.read(buffer);
        if (n < 0) {
          Outcome last = parse(received.toByteArray(), true, start);
          if (last != null) {
            return writeFailure == null ? last : last.withNote("sending failed: " + writeFailure);
          }
          return Outcome.broken(received.size() == 0 ? "connection closed without an answer" + suffix
              : "connection closed mid-answer after " + received.size() + " bytes: "
                  + Printable.of(received.toByteArray(), 80) + suffix, millis(start), "socket");
        }
        received.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      return Outcome.broken((received.size() == 0 ? "timeout: no answer within " : "timeout mid-answer within ")
          + ANSWER_TIMEOUT.toSeconds() + " s" + suffix, millis(start), "socket");
    } catch (SocketException e) {
      Outcome partial = parse(received.toByteArray(), true, start);
      if (partial != null) {
        return partial.withNote("then " + describe(e));
      }
      return Outcome.broken("connection reset" + (received.size() == 0 ? " without an answer" : " mid-answer")
          + ": " + describe(e) + suffix, millis(start), "socket");
    } catch (IOException e) {
      return Outcome.broken("read failed: " + describe(e) + suffix, millis(start), "socket");
    }
  }

  /** A complete answer in {@code data}, or null when more is needed ({@code eof}: nothing more will come). */
  private static Outcome parse(byte[] data, boolean eof, long start) {
    int offset = 0;
    while (true) {
      int end = indexOf(data, offset, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (end < 0) {
        return null;
      }
      String head = new String(data, offset, end - offset, StandardCharsets.ISO_8859_1);
      String[] lines = head.split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      int status;
      try {
        status = Integer.parseInt(statusLine[1]);
      } catch (RuntimeException e) {
        return eof ? Outcome.broken("malformed status line: " + Printable.of(lines[0], 80), millis(start), "socket")
            : null;
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .add(lines[i].substring(colon + 1).trim());
        }
      }
      int bodyStart = end + 4;
      if (status >= 100 && status < 200) {
        offset = bodyStart;
        continue;
      }
      List<String> length = headers.get("content-length");
      List<String> encoding = headers.get("transfer-encoding");
      if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
        byte[] body = dechunk(data, bodyStart);
        if (body == null) {
          return eof ? Outcome.broken("connection closed mid-body (chunked)", millis(start), "socket") : null;
        }
        return new Outcome(status, headers, body, null, millis(start), "socket", null, statusLine[0]);
      }
      if (length != null) {
        int n = Integer.parseInt(length.get(0));
        if (data.length - bodyStart >= n) {
          byte[] body = Arrays.copyOfRange(data, bodyStart, bodyStart + n);
          return new Outcome(status, headers, body, null, millis(start), "socket", null, statusLine[0]);
        }
        return eof ? Outcome.broken("connection closed mid-body: " + (data.length - bodyStart) + " of " + n
            + " bytes", millis(start), "socket") : null;
      }
      if (!eof) {
        return null;
      }
      return new Outcome(status, headers, Arrays.copyOfRange(data, bodyStart, data.length), null,
          millis(start), "socket", null, statusLine[0]);
    }
  }

  private static byte[] dechunk(byte[] data, int at) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int i = at;
    while (true) {
      int lineEnd = indexOf(data, i, new byte[] {'\r', '\n'});
      if (lineEnd < 0) {
        return null;
      }
      String sizeText = new String(data, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      i = lineEnd + 2;
      if (size == 0) {
        return body.toByteArray();
      }
      if (data.length < i + size + 2) {
        return null;
      }
      body.write(data, i, size);
      i += size + 2;
    }
  }

  private static int indexOf(byte[] data, int from, byte[] what) {
    outer:
    for (int i = from; i <= data.length - what.length; i++) {
      for (int k = 0; k < what.length; k++) {
        if (data[i + k] != what[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
