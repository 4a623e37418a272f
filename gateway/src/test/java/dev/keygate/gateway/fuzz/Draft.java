package dev.keygate.gateway.fuzz;

import io.vertx.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request being built or mutated: the parts of one HTTP request kept apart (path parameters, query pairs, headers,
 * a JSON tree or form pairs) so that a mutation can change one of them, then {@link #build()} writes the exact bytes.
 * Strings that stand for bytes (encoded path segments, query pairs, header values) hold one byte per char
 * (ISO-8859-1), so that a mutation can put any byte anywhere, NUL and invalid UTF-8 included.
 */
final class Draft {

  enum BodyMode { NONE, JSON, FORM, RAW }

  private static final String SPLICE = "@@fuzz-splice-";

  final ContractModel.Operation op;
  String method;
  /** Path parameter name → encoded segment. */
  final Map<String, String> path = new LinkedHashMap<>();
  /** Encoded name and value (null value: no '='). */
  final List<String[]> query = new ArrayList<>();
  /** When set, the whole query string (without '?'), instead of {@link #query}. */
  String rawQuery;
  /** When set, the whole path, instead of the template filled with {@link #path}. */
  String rawPath;
  final List<String[]> headers = new ArrayList<>();
  BodyMode mode = BodyMode.NONE;
  Object json;
  final Map<String, byte[]> splices = new LinkedHashMap<>();
  /** Encoded name and value (null value: no '='). */
  final List<String[]> form = new ArrayList<>();
  byte[] rawBody;
  String contentType;
  /** Send over a raw socket (bytes the JDK client refuses, restricted headers, odd framing). */
  boolean raw;
  boolean noHost;
  boolean chunked;
  String version = "HTTP/1.1";
  String kind = "valid";
  String detail = "";
  /** The request breaks the contract on purpose: a 2xx answer is a finding. */
  boolean expectRejection;
  /** Which credential the request carries, for the report. */
  String credential = "none";

  Draft(ContractModel.Operation op) {
    this.op = op;
    this.method = op.method();
  }

  Draft copy() {
    Draft d = new Draft(op);
    d.method = method;
    d.path.putAll(path);
    for (String[] q : query) {
      d.query.add(q.clone());
    }
    d.rawQuery = rawQuery;
    d.rawPath = rawPath;
    for (String[] h : headers) {
      d.headers.add(h.clone());
    }
    d.mode = mode;
    d.json = json == null ? null : Json.decodeValue(Json.encode(json));
    d.splices.putAll(splices);
    for (String[] f : form) {
      d.form.add(f.clone());
    }
    d.rawBody = rawBody == null ? null : rawBody.clone();
    d.contentType = contentType;
    d.raw = raw;
    d.noHost = noHost;
    d.chunked = chunked;
    d.version = version;
    d.kind = kind;
    d.detail = detail;
    d.expectRejection = expectRejection;
    d.credential = credential;
    return d;
  }

  Draft as(String kind, String detail) {
    this.kind = kind;
    this.detail = detail;
    return this;
  }

  Draft rejected() {
    this.expectRejection = true;
    return this;
  }

  // ---- headers

  String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  Draft setHeader(String name, String value) {
    removeHeader(name);
    if (value != null) {
      headers.add(new String[] {name, value});
    }
    return this;
  }

  Draft addHeader(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  Draft removeHeader(String name) {
    headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    return this;
  }

  // ---- form and query pairs

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  Draft formPut(String name, String value) {
    form.removeIf(f -> f[0].equals(encode(name)));
    form.add(new String[] {encode(name), value == null ? null : encode(value)});
    return this;
  }

  String formGet(String name) {
    for (String[] f : form) {
      if (f[0].equals(encode(name))) {
        if (f[1] == null) {
          return null;
        }
        try {
          return URLDecoder.decode(f[1], StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return f[1]; // a mutation's broken escape: the raw text
        }
      }
    }
    return null;
  }

  Draft queryPut(String name, String value) {
    query.removeIf(q -> q[0].equals(encode(name)));
    query.add(new String[] {encode(name), value == null ? null : encode(value)});
    return this;
  }

  /** A placeholder string to put into the JSON tree; {@link #build()} replaces it (quotes included) by raw bytes. */
  String splice(byte[] rawJson) {
    String key = SPLICE + splices.size() + "@@";
    splices.put(key, rawJson);
    return key;
  }

  // ---- the bytes

  String pathString() {
    if (rawPath != null) {
      return rawPath;
    }
    String p = op.path();
    for (Map.Entry<String, String> e : path.entrySet()) {
      p = p.replace("{" + e.getKey() + "}", e.getValue());
    }
    return p;
  }

  String queryString() {
    if (rawQuery != null) {
      return rawQuery;
    }
    return join(query);
  }

  private static String join(List<String[]> pairs) {
    StringBuilder s = new StringBuilder();
    for (String[] pair : pairs) {
      if (s.length() > 0) {
        s.append('&');
      }
      s.append(pair[0]);
      if (pair[1] != null) {
        s.append('=').append(pair[1]);
      }
    }
    return s.toString();
  }

  byte[] body() {
    switch (mode) {
      case JSON: {
        byte[] text = Json.encode(json).getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> splice : splices.entrySet()) {
          text = replace(text, ("\"" + splice.getKey() + "\"").getBytes(StandardCharsets.US_ASCII), splice.getValue());
        }
        return text;
      }
      case FORM:
        return join(form).getBytes(StandardCharsets.ISO_8859_1);
      case RAW:
        return rawBody;
      default:
        return null;
    }
  }

  private static byte[] replace(byte[] text, byte[] what, byte[] with) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + with.length);
    int i = 0;
    while (i < text.length) {
      if (i <= text.length - what.length && matches(text, i, what)) {
        out.writeBytes(with);
        i += what.length;
      } else {
        out.write(text[i++]);
      }
    }
    return out.toByteArray();
  }

  private static boolean matches(byte[] text, int at, byte[] what) {
    for (int k = 0; k < what.length; k++) {
      if (text[at + k] != what[k]) {
        return false;
      }
    }
    return true;
  }

  FuzzRequest build() {
    String q = queryString();
    String target = pathString() + (rawQuery != null || !query.isEmpty() ? "?" + q : "");
    List<String[]> all = new ArrayList<>();
    for (String[] h : headers) {
      all.add(h.clone());
    }
    if (contentType != null) {
      all.add(new String[] {"content-type", contentType});
    }
    return new FuzzRequest(op, kind, detail, method, target.getBytes(StandardCharsets.ISO_8859_1), all, body(), raw,
        noHost, chunked, version, expectRejection, credential);
  }

  /** One request, as bytes, ready to send. */
  record FuzzRequest(ContractModel.Operation op, String kind, String detail, String method, byte[] target,
                     List<String[]> headers, byte[] body, boolean raw, boolean noHost, boolean chunked,
                     String version, boolean expectRejection, String credential) {

    String targetString() {
      return new String(target, StandardCharsets.ISO_8859_1);
    }

    /** The path without the query, as the contract check matches it. */
    String pathOnly() {
      String t = targetString();
      int q = t.indexOf('?');
      return q < 0 ? t : t.substring(0, q);
    }

    boolean hasHeader(String name) {
      return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
    }

    String label() {
      return op.id() + " " + kind + (detail.isEmpty() ? "" : " [" + detail + "]");
    }

    @Override
    public String toString() {
      return method + " " + Printable.of(targetString(), 200) + " " + label() + " (" + credential + ")"
          + (body == null ? "" : " body " + body.length + " bytes") + " " + headers.stream()
          .map(h -> h[0].toLowerCase(Locale.ROOT)).toList();
    }
  }
}
