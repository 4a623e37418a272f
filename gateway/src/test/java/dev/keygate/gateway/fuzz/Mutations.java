package dev.keygate.gateway.fuzz;

import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The mutation kinds: each takes a copy of an operation's valid request and breaks one thing, in one of the ways
 * clients and attackers do — path ids (foreign, deleted, junk, NUL raw and encoded, invalid UTF-8, long), query
 * strings, headers and hosts, credentials, JSON bodies field by field (types, lengths, enums, patterns, Unicode edge
 * cases, lone surrogates, NUL, invalid UTF-8, numbers) and as a whole (truncated, invalid, deep nesting, duplicate
 * keys, too large), content types (missing, wrong, multipart, form on JSON and JSON on form), bodies where none
 * belongs, form fields (long, encodings, duplicates). A kind that marks its request {@link Draft#rejected()} breaks
 * the contract, so a 2xx answer is a finding too.
 */
final class Mutations {

  /** One mutation kind: where it applies, and what it does to a copy of the valid request (null: not here). */
  record Kind(String name, Predicate<Draft> applies, BiFunction<Draft, Values, Draft> apply) {}

  static final int LONG = 10_000;
  static final int OVER_FORM_ATTRIBUTE_LIMIT = 8_500;
  static final int OVER_BODY_LIMIT = 70_000;
  static final int NESTING = 10_000;

  private final Requests requests;
  private final World w;
  private final List<Kind> kinds = new ArrayList<>();

  Mutations(Requests requests) {
    this.requests = requests;
    this.w = requests.world();
    pathKinds();
    queryKinds();
    headerKinds();
    credentialKinds();
    v2IdKinds();
    jsonFieldKinds();
    jsonBodyKinds();
    allFieldsAtMaximum();
    contentTypeKinds();
    formKinds();
    oauthKinds();
  }

  List<Kind> all() {
    return kinds;
  }

  List<Kind> applicable(Draft base) {
    return kinds.stream().filter(k -> k.applies().test(base)).toList();
  }

  private void kind(String name, Predicate<Draft> applies, BiFunction<Draft, Values, Draft> apply) {
    kinds.add(new Kind(name, applies, (d, v) -> {
      Draft result = apply.apply(d, v);
      if (result != null && result.kind.equals("valid")) {
        result.kind = name;
      }
      return result;
    }));
  }

  // ---- helpers

  static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  /** Percent-encodes every byte of the UTF-8 form but the unreserved characters. */
  static String encodeSegment(String text) {
    StringBuilder s = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
          || c == '~') {
        s.append((char) c);
      } else {
        s.append('%').append(String.format("%02X", c));
      }
    }
    return s.toString();
  }

  /** UTF-8 bytes as a one-byte-per-char string (for raw request lines and headers). */
  static String utf8Bytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static boolean hasPathParams(Draft d) {
    return !d.op.params("path").isEmpty();
  }

  private static boolean secured(Draft d) {
    return d.op.declaresSecurity() && !d.op.securityOptional();
  }

  private static boolean isJson(Draft d) {
    return d.op.body() != null && !d.op.body().isForm();
  }

  private static boolean isForm(Draft d) {
    return d.op.body() != null && d.op.body().isForm();
  }

  private static boolean jsonPresent(Draft d) {
    return d.mode == Draft.BodyMode.JSON && d.json instanceof JsonObject;
  }

  /** Whether the request carries a credential of tenant A that a foreign host or organization must not pass. */
  private static boolean carriesTenantCredential(Draft d) {
    if (d.op.surface().equals("oauth") && !d.op.id().equals("Token")) {
      return false; // only the token grant binds a client to its instance's domain ("only its users count")
    }
    return !d.credential.equals("none") && !d.credential.equals("system token")
        && !d.credential.equals("admin password A");
  }

  private String foreignDomain(Draft d) {
    return d.op.surface().equals("oracle-ccadmin") ? w.shopB.domain() : w.b.t().domain();
  }

  // ---- path parameters

  private void pathKinds() {
    BiFunction<Draft, Values, String> param = (d, v) -> v.pick(d.op.params("path")).name();
    kind("path.foreign", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      d.path.put(p, requests.foreign(d.op, Requests.kindOf(d.op, p)));
      d.detail = p + " of tenant B";
      return d.op.surface().equals("zitadel-system") ? d : d.rejected();
    });
    kind("path.deleted", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      d.path.put(p, requests.deleted(Requests.kindOf(d.op, p)));
      d.detail = p + " of a deleted object";
      return d.rejected();
    });
    kind("path.junk", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      String junk = v.pick(List.of("x", "-1", "0", "1e5", "99999999999999999999", "null", "undefined", "true",
          "' OR '1'='1", "${jndi:ldap://127.0.0.1/x}", "%s%n", "<script>", "C" + "0".repeat(24),
          "K" + "A".repeat(24), "_search", v.alnum(30)));
      d.path.put(p, encodeSegment(junk));
      d.detail = p + "=" + junk;
      return d.rejected();
    });
    kind("path.unicode", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      String edge = v.pick(Values.UNICODE_EDGES);
      d.path.put(p, d.path.get(p) + encodeSegment(edge));
      d.detail = p + " + " + Printable.of(utf8Bytes(edge), 60);
      return d.rejected();
    });
    kind("path.nul-encoded", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      d.path.put(p, v.random().nextBoolean() ? d.path.get(p) + "%00" : "%00" + d.path.get(p));
      d.detail = p + " with %00";
      return d.rejected();
    });
    kind("path.nul-raw", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      d.path.put(p, d.path.get(p) + "\0");
      d.raw = true;
      d.detail = p + " with a raw NUL byte";
      return d.rejected();
    });
    kind("path.invalid-utf8", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      String bad = v.pick(List.of("%FF", "%C3%28", "%C0%AF", "%E2%82", "%ED%A0%80", "%F4%90%80%80"));
      d.path.put(p, d.path.get(p) + bad);
      d.detail = p + " + " + bad;
      return d.rejected();
    });
    kind("path.bad-percent", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      String bad = v.pick(List.of("%", "%z", "%zz", "%%41", "%G0"));
      d.path.put(p, d.path.get(p) + bad);
      d.detail = p + " + " + bad;
      return d.rejected();
    });
    kind("path.raw-bytes", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      String bytes = v.pick(List.of("\u00ff\u00fe", utf8Bytes("é"), utf8Bytes("\uD83D\uDE00"), "\u0001", "\u007f"));
      d.path.put(p, d.path.get(p) + bytes);
      d.raw = true;
      d.detail = p + " + raw " + Printable.of(bytes, 20);
      return d.rejected();
    });
    kind("path.long", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      d.path.put(p, repeat(v.random().nextBoolean() ? '1' : 'a', LONG));
      d.detail = p + " of " + LONG + " characters";
      return d.rejected();
    });
    kind("path.max-length+1", d -> d.op.params("path").stream().anyMatch(p -> p.schema().containsKey("maxLength")),
        (d, v) -> {
          ContractModel.Param p = v.pick(d.op.params("path").stream()
              .filter(x -> x.schema().containsKey("maxLength")).toList());
          int n = p.schema().getInteger("maxLength") + 1;
          d.path.put(p.name(), repeat('7', n));
          d.detail = p.name() + " of " + n + " characters";
          return d.rejected();
        });
    kind("path.encoded-slash", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      String id = d.path.get(p);
      d.path.put(p, v.pick(List.of(id + "%2F..%2F" + id, "..%2F" + id, id + "%2F", "%2E%2E", "%2e")));
      d.detail = p + "=" + d.path.get(p);
      return d.rejected();
    });
    kind("path.dot-segment", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      d.path.put(p, v.pick(List.of(".", "..", d.path.get(p) + "/.", d.path.get(p) + "/..")));
      d.detail = p + "=" + d.path.get(p);
      return d;
    });
    kind("path.space-plus", Mutations::hasPathParams, (d, v) -> {
      String p = param.apply(d, v);
      d.path.put(p, v.pick(List.of(d.path.get(p) + "%20", "+" + d.path.get(p), "%20" + d.path.get(p),
          d.path.get(p) + "%09")));
      d.detail = p + "=" + d.path.get(p);
      return d.rejected();
    });
  }

  // ---- query strings

  private void queryKinds() {
    kind("query.unknown", d -> true, (d, v) -> {
      d.query.add(new String[] {"fuzz", v.alnum(4)});
      return d;
    });
    kind("query.long", d -> true, (d, v) -> {
      d.query.add(new String[] {"x", repeat('a', 9_000)});
      d.detail = "a query value of 9,000 characters";
      return d;
    });
    kind("query.huge", d -> true, (d, v) -> {
      d.query.add(new String[] {"x", repeat('a', OVER_BODY_LIMIT)});
      d.detail = "a query value of " + OVER_BODY_LIMIT + " characters";
      return d;
    });
    kind("query.many", d -> true, (d, v) -> {
      for (int i = 0; i < 1500; i++) {
        d.query.add(new String[] {"p" + i, "1"});
      }
      d.detail = "1500 query parameters";
      return d;
    });
    kind("query.nul", d -> true, (d, v) -> {
      boolean raw = v.random().nextBoolean();
      String name = d.op.params("query").isEmpty() ? "q" : v.pick(d.op.params("query")).name();
      d.query.removeIf(q -> q[0].equals(name));
      d.query.add(new String[] {name, raw ? "a\0b" : "a%00b"});
      d.raw = raw;
      d.detail = name + (raw ? " with a raw NUL byte" : " with %00");
      return d.op.params("query").isEmpty() ? d : d.rejected();
    });
    kind("query.bad-encoding", d -> true, (d, v) -> {
      String bad = v.pick(List.of("%", "%zz", "%E2%82", "%FF%FE", "%ED%A0%80", "%C0%AF", "%u0041"));
      String name = d.op.params("query").isEmpty() ? "q" : v.pick(d.op.params("query")).name();
      d.query.removeIf(q -> q[0].equals(name));
      d.query.add(new String[] {name, bad});
      d.detail = name + "=" + bad;
      return d;
    });
    kind("query.raw-bytes", d -> true, (d, v) -> {
      String bytes = v.pick(List.of("\u00ff", utf8Bytes("é\uD83D\uDE00"), " ", "\"", "<>", "{}|\\^`", "#frag"));
      d.query.add(new String[] {"q", "a" + bytes});
      d.raw = true;
      d.detail = "q=a + raw " + Printable.of(bytes, 20);
      return d;
    });
    kind("query.unicode", d -> true, (d, v) -> {
      String edge = v.pick(Values.UNICODE_EDGES);
      d.query.add(new String[] {"q", encodeSegment(edge)});
      d.detail = "q=" + Printable.of(utf8Bytes(edge), 40);
      return d;
    });
    kind("query.odd-syntax", d -> true, (d, v) -> {
      String odd = v.pick(List.of("", "&", "&&", "=", "=x", "a", "a=1;b=2", "a=1&a=2", "a[]=1", "a[b]=1", "?"));
      d.rawQuery = (d.queryString().isEmpty() ? "" : d.queryString() + "&") + odd;
      d.detail = "query " + Printable.of(odd, 20);
      return d;
    });
    kind("query.param.enum-unknown", d -> d.op.params("query").stream()
        .anyMatch(p -> p.schema().containsKey("enum")), (d, v) -> {
          ContractModel.Param p = v.pick(d.op.params("query").stream()
              .filter(x -> x.schema().containsKey("enum")).toList());
          String value = v.pick(List.of("FUZZ", "Application", "application ", "", "*"));
          d.queryPut(p.name(), value);
          d.detail = p.name() + "=" + value;
          return d.rejected();
        });
    kind("query.param.wrong-type", d -> d.op.params("query").stream()
        .anyMatch(p -> List.of("integer", "boolean").contains(Values.type(p.schema()))), (d, v) -> {
          ContractModel.Param p = v.pick(d.op.params("query").stream()
              .filter(x -> List.of("integer", "boolean").contains(Values.type(x.schema()))).toList());
          String value = v.pick(List.of("abc", "1.5", "1e400", "99999999999999999999", "-", "0x10", "yes", "[]"));
          d.queryPut(p.name(), value);
          d.detail = p.name() + "=" + value;
          return d.rejected();
        });
    kind("query.param.out-of-range", d -> d.op.params("query").stream()
        .anyMatch(p -> p.schema().containsKey("minimum") || p.schema().containsKey("maximum")), (d, v) -> {
          ContractModel.Param p = v.pick(d.op.params("query").stream()
              .filter(x -> x.schema().containsKey("minimum") || x.schema().containsKey("maximum")).toList());
          List<String> values = new ArrayList<>();
          if (p.schema().containsKey("minimum")) {
            values.add(String.valueOf(p.schema().getLong("minimum") - 1));
          }
          if (p.schema().containsKey("maximum")) {
            values.add(String.valueOf(p.schema().getLong("maximum") + 1));
          }
          String value = v.pick(values);
          d.queryPut(p.name(), value);
          d.detail = p.name() + "=" + value;
          return d.rejected();
        });
    kind("query.param.missing", d -> d.op.params("query").stream().anyMatch(ContractModel.Param::required),
        (d, v) -> {
          ContractModel.Param p = v.pick(d.op.params("query").stream().filter(ContractModel.Param::required).toList());
          d.query.removeIf(q -> q[0].equals(p.name()));
          d.detail = "without " + p.name();
          return d.rejected();
        });
    kind("query.param.repeated", d -> !d.op.params("query").isEmpty(), (d, v) -> {
      ContractModel.Param p = v.pick(d.op.params("query"));
      d.query.add(new String[] {p.name(), Draft.encode(String.valueOf(v.valid(p.schema(), null, (n, s) -> null)))});
      d.query.add(new String[] {p.name(), Draft.encode(String.valueOf(v.valid(p.schema(), null, (n, s) -> null)))});
      d.detail = p.name() + " twice";
      return d;
    });
    kind("query.param.long", d -> !d.op.params("query").isEmpty(), (d, v) -> {
      ContractModel.Param p = v.pick(d.op.params("query"));
      d.queryPut(p.name(), repeat('a', LONG));
      d.detail = p.name() + " of " + LONG + " characters";
      return d.rejected();
    });
  }

  // ---- headers, hosts, framing

  private void headerKinds() {
    kind("header.long", d -> true, (d, v) -> {
      d.addHeader("x-fuzz", repeat('a', 9_000));
      d.detail = "a header value of 9,000 bytes";
      return d;
    });
    kind("header.huge", d -> true, (d, v) -> {
      d.addHeader("x-fuzz", repeat('a', 20_000));
      d.detail = "a header value of 20,000 bytes";
      return d;
    });
    kind("header.many", d -> true, (d, v) -> {
      for (int i = 0; i < 150; i++) {
        d.addHeader("x-fuzz-" + i, "v" + i);
      }
      d.detail = "150 extra headers";
      return d;
    });
    kind("header.host", d -> true, (d, v) -> {
      int r = v.random().nextInt(8);
      d.raw = true;
      switch (r) {
        case 0 -> d.noHost = true;
        case 1 -> d.setHeader("Host", "");
        case 2 -> d.setHeader("Host", repeat('h', 300) + ".example");
        case 3 -> d.setHeader("Host", utf8Bytes("ex\u00e4mple.\uD83D\uDE00"));
        case 4 -> d.setHeader("Host", v.pick(List.of("[::1", "127.0.0.1:99999", "a b", "@evil", "evil.example:x")));
        case 5 -> {
          d.setHeader("Host", foreignDomain(d));
          if (carriesTenantCredential(d)) {
            d.rejected();
          }
        }
        case 6 -> d.addHeader("Host", "127.0.0.1").addHeader("Host", "evil.example");
        default -> d.setHeader("Host", "\u00ff\u0000x");
      }
      d.detail = d.noHost ? "no Host" : "Host: " + Printable.of(String.join(" | ", d.headers.stream()
          .filter(h -> h[0].equalsIgnoreCase("host")).map(h -> h[1]).toList()), 60);
      return d;
    });
    kind("header.instance-host", d -> true, (d, v) -> {
      String value = v.pick(List.of(foreignDomain(d), "", " ", repeat('h', LONG), utf8Bytes("\u00e4.\uD83D\uDE00"),
          "a\0b", "evil.example:443", "[::1]:80", "%00", w.a.t().domain().toUpperCase(Locale.ROOT)));
      d.setHeader("x-zitadel-instance-host", value);
      d.raw = !value.chars().allMatch(c -> c >= 0x21 && c < 0x7f);
      d.detail = "x-zitadel-instance-host: " + Printable.of(value, 60);
      if (value.equals(foreignDomain(d)) && carriesTenantCredential(d)) {
        d.rejected();
      }
      return d;
    });
    kind("header.forwarded", d -> true, (d, v) -> {
      String value = v.pick(List.of("host=" + foreignDomain(d), "host=\"", "for=;;;host", "host=" + repeat('h', 5000),
          "host=,", ";;;", "host=\"a\\\"b\"", "for=[::1];host=evil.example, host=" + w.a.t().domain()));
      d.setHeader("forwarded", value);
      d.detail = "Forwarded: " + Printable.of(value, 60);
      return d;
    });
    kind("header.orgid", d -> true, (d, v) -> {
      boolean declared = d.op.params("header").stream().anyMatch(p -> p.name().equalsIgnoreCase("x-zitadel-orgid"));
      String value = v.pick(List.of(w.b.t().orgId(), "x", repeat('9', 201), "-1", "%00", "a\0b", " ",
          utf8Bytes("\uD83D\uDE00"), w.deleted.get("project")));
      d.setHeader("x-zitadel-orgid", value);
      d.raw = !value.chars().allMatch(c -> c >= 0x21 && c < 0x7f);
      d.detail = "x-zitadel-orgid: " + Printable.of(value, 40);
      return declared && !value.isBlank() ? d.rejected() : d;
    });
    kind("header.bytes", d -> true, (d, v) -> {
      String value = v.pick(List.of("a\0b", "\u00ff\u00fe", utf8Bytes("\u00e9\uD83D\uDE00"), "a\u0001b", "\u007f",
          "a\tb", " leading", "trailing "));
      d.addHeader("x-fuzz", value);
      d.raw = true;
      d.detail = "x-fuzz: " + Printable.of(value, 30);
      return d;
    });
    kind("header.odd-syntax", d -> true, (d, v) -> {
      int r = v.random().nextInt(5);
      d.raw = true;
      switch (r) {
        case 0 -> d.addHeader("x-fuzz", "a\r\n b");              // obsolete line folding
        case 1 -> d.addHeader("x fuzz", "1");                    // a space in the name
        case 2 -> d.addHeader(utf8Bytes("x-f\u00fczz"), "1");     // a non-ASCII name
        case 3 -> d.addHeader("", "nameless");
        default -> d.addHeader("x-fuzz", "");
      }
      d.detail = "header " + Printable.of(d.headers.get(d.headers.size() - 1)[0] + ": "
          + d.headers.get(d.headers.size() - 1)[1], 40);
      return d;
    });
    kind("header.framing", d -> true, (d, v) -> {
      int r = v.random().nextInt(6);
      d.raw = true;
      byte[] body = d.body();
      if (body == null && r < 3) {
        d.mode = Draft.BodyMode.RAW;
        d.rawBody = "{}".getBytes(StandardCharsets.US_ASCII);
      }
      switch (r) {
        case 0 -> d.chunked = true;
        case 1 -> d.addHeader("Expect", "100-continue");
        case 2 -> {
          d.chunked = true;
          d.addHeader("Content-Length", "2");
        }
        case 3 -> d.addHeader("Content-Length", v.pick(List.of("abc", "-1", "1e3", " 0")));
        case 4 -> d.addHeader("Expect", "fuzz");
        default -> d.addHeader("Transfer-Encoding", v.pick(List.of("gzip", "identity", "chunked, identity")));
      }
      d.detail = List.of("chunked body", "Expect: 100-continue", "chunked and Content-Length", "bad Content-Length",
          "Expect: fuzz", "odd Transfer-Encoding").get(r);
      return d;
    });
    kind("header.http10", d -> true, (d, v) -> {
      d.version = "HTTP/1.0";
      d.raw = true;
      d.noHost = v.random().nextBoolean();
      d.detail = d.noHost ? "HTTP/1.0 without Host" : "HTTP/1.0";
      return d;
    });
    kind("header.accept", d -> true, (d, v) -> {
      String accept = v.pick(List.of("text/plain", "application/xml", "*/*;q=0", "application/json;q=0", "image/png",
          ",,,", "application/grpc"));
      d.setHeader("accept", accept);
      d.detail = "Accept: " + accept;
      return d;
    });
  }

  // ---- credentials

  private void credentialKinds() {
    Predicate<Draft> hasCredential = d -> d.header("authorization") != null || d.op.declaresSecurity();
    kind("auth.none", d -> d.header("authorization") != null, (d, v) -> {
      d.removeHeader("authorization");
      return rejectedIfOnlyCredential(d, "none");
    });
    kind("auth.wrong", hasCredential, (d, v) -> {
      String current = d.header("authorization");
      if (current != null && current.startsWith("Basic ")) {
        d.setHeader("authorization", Requests.basic("fz-" + v.alnum(12), v.alnum(64)));
      } else if (d.op.surface().equals("droplit") && current != null && !current.startsWith("Bearer ")) {
        d.setHeader("authorization", v.alnum(40));
      } else {
        d.setHeader("authorization", "Bearer " + v.alnum(v.pick(List.of(20, 40, 64, 200))));
      }
      return rejectedIfOnlyCredential(d, "a token nobody issued");
    });
    kind("auth.malformed", hasCredential, (d, v) -> {
      String value = v.pick(List.of("Bearer", "Bearer ", "Bearer  " + v.alnum(40), "Basic !!!", "Basic "
              + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.US_ASCII)), "Basic Og==",
          "Basic " + Base64.getEncoder().encodeToString("%zz:%zz".getBytes(StandardCharsets.US_ASCII)),
          "Negotiate YQ==", "Bearer a b c", "Bearer \"x\"", "Digest username=x", ",", "Bearer\t" + v.alnum(20)));
      d.setHeader("authorization", value);
      d.raw = value.contains("\t");
      return rejectedIfOnlyCredential(d, "authorization: " + value);
    });
    kind("auth.long", hasCredential, (d, v) -> {
      String current = d.header("authorization");
      boolean basic = current != null && current.startsWith("Basic ");
      d.setHeader("authorization", basic ? "Basic " + repeat('Q', LONG) : "Bearer " + repeat('a', LONG));
      return rejectedIfOnlyCredential(d, "a credential of " + LONG + " characters");
    });
    // system users' JWTs (#27): shaped like one, and still nobody's; the system API parses them before refusing
    Predicate<Draft> systemMethod = d -> d.header("authorization") != null && (d.op.surface().equals("zitadel-system")
        || d.op.surface().equals("zitadel-v2") && Requests.v2SystemToken(d.op));
    kind("auth.jwt", systemMethod, (d, v) -> {
      Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
      String claims = url.encodeToString(("{\"iss\":\"" + v.alnum(8) + "\",\"sub\":\"" + v.alnum(8)
          + "\",\"aud\":\"http://127.0.0.1\",\"iat\":1,\"exp\":9999999999}").getBytes(StandardCharsets.UTF_8));
      String rs256 = url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
      String jwt = v.pick(List.of(
          url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + claims + ".",
          rs256 + "." + claims + "." + v.alnum(342),
          url.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "." + claims + "."
              + v.alnum(43),
          rs256 + "." + url.encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)) + "." + v.alnum(342),
          rs256 + ".!!!." + v.alnum(10), "a.b", "a.b.c.d.e", "..", rs256 + "." + repeat('A', LONG) + ".x",
          url.encodeToString("{\"alg\":\"RS256\",\"kid\":\"../../etc/passwd\"}".getBytes(StandardCharsets.UTF_8))
              + "." + claims + "." + v.alnum(342)));
      Requests.bearer(d, jwt, "a system user's JWT nobody signed");
      d.detail = Printable.of(jwt, 60);
      return d.rejected();
    });
    kind("auth.bytes", hasCredential, (d, v) -> {
      d.setHeader("authorization", "Bearer " + v.pick(List.of("\u00ff\u00fe", "a\0b", utf8Bytes("\uD83D\uDE00"),
          "a\u0001b")));
      d.raw = true;
      return rejectedIfOnlyCredential(d, "a credential with raw bytes");
    });
    kind("auth.foreign", d -> d.header("authorization") != null && !d.op.surface().equals("oauth"), (d, v) -> {
      switch (d.op.surface()) {
        case "zitadel-system" -> Requests.bearer(d, w.a.t().pat(), "PAT A on the system API");
        case "zitadel-management", "zitadel-admin", "zitadel-auth" -> Requests.bearer(d,
            v.random().nextBoolean() ? w.b.t().pat() : w.b.token(),
            "credential of tenant B");
        case "zitadel-v2" -> {
          if (Requests.v2SystemToken(d.op)) {
            Requests.bearer(d, v.random().nextBoolean() ? w.a.t().pat() : w.b.t().pat(),
                "a PAT on a system-token method");
          } else {
            Requests.bearer(d, v.random().nextBoolean() ? w.b.t().pat() : w.b.token(), "credential of tenant B");
          }
        }
        case "droplit" -> {
          d.setHeader("authorization", v.random().nextBoolean() ? w.b.t().pat() : w.b.serverToken());
          d.credential = "token of tenant B";
        }
        default -> {
          boolean password = v.random().nextBoolean();
          // logout and refresh end the session they are called with: a fresh one of shop B, not shop B's own
          String session = d.op.id().equals("logout") || d.op.id().equals("refresh") ? w.victimSessionB(password)
              : password ? w.shopB.admin() : w.shopB.keySession();
          Requests.bearer(d, session, "session of shop B");
        }
      }
      d.detail = d.credential;
      // tenant B's credential on tenant A's ids; an operation without ids (create, list) acts in B: fine
      // v2's ids travel in the body; its system-token methods take no tenant's credential at all
      String lenient = Requests.v2RemovedOrNeverThere(d.op);
      if (lenient != null && d.json instanceof JsonObject o && o.getValue(lenient) != null) {
        // 200 "removed or never there" by the contract: on A's protected object, which must stay
        o.put(lenient, requests.v2Protected(Requests.v2IdFields(d.op).get(lenient)));
      }
      return hasPathParams(d) || d.op.surface().equals("zitadel-system") || Requests.v2NamesRefusedIds(d)
          || Requests.v2SystemToken(d.op) ? d.rejected() : d;
    });
    kind("auth.wrong-kind", d -> d.header("authorization") != null, (d, v) -> {
      switch (d.op.surface()) {
        case "zitadel-system" -> Requests.bearer(d, v.random().nextBoolean() ? w.a.token() : w.shopA.admin(),
            "a tenant token on the system API");
        case "zitadel-management", "zitadel-admin", "zitadel-auth" -> Requests.bearer(d, v.pick(List.of(
            TestGateway.SYSTEM_TOKEN, w.shopA.admin(),
            w.a.serverToken(), w.shopA.appKey())), "a credential of another kind");
        case "zitadel-v2" -> {
          if (Requests.v2SystemToken(d.op)) {
            Requests.bearer(d, v.pick(List.of(w.a.t().pat(), w.a.token(), w.shopA.admin())),
                "a tenant token on a system-token method");
          } else {
            Requests.bearer(d, v.pick(List.of(TestGateway.SYSTEM_TOKEN, w.shopA.admin(), w.a.serverToken(),
                w.shopA.appKey())), "a credential of another kind");
          }
        }
        case "droplit" -> {
          d.setHeader("authorization", v.pick(List.of(w.a.token(), TestGateway.SYSTEM_TOKEN, w.shopA.admin())));
          d.credential = "a credential of another kind";
        }
        case "oracle-ccadmin" -> Requests.bearer(d, v.pick(List.of(w.shopA.appKey(), w.a.t().pat(), w.a.token(),
            TestGateway.SYSTEM_TOKEN)), "a credential of another kind");
        default -> Requests.bearer(d, w.a.t().pat(), "a PAT as bearer");
      }
      d.detail = d.credential;
      return d.op.id().equals("login") || d.op.surface().equals("oauth") ? d : d.rejected();
    });
  }

  // ---- ZITADEL v2: the ids in the body

  private void v2IdKinds() {
    Predicate<Draft> namesIds = d -> jsonPresent(d) && Requests.v2NamesIds(d);
    BiFunction<Draft, Values, String> field = (d, v) -> v.pick(Requests.v2IdFields(d.op).keySet().stream()
        .filter(f -> ((JsonObject) d.json).getValue(f) != null).toList());
    kind("body.id.foreign", namesIds, (d, v) -> {
      String f = field.apply(d, v);
      String kind = Requests.v2IdFields(d.op).get(f);
      ((JsonObject) d.json).put(f, requests.v2Foreign(d.op, kind));
      d.detail = f + " of tenant B";
      // the system token reaches every instance (as on /system/v1); "removed or never there" answers 200, and B's
      // object must still be there after the sweep
      return Requests.v2SystemToken(d.op) && kind.equals("instance") || f.equals(Requests.v2RemovedOrNeverThere(d.op))
          ? d : d.rejected();
    });
    kind("body.id.deleted", namesIds, (d, v) -> {
      String f = field.apply(d, v);
      ((JsonObject) d.json).put(f, requests.v2Deleted(Requests.v2IdFields(d.op).get(f)));
      d.detail = f + " of a deleted object";
      return f.equals(Requests.v2RemovedOrNeverThere(d.op)) ? d : d.rejected();
    });
  }

  /** The request has lost its only credential: rejected, unless the operation needs none. */
  private static Draft rejectedIfOnlyCredential(Draft d, String detail) {
    d.detail = Printable.of(detail, 60);
    boolean needsIt = secured(d) || d.credential.startsWith("Basic ") || d.credential.equals("application key A");
    return needsIt ? d.rejected() : d;
  }

  // ---- JSON body fields

  /** A property of the request schema: its path in the body and its schema. */
  record Slot(List<String> path, JsonObject schema, boolean required, JsonObject parent) {

    String name() {
      return String.join(".", path);
    }
  }

  /** The properties of the body: every top-level one, and the nested ones of objects the body holds. */
  static List<Slot> slots(Draft d) {
    List<Slot> slots = new ArrayList<>();
    if (!jsonPresent(d)) {
      return slots;
    }
    collect(d.op.body().schema(), (JsonObject) d.json, new ArrayList<>(), slots);
    // v2's parts documented as answered 501 (a custom id, OIDC applications, ...): a 5xx by the contract's word
    slots.removeIf(s -> Requests.v2Unserved(d.op, s.path().get(0)));
    return slots;
  }

  private static void collect(JsonObject schema, JsonObject value, List<String> prefix, List<Slot> slots) {
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    List<String> required = Values.strings(schema.getJsonArray("required"));
    for (String name : properties.fieldNames()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(name);
      JsonObject child = properties.getJsonObject(name);
      slots.add(new Slot(path, child, required.contains(name), schema));
      if (value != null && value.getValue(name) instanceof JsonObject nested) {
        collect(child, nested, path, slots);
      }
    }
  }

  private static void set(Draft d, List<String> path, Object value) {
    JsonObject at = (JsonObject) d.json;
    for (int i = 0; i < path.size() - 1; i++) {
      Object next = at.getValue(path.get(i));
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        at.put(path.get(i), next);
      }
      at = (JsonObject) next;
    }
    at.put(path.get(path.size() - 1), value);
  }

  private static void remove(Draft d, List<String> path) {
    JsonObject at = (JsonObject) d.json;
    for (int i = 0; i < path.size() - 1; i++) {
      if (!(at.getValue(path.get(i)) instanceof JsonObject next)) {
        return;
      }
      at = next;
    }
    at.remove(path.get(path.size() - 1));
  }

  private static Object current(Draft d, List<String> path) {
    Object at = d.json;
    for (String part : path) {
      at = at instanceof JsonObject o ? o.getValue(part) : null;
    }
    return at;
  }

  private static boolean anySlot(Draft d, Predicate<Slot> which) {
    return slots(d).stream().anyMatch(which);
  }

  private static boolean isString(Slot s) {
    return Values.type(s.schema()).equals("string");
  }

  /** Kinds that set one field of the JSON body; {@code value} returns the new value (or a splice). */
  private void field(String name, Predicate<Slot> which, FieldMutation value) {
    kind(name, d -> jsonPresent(d) && anySlot(d, which), (d, v) -> {
      Slot slot = v.pick(slots(d).stream().filter(which).toList());
      Object replaced = value.apply(d, slot, v);
      if (replaced == null) {
        return null;
      }
      set(d, slot.path(), replaced);
      if (d.detail.isEmpty()) {
        d.detail = slot.name();
      } else {
        d.detail = slot.name() + ": " + d.detail;
      }
      return d;
    });
  }

  @FunctionalInterface
  interface FieldMutation {
    Object apply(Draft d, Slot slot, Values v);
  }

  private void jsonFieldKinds() {
    field("body.field.too-long", s -> isString(s) && s.schema().containsKey("maxLength")
        && Values.enumChoices(s.schema()).isEmpty() && !s.schema().containsKey("format"), (d, s, v) -> {
          int n = s.schema().getInteger("maxLength") + 1;
          String value = v.codePoints(n);
          d.detail = n + " code points" + (value.length() != n ? " (astral)" : "");
          d.rejected();
          return value;
        });
    field("body.field.max-length-astral", s -> isString(s) && s.schema().containsKey("maxLength")
        && Values.enumChoices(s.schema()).isEmpty() && !s.schema().containsKey("pattern")
        && !s.schema().containsKey("format"), (d, s, v) -> {
          int n = s.schema().getInteger("maxLength");
          d.detail = n + " astral code points (" + 2 * n + " UTF-16 units)";
          return "\uD83D\uDE00".repeat(n);
        });
    field("body.field.too-short", s -> isString(s) && s.schema().getInteger("minLength", 0) > 0, (d, s, v) -> {
      d.rejected();
      return v.codePoints(s.schema().getInteger("minLength") - 1);
    });
    field("body.field.empty", Mutations::isString, (d, s, v) -> {
      if (s.schema().getInteger("minLength", 0) > 0 || !Values.enumChoices(s.schema()).isEmpty()) {
        d.rejected();
      }
      return "";
    });
    field("body.field.enum-unknown", s -> s.schema().containsKey("enum")
        || s.schema().getJsonObject("items", new JsonObject()).containsKey("enum"), (d, s, v) -> {
          JsonObject schema = s.schema().containsKey("enum") ? s.schema() : s.schema().getJsonObject("items");
          List<Object> choices = Values.enumChoices(schema);
          String base = choices.isEmpty() ? "X" : String.valueOf(v.pick(choices));
          JsonObject not = schema.getJsonObject("not");
          String value = not != null && v.random().nextBoolean()
              ? String.valueOf(not.getJsonArray("enum").getValue(0))
              : v.pick(List.of("FUZZ_" + base, base.toLowerCase(Locale.ROOT).equals(base)
              ? base.toUpperCase(Locale.ROOT)
                  : base.toLowerCase(Locale.ROOT), base + " ", "", "0", base + "\u0000"));
          d.detail = "'" + Printable.of(value, 40) + "'";
          d.rejected();
          return schema == s.schema() ? value : new JsonArray().add(value);
        });
    field("body.field.wrong-type", s -> true, (d, s, v) -> {
      String type = Values.type(s.schema());
      Object value = switch (type) {
        case "string" -> v.pick(List.<Object>of(12345, true, new JsonArray(), new JsonObject(),
            new JsonArray().add("x")));
        case "integer", "number" -> v.pick(List.<Object>of("12", true, new JsonArray(), new JsonObject(), "x"));
        case "boolean" -> v.pick(List.<Object>of("true", 1, new JsonArray(), new JsonObject(), "x"));
        case "array" -> v.pick(List.<Object>of("x", new JsonObject(), 1, true));
        default -> v.pick(List.<Object>of("x", new JsonArray(), 1, true));
      };
      d.detail = type + " given " + value.getClass().getSimpleName() + " " + value;
      // ZITADEL's surfaces read JSON as protojson does: an integer may come as a numeric string, and an enum or a
      // 64-bit integer (a string in the contract) as a number
      boolean zitadel = d.op.surface().startsWith("zitadel");
      boolean protoJsonNumeral = zitadel && "integer".equals(type) && "12".equals(value);
      boolean protoJsonNumber = zitadel && "string".equals(type) && value instanceof Integer
          && protoJsonNumber(s.schema(), value.toString());
      if (!protoJsonNumeral && !protoJsonNumber) {
        d.rejected();
      }
      return value;
    });
    field("body.field.null", s -> true, (d, s, v) -> d.splice("null".getBytes(StandardCharsets.US_ASCII)));
    field("body.field.pattern", s -> isString(s) && s.schema().containsKey("pattern"), (d, s, v) -> {
      String valid = v.validString(s.schema());
      Pattern pattern = Pattern.compile(s.schema().getString("pattern"));
      for (String candidate : List.of(valid + "!", " " + valid, valid + "\n", valid.toUpperCase(Locale.ROOT) + "_",
          "\uFF11" + valid, valid + "\u0000")) {
        if (!pattern.matcher(candidate).find()) {
          d.detail = "'" + Printable.of(utf8Bytes(candidate), 40) + "'";
          d.rejected();
          return candidate;
        }
      }
      return null;
    });
    field("body.field.10k", Mutations::isString, (d, s, v) -> {
      String value = v.random().nextBoolean() ? repeat('a', LONG) : "\u00e9".repeat(LONG);
      if (s.schema().getInteger("maxLength", Integer.MAX_VALUE) < LONG || !Values.enumChoices(s.schema()).isEmpty()
          || s.schema().containsKey("pattern")) {
        d.rejected();
      }
      d.detail = LONG + " characters";
      return value;
    });
    field("body.field.unicode", Mutations::isString, (d, s, v) -> {
      String edge = v.pick(Values.UNICODE_EDGES);
      Object now = current(d, s.path());
      d.detail = Printable.of(utf8Bytes(edge), 60);
      return (now instanceof String str && str.length() < 20 ? str : "fz") + edge;
    });
    field("body.field.escaped-surrogate", Mutations::isString, (d, s, v) -> {
      String text = v.pick(List.of("\"a\\ud800b\"", "\"\\udc00\"", "\"\\ud83d\"", "\"\\ud800\\ud800\"",
          "\"x\\uDFFF\""));
      d.detail = text;
      return d.splice(text.getBytes(StandardCharsets.US_ASCII));
    });
    field("body.field.raw-surrogate", Mutations::isString, (d, s, v) -> {
      d.detail = "CESU-8 bytes of U+D800 in a string";
      return d.splice(bytes("\"a", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "b\""));
    });
    field("body.field.nul-escaped", Mutations::isString, (d, s, v) -> {
      d.detail = "\\u0000 in a string";
      Object now = current(d, s.path());
      String base = now instanceof String str && !str.isEmpty() && str.length() < 40 ? str : "fz";
      return base + "\u0000" + (s.schema().containsKey("enum") ? "" : "x");
    });
    field("body.field.nul-raw", Mutations::isString, (d, s, v) -> {
      d.detail = "a raw NUL byte in a string";
      d.rejected();
      return d.splice(bytes("\"a", new byte[] {0}, "b\""));
    });
    field("body.field.control-raw", Mutations::isString, (d, s, v) -> {
      byte c = (byte) (1 + v.random().nextInt(31));
      d.detail = String.format("a raw 0x%02x byte in a string", c);
      d.rejected();
      return d.splice(bytes("\"a", new byte[] {c}, "b\""));
    });
    field("body.field.invalid-utf8", Mutations::isString, (d, s, v) -> {
      byte[][] choices = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82},
          {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
      byte[] bad = choices[v.random().nextInt(choices.length)];
      d.detail = "invalid UTF-8 " + Printable.of(bad, 20);
      return d.splice(bytes("\"a", bad, "b\""));
    });
    field("body.field.number-edge", s -> true, (d, s, v) -> {
      String number = v.pick(List.of("1e400", "-1e400", "18446744073709551616", "-9223372036854775809", "1.5", "-0",
          "1E2", "0.0000001", "123456789012345678901234567890", "-1"));
      String type = Values.type(s.schema());
      boolean integer = type.equals("integer");
      if (d.op.surface().startsWith("zitadel") && type.equals("string") && protoJsonNumber(s.schema(), number)) {
        // ZITADEL's surfaces read JSON as protojson does: an enum by its number, a 64-bit integer as a number
      } else if (!integer && !type.equals("number")) {
        d.rejected(); // a number where the contract wants another type
      } else if (number.equals("1.5") || number.equals("0.0000001") || outOfRange(s.schema(), number)) {
        d.rejected();
      }
      d.detail = type + " given " + number;
      return d.splice(number.getBytes(StandardCharsets.US_ASCII));
    });
    field("body.field.deep", s -> true, (d, s, v) -> {
      d.detail = NESTING + " nested arrays as the value";
      d.rejected();
      return d.splice((repeat('[', NESTING) + repeat(']', NESTING)).getBytes(StandardCharsets.US_ASCII));
    });
    field("body.field.big-array", s -> Values.type(s.schema()).equals("array"), (d, s, v) -> {
      JsonArray items = new JsonArray();
      Object one = v.valid(s.schema().getJsonObject("items", new JsonObject()), null, (n, x) -> null);
      for (int i = 0; i < 5000; i++) {
        items.add(one);
      }
      d.detail = "5000 equal items";
      if (s.schema().getBoolean("uniqueItems", false)) {
        d.rejected();
      }
      return items;
    });
  }

  /** Free strings with a maximum length: no enum, pattern or format decides their content. */
  private static boolean freeBoundedString(Slot s) {
    return isString(s) && s.schema().containsKey("maxLength") && Values.enumChoices(s.schema()).isEmpty()
        && !s.schema().containsKey("pattern") && !s.schema().containsKey("format");
  }

  /**
   * Every free string of the body at once at its maximum length (ASCII, or astral code points: four UTF-8 bytes
   * each), so that no field's largest valid value goes untried (a password hashed with bcrypt, a name in a column).
   */
  private void allFieldsAtMaximum() {
    for (boolean astral : new boolean[] {false, true}) {
      kind(astral ? "body.all-max-length-astral" : "body.all-max-length",
          d -> jsonPresent(d) && anySlot(d, Mutations::freeBoundedString), (d, v) -> {
            List<String> names = new ArrayList<>();
            for (Slot slot : slots(d)) {
              if (freeBoundedString(slot) && (slot.path().size() == 1 || current(d, slot.path().subList(0,
                  slot.path().size() - 1)) instanceof JsonObject)) {
                int n = slot.schema().getInteger("maxLength");
                set(d, slot.path(), astral ? "\uD83D\uDE00".repeat(n) : repeat('m', n));
                names.add(slot.name() + "=" + n);
              }
            }
            d.detail = String.join(", ", names) + (astral ? " astral code points" : " characters");
            return d;
          });
    }
    kind("form.all-max-length", d -> isForm(d) && formFields(d).stream()
        .anyMatch(f -> formSchema(d, f).containsKey("maxLength") && !formSchema(d, f).containsKey("enum")), (d, v) -> {
          List<String> names = new ArrayList<>();
          for (String f : formFields(d)) {
            JsonObject schema = formSchema(d, f);
            if (schema.containsKey("maxLength") && !schema.containsKey("enum") && d.formGet(f) != null) {
              d.form.removeIf(x -> x[0].equals(Draft.encode(f)));
              // a random letter: a client id of one letter repeated would be one tarpit key for every request
              d.form.add(new String[] {Draft.encode(f), repeat(v.alnum(1).charAt(0), schema.getInteger("maxLength"))});
              names.add(f + "=" + schema.getInteger("maxLength"));
            }
          }
          if (names.isEmpty()) {
            return null;
          }
          d.detail = String.join(", ", names);
          return d;
        });
  }

  /** Whether protojson reads this JSON number for a string-typed field: an enum's number, or a 64-bit integer. */
  private static boolean protoJsonNumber(JsonObject schema, String number) {
    BigInteger n;
    try {
      n = new BigDecimal(number).toBigIntegerExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return false;
    }
    JsonArray names = schema.getJsonArray("enum");
    if (names != null) {
      return n.signum() >= 0 && n.compareTo(BigInteger.valueOf(names.size())) < 0;
    }
    return switch (schema.getString("format", "")) {
      case "uint64" -> n.signum() >= 0 && n.bitLength() <= 64;
      case "int64" -> n.bitLength() <= 63;
      default -> false;
    };
  }

  private static boolean outOfRange(JsonObject schema, String number) {
    try {
      BigDecimal n = new BigDecimal(number);
      if (schema.containsKey("minimum") && n.compareTo(new BigDecimal(schema.getValue("minimum").toString())) < 0) {
        return true;
      }
      return schema.containsKey("maximum")
          && n.compareTo(new BigDecimal(schema.getValue("maximum").toString())) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  // ---- JSON bodies as a whole

  private static boolean requiresSomething(Draft d) {
    JsonObject schema = d.op.body().schema();
    return schema.containsKey("required") || schema.containsKey("oneOf");
  }

  private static Draft rawJson(Draft d, byte[] body) {
    d.mode = Draft.BodyMode.RAW;
    d.rawBody = body;
    d.contentType = "application/json";
    return d;
  }

  private void jsonBodyKinds() {
    kind("body.required-missing", d -> jsonPresent(d) && anySlot(d, Slot::required), (d, v) -> {
      Slot s = v.pick(slots(d).stream().filter(Slot::required).toList());
      remove(d, s.path());
      d.detail = "without " + s.name();
      return d.rejected();
    });
    kind("body.owner-missing", d -> jsonPresent(d) && d.op.body().schema().containsKey("oneOf"), (d, v) -> {
      for (Object branch : d.op.body().schema().getJsonArray("oneOf")) {
        for (String name : Values.strings(((JsonObject) branch).getJsonArray("required"))) {
          ((JsonObject) d.json).remove(name);
        }
      }
      if (v.random().nextBoolean()) {
        d.detail = "both oneOf branches";
        JsonObject full = (JsonObject) v.valid(d.op.body().schema().copy().put("oneOf", new JsonArray()), null,
            (n, s) -> n.equals("userName") || n.equals("instanceName") ? w.unique("fz") : null);
        for (Object branch : d.op.body().schema().getJsonArray("oneOf")) {
          for (String name : Values.strings(((JsonObject) branch).getJsonArray("required"))) {
            JsonObject property = d.op.body().schema().getJsonObject("properties").getJsonObject(name);
            ((JsonObject) d.json).put(name, full.containsKey(name) ? full.getValue(name)
                : v.valid(property, name, (n, s) -> null));
          }
        }
      } else {
        d.detail = "no oneOf branch";
      }
      return d.rejected();
    });
    kind("body.unknown-field", Mutations::jsonPresent, (d, v) -> {
      ((JsonObject) d.json).put(v.pick(List.of("fuzzUnknown", "__proto__", "constructor", "@type", "")),
          v.pick(List.<Object>of(1, "x", new JsonObject().put("a", 1))));
      d.detail = "an extra property";
      return d.op.body().schema().getBoolean("additionalProperties", true) ? d : d.rejected();
    });
    kind("body.duplicate-keys", d -> jsonPresent(d) && !((JsonObject) d.json).isEmpty(), (d, v) -> {
      JsonObject json = (JsonObject) d.json;
      String key = v.pick(new ArrayList<>(json.fieldNames()));
      byte[] text = Json.encode(json).getBytes(StandardCharsets.UTF_8);
      String extra = ",\"" + key + "\":" + v.pick(List.of("\"\"", "null", "1", "\"fz-dup\"", "{}"));
      byte[] body = bytes(new String(text, 0, text.length - 1, StandardCharsets.UTF_8), new byte[0], extra + "}");
      d.detail = key + " twice";
      return rawJson(d, body);
    });
    kind("body.deep-nesting", Mutations::isJson, (d, v) -> {
      int r = v.random().nextInt(3);
      String body = switch (r) {
        case 0 -> repeat('[', NESTING) + repeat(']', NESTING);
        case 1 -> "{\"a\":".repeat(NESTING) + "1" + repeat('}', NESTING);
        default -> repeat('[', NESTING);
      };
      d.detail = List.of(NESTING + " nested arrays", NESTING + " nested objects", NESTING + " unclosed arrays").get(r);
      rawJson(d, body.getBytes(StandardCharsets.US_ASCII));
      return r == 1 && !requiresSomething(d) ? d : d.rejected();
    });
    kind("body.truncated", Mutations::jsonPresent, (d, v) -> {
      byte[] full = Json.encode(d.json).getBytes(StandardCharsets.UTF_8);
      if (full.length < 2) {
        return null;
      }
      int cut = 1 + v.random().nextInt(full.length - 1);
      d.detail = "cut at " + cut + " of " + full.length + " bytes";
      return rawJson(d, Arrays.copyOf(full, cut)).rejected();
    });
    kind("body.invalid-json", Mutations::isJson, (d, v) -> {
      String body = v.pick(List.of("{", "}", "{\"a\":}", "{'a':1}", "{a:1}", "nul", "{\"a\":1,}", "NaN", "[1,]",
          "\"unterminated", "{\"a\":01}", "{\"a\" 1}", "{}{}", "{\"a\":1}x", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}",
          "\u0000{}", "{\"a\":1}\u0000"));
      d.detail = Printable.of(body, 40);
      return rawJson(d, body.getBytes(StandardCharsets.UTF_8)).rejected();
    });
    kind("body.not-an-object", Mutations::isJson, (d, v) -> {
      String body = v.pick(List.of("[]", "\"x\"", "1", "true", "null", "[{}]", "-0", "\"\""));
      d.detail = body;
      rawJson(d, body.getBytes(StandardCharsets.US_ASCII));
      return body.equals("null") && !d.op.body().required() ? d : d.rejected();
    });
    kind("body.empty", Mutations::isJson, (d, v) -> {
      String body = v.pick(List.of("", " ", "\r\n\t "));
      d.detail = body.isEmpty() ? "empty" : "whitespace only";
      rawJson(d, body.getBytes(StandardCharsets.US_ASCII));
      return d.op.body().required() && requiresSomething(d) ? d.rejected() : d;
    });
    kind("body.bom", Mutations::jsonPresent, (d, v) -> {
      byte[] full = Json.encode(d.json).getBytes(StandardCharsets.UTF_8);
      d.detail = "a UTF-8 byte order mark before the JSON";
      return rawJson(d, bytes("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new String(full,
          StandardCharsets.UTF_8)));
    });
    kind("body.invalid-utf8", Mutations::jsonPresent, (d, v) -> {
      byte[] full = Json.encode(d.json).getBytes(StandardCharsets.UTF_8);
      d.detail = "0xFF 0xFE before the closing brace";
      return rawJson(d, bytes(new String(full, 0, full.length - 1, StandardCharsets.UTF_8),
          new byte[] {(byte) 0xFF, (byte) 0xFE}, "}")).rejected();
    });
    kind("body.utf16", Mutations::jsonPresent, (d, v) -> {
      String text = Json.encode(d.json);
      boolean declared = v.random().nextBoolean();
      rawJson(d, text.getBytes(StandardCharsets.UTF_16LE));
      if (declared) {
        d.contentType = "application/json; charset=utf-16le";
      }
      d.detail = "UTF-16LE" + (declared ? ", declared" : ", undeclared");
      return d;
    });
    kind("body.too-large", Mutations::isJson, (d, v) -> {
      JsonObject json = d.json instanceof JsonObject o ? o.copy() : new JsonObject();
      json.put("fuzzPadding", repeat('a', OVER_BODY_LIMIT));
      d.mode = Draft.BodyMode.JSON;
      d.json = json;
      d.contentType = "application/json";
      d.detail = "over 64 KiB";
      return d.rejected();
    });
    kind("body.near-limit", Mutations::isJson, (d, v) -> {
      JsonObject json = d.json instanceof JsonObject o ? o.copy() : new JsonObject();
      json.put("fuzzPadding", repeat('a', 60_000));
      d.mode = Draft.BodyMode.JSON;
      d.json = json;
      d.contentType = "application/json";
      d.detail = "60 KB, under the 64 KiB limit";
      return d.op.body().schema().getBoolean("additionalProperties", true) ? d : d.rejected();
    });
  }

  // ---- content types, bodies where none belongs

  private static byte[] multipart(Draft d, String boundary, int padding) {
    StringBuilder s = new StringBuilder();
    byte[] original = d.body();
    s.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"body\"\r\n")
        .append("Content-Type: application/json\r\n\r\n")
        .append(original == null ? "{}" : new String(original, StandardCharsets.ISO_8859_1)).append("\r\n");
    if (d.mode == Draft.BodyMode.FORM) {
      for (String[] f : d.form) {
        s.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
            .append(URLDecoder.decode(f[0], StandardCharsets.UTF_8)).append("\"\r\n\r\n")
            .append(f[1] == null ? "" : URLDecoder.decode(f[1], StandardCharsets.ISO_8859_1)).append("\r\n");
      }
    }
    if (padding > 0) {
      s.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\""
          + "\r\nContent-Type: application/octet-stream\r\n\r\n").append(repeat('a', padding)).append("\r\n");
    }
    s.append("--").append(boundary).append("--\r\n");
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean hasBody(Draft d) {
    return d.op.body() != null;
  }

  private static Draft withBody(Draft d, byte[] body, String contentType) {
    d.mode = Draft.BodyMode.RAW;
    d.rawBody = body;
    d.contentType = contentType;
    return d;
  }

  private static byte[] currentOrEmptyObject(Draft d) {
    byte[] body = d.body();
    return body == null ? "{}".getBytes(StandardCharsets.US_ASCII) : body;
  }

  private void contentTypeKinds() {
    kind("ctype.missing", Mutations::hasBody, (d, v) -> {
      withBody(d, currentOrEmptyObject(d), null);
      d.detail = "a body without Content-Type";
      return d.op.body().required() ? d.rejected() : d;
    });
    kind("ctype.wrong", Mutations::hasBody, (d, v) -> {
      String type = v.pick(List.of("text/plain", "application/xml", "application/octet-stream", "text/json",
          "application/javascript", "image/png"));
      withBody(d, currentOrEmptyObject(d), type);
      d.detail = "Content-Type: " + type;
      return d.op.body().required() ? d.rejected() : d;
    });
    kind("ctype.odd", Mutations::hasBody, (d, v) -> {
      String declared = d.op.body().mediaType();
      String type = v.pick(List.of(declared + ";;;", declared + "; charset=\"", ";", "/", "*/*", declared.toUpperCase(
          Locale.ROOT), declared + "; charset=iso-8859-1", declared + " ; charset = utf-8", declared + ", text/plain",
          declared + "; charset=utf-7", declared + "; boundary=x", "application/vnd.api+json",
          utf8Bytes("application/json\u00ff"), declared + "\u0000"));
      withBody(d, currentOrEmptyObject(d), type);
      d.raw = !type.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
      d.detail = "Content-Type: " + Printable.of(type, 60);
      return d;
    });
    kind("ctype.two", Mutations::hasBody, (d, v) -> {
      withBody(d, currentOrEmptyObject(d), d.op.body().mediaType());
      d.addHeader("content-type", v.pick(List.of("text/plain", "multipart/form-data; boundary=x",
          d.op.body().mediaType())));
      d.raw = true;
      d.detail = "two Content-Type headers";
      return d;
    });
    kind("ctype.multipart", d -> true, (d, v) -> {
      String boundary = "fuzz" + v.alnum(10);
      int padding = v.pick(List.of(0, 20_000));
      withBody(d, multipart(d, boundary, padding), "multipart/form-data; boundary=" + boundary);
      d.detail = "multipart/form-data" + (padding > 0 ? " with a " + padding + "-byte file part" : "");
      return hasBody(d) && d.op.body().required() ? d.rejected() : d;
    });
    kind("ctype.multipart-large", d -> true, (d, v) -> {
      String boundary = "fuzz" + v.alnum(10);
      withBody(d, multipart(d, boundary, OVER_BODY_LIMIT), "multipart/form-data; boundary=" + boundary);
      d.detail = "multipart/form-data with a " + OVER_BODY_LIMIT + "-byte file part";
      return hasBody(d) ? d.rejected() : d;
    });
    kind("ctype.multipart-broken", d -> true, (d, v) -> {
      int r = v.random().nextInt(4);
      String body = switch (r) {
        case 0 -> "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"; // never closed
        case 1 -> "garbage without any boundary";
        case 2 -> "--x--\r\n";
        default -> "--x\r\nContent-Disposition: form-data; name=\"" + repeat('n', LONG) + "\"\r\n\r\n1\r\n--x--\r\n";
      };
      String type = r == 1 ? "multipart/form-data" : "multipart/form-data; boundary=x";
      withBody(d, body.getBytes(StandardCharsets.US_ASCII), type);
      d.detail = List.of("unterminated multipart", "multipart without boundary", "empty multipart",
          "multipart with a 10,000-character field name").get(r);
      return hasBody(d) && d.op.body().required() ? d.rejected() : d;
    });
    kind("ctype.form-on-json", Mutations::isJson, (d, v) -> {
      StringBuilder form = new StringBuilder();
      if (d.json instanceof JsonObject o) {
        for (String key : o.fieldNames()) {
          form.append(form.length() == 0 ? "" : "&").append(Draft.encode(key)).append('=')
              .append(Draft.encode(String.valueOf(o.getValue(key))));
        }
      }
      withBody(d, form.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
      d.detail = "the fields as a form";
      // v2: no field, no body, and an empty body is the empty message (as body.empty has it)
      boolean noBody = Requests.isV2(d.op) && form.length() == 0 && !requiresSomething(d);
      return d.op.body().required() && !noBody ? d.rejected() : d;
    });
    kind("ctype.json-on-form", Mutations::isForm, (d, v) -> {
      JsonObject json = new JsonObject();
      for (String[] f : d.form) {
        json.put(URLDecoder.decode(f[0], StandardCharsets.UTF_8),
            f[1] == null ? "" : URLDecoder.decode(f[1], StandardCharsets.UTF_8));
      }
      withBody(d, json.encode().getBytes(StandardCharsets.UTF_8), "application/json");
      d.detail = "the fields as JSON";
      return d.rejected();
    });
    kind("body.where-none-belongs", d -> !hasBody(d), (d, v) -> {
      int r = v.random().nextInt(4);
      switch (r) {
        case 0 -> withBody(d, "{\"fuzz\":1}".getBytes(StandardCharsets.US_ASCII), "application/json");
        case 1 -> withBody(d, "garbage\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1), null);
        case 2 -> withBody(d, repeat('a', OVER_BODY_LIMIT).getBytes(StandardCharsets.US_ASCII), "text/plain");
        default -> withBody(d, "a=1&b=2".getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
      }
      d.detail = List.of("a JSON body", "garbage bytes", "70 KB of text", "a form").get(r) + " on " + d.op.method();
      return d;
    });
  }

  // ---- form bodies

  /** A property of a form body schema. */
  private static List<String> formFields(Draft d) {
    return new ArrayList<>(d.op.body().schema().getJsonObject("properties", new JsonObject()).fieldNames());
  }

  private static JsonObject formSchema(Draft d, String field) {
    return d.op.body().schema().getJsonObject("properties").getJsonObject(field);
  }

  /**
   * Mutating a secret or password field of a real client would count a failed attempt against it and slow every
   * later answer for it (the tarpit): such requests name a client nobody has.
   */
  private void anonymize(Draft d, String field, Values v) {
    if (List.of("client_secret", "password", "client_id", "username").contains(field)) {
      if (d.formGet("client_id") != null && !field.equals("client_id")) {
        d.formPut("client_id", "fz-" + v.alnum(12));
      }
      if (d.formGet("username") != null && !field.equals("username")) {
        d.formPut("username", "fz-" + v.alnum(12));
      }
    }
  }

  /**
   * A mutated assertion still names its client (iss); if it no longer verifies, that client's tarpit counts it. So
   * the assertion a mutation starts from names a client nobody has.
   */
  private void resignForUnknownClient(Draft d, String field, Values v) {
    if (field.equals("assertion") && d.formGet("assertion") != null) {
      d.formPut("assertion", w.userAssertion(w.a.machineKey(), "fz-" + v.alnum(10), 300));
    } else if (field.equals("client_assertion") && d.formGet("client_assertion") != null) {
      d.formPut("client_assertion", w.clientAssertion(w.a.appKey(), "fz-" + v.alnum(10)));
    }
  }

  private void formField(String name, Predicate<JsonObject> which, FormMutation mutation) {
    kind(name, d -> isForm(d) && formFields(d).stream().anyMatch(f -> which.test(formSchema(d, f))), (d, v) -> {
      String field = v.pick(formFields(d).stream().filter(f -> which.test(formSchema(d, f))).toList());
      resignForUnknownClient(d, field, v);
      String encoded = mutation.apply(d, field, formSchema(d, field), v);
      if (encoded == null) {
        return null;
      }
      d.form.removeIf(f -> f[0].equals(Draft.encode(field)));
      d.form.add(new String[] {Draft.encode(field), encoded});
      anonymize(d, field, v);
      d.detail = field + (d.detail.isEmpty() ? "" : ": " + d.detail);
      return d;
    });
  }

  @FunctionalInterface
  interface FormMutation {
    /** The new encoded value of {@code field}. */
    String apply(Draft d, String field, JsonObject schema, Values v);
  }

  private void formKinds() {
    formField("form.field.too-long", s -> s.containsKey("maxLength") && !s.containsKey("enum"), (d, f, s, v) -> {
      int n = s.getInteger("maxLength") + 1;
      d.detail = n + " characters";
      d.rejected();
      return repeat('a', n);
    });
    formField("form.field.over-8k", s -> true, (d, f, s, v) -> {
      int n = v.pick(List.of(OVER_FORM_ATTRIBUTE_LIMIT, LONG));
      d.detail = n + " characters";
      if (s.getInteger("maxLength", Integer.MAX_VALUE) < n || s.containsKey("enum")) {
        d.rejected();
      }
      return repeat('a', n);
    });
    formField("form.field.max-length", s -> s.getInteger("maxLength", 0) > 1000, (d, f, s, v) -> {
      d.detail = s.getInteger("maxLength") + " characters, the most the contract allows";
      return repeat('a', s.getInteger("maxLength"));
    });
    formField("form.field.unicode", s -> true, (d, f, s, v) -> {
      String edge = v.pick(Values.UNICODE_EDGES);
      d.detail = Printable.of(utf8Bytes(edge), 40);
      String now = d.formGet(f);
      return Draft.encode((now == null || now.length() > 100 ? "fz" : now) + edge);
    });
    formField("form.field.nul", s -> true, (d, f, s, v) -> {
      d.detail = "%00";
      String now = d.formGet(f);
      return Draft.encode(now == null || now.length() > 100 ? "fz" : now) + "%00";
    });
    formField("form.field.raw-nul", s -> true, (d, f, s, v) -> {
      d.detail = "a raw NUL byte";
      return "a\0b";
    });
    formField("form.field.bad-encoding", s -> true, (d, f, s, v) -> {
      String bad = v.pick(List.of("%", "%zz", "%E2%82", "%FF%FE", "%ED%A0%80", "%C0%AF", "a%2", "%u0041"));
      d.detail = bad;
      return bad;
    });
    formField("form.field.raw-bytes", s -> true, (d, f, s, v) -> {
      String raw = v.pick(List.of("\u00ff\u00fe", utf8Bytes("\u00e9\uD83D\uDE00"), "a b", "a\r\nb", "a\tb"));
      d.detail = "raw " + Printable.of(raw, 20);
      return raw;
    });
    formField("form.field.empty", s -> true, (d, f, s, v) -> {
      if (s.containsKey("enum") || d.op.body().schema().getJsonArray("required", new JsonArray()).contains(f)) {
        d.rejected();
      }
      return "";
    });
    formField("form.field.enum-unknown", s -> s.containsKey("enum"), (d, f, s, v) -> {
      String value = v.pick(List.of("authorization_code", "refresh_token", "implicit", "CLIENT_CREDENTIALS",
          "client_credentials ", "password\u0000", "urn:ietf:params:oauth:grant-type:device_code", "*"));
      d.detail = "'" + Printable.of(value, 40) + "'";
      d.rejected();
      return Draft.encode(value);
    });
    kind("form.required-missing", d -> isForm(d) && d.op.body().schema().containsKey("required"), (d, v) -> {
      String field = v.pick(Values.strings(d.op.body().schema().getJsonArray("required")));
      d.form.removeIf(f -> f[0].equals(Draft.encode(field)));
      d.detail = "without " + field;
      return d.rejected();
    });
    kind("form.duplicate-field", d -> isForm(d) && !d.form.isEmpty(), (d, v) -> {
      String[] pair = v.pick(d.form);
      String other = v.pick(List.of("", "x", "client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer",
          "password"));
      d.form.add(new String[] {pair[0], Draft.encode(other)});
      d.detail = URLDecoder.decode(pair[0], StandardCharsets.UTF_8) + " twice";
      anonymize(d, URLDecoder.decode(pair[0], StandardCharsets.UTF_8), v);
      return d;
    });
    kind("form.odd-syntax", Mutations::isForm, (d, v) -> {
      String body = new String(d.body(), StandardCharsets.ISO_8859_1);
      String odd = v.pick(List.of(body + "&", "&" + body, body + "&&&", body.replace("&", ";"), body + "&=x",
          body + "&novalue", body.replace("=", "=="), body + "&" + body, "=&=&=", body.replace("%20", "+")));
      withBody(d, odd.getBytes(StandardCharsets.ISO_8859_1), "application/x-www-form-urlencoded");
      d.detail = Printable.of(odd.length() > 60 ? odd.substring(0, 60) : odd, 60);
      return d;
    });
    kind("form.unknown-field", Mutations::isForm, (d, v) -> {
      d.form.add(new String[] {Draft.encode(v.pick(List.of("fuzz", "__proto__", "grant_type[]", "a[b]"))), "1"});
      d.detail = "an extra field";
      return d;
    });
    kind("form.many-fields", Mutations::isForm, (d, v) -> {
      for (int i = 0; i < 3000; i++) {
        d.form.add(new String[] {"f" + i, "1"});
      }
      d.detail = "3000 extra fields";
      return d;
    });
    kind("form.empty", Mutations::isForm, (d, v) -> {
      withBody(d, new byte[0], "application/x-www-form-urlencoded");
      d.detail = "an empty form";
      return d.rejected();
    });
    kind("form.too-large", Mutations::isForm, (d, v) -> {
      d.form.add(new String[] {"fuzz", repeat('a', OVER_BODY_LIMIT)});
      d.detail = "over 64 KiB";
      return d.rejected();
    });
  }

  // ---- OAuth assertions and client authentication

  private static boolean oauthForm(Draft d) {
    return d.op.surface().equals("oauth") && isForm(d);
  }

  /** Assertions that are not good: broken structure, unknown key, wrong algorithm, claims out of bounds. */
  private String junkAssertion(Values v, JsonObject keyFile, boolean machine) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String subject = "fz-" + v.alnum(10); // never a real client: a bad assertion must not feed its tarpit
    int r = v.random().nextInt(12);
    return switch (r) {
      case 0 -> "a.b.c";
      case 1 -> "....";
      case 2 -> v.alnum(300);
      case 3 -> url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.US_ASCII)) + "."
          + url.encodeToString(Jwts.assertionClaims(subject, w.issuer, 300).encode().getBytes(StandardCharsets.UTF_8))
          + ".";
      case 4 -> url.encodeToString((repeat('[', NESTING) + repeat(']', NESTING)).getBytes(StandardCharsets.US_ASCII))
          + ".e30.x";
      case 5 -> "!!!.@@@.###";
      case 6 -> Jwts.rs256(keyFile.getString("keyId"), Jwts.assertionClaims(subject, w.issuer, 300),
          keyFile.getString("key")) + "x";
      case 7 -> Jwts.rs256("unknown-" + v.alnum(8), Jwts.assertionClaims(subject, w.issuer, 300),
          keyFile.getString("key"));
      case 8 -> Jwts.rs256(keyFile.getString("keyId"), Jwts.assertionClaims(subject, w.issuer, 86_400 * 365),
          keyFile.getString("key"));
      case 9 -> Jwts.rs256(keyFile.getString("keyId"), Jwts.assertionClaims(subject, "https://elsewhere.example", 300),
          keyFile.getString("key"));
      case 10 -> Jwts.rs256(keyFile.getString("keyId"), new JsonObject().put("iss", subject).put("sub", subject)
          .put("aud", new JsonArray().add(w.issuer).add(new JsonObject())).put("iat", "now").put("exp", 1e300),
          keyFile.getString("key"));
      default -> url.encodeToString("{\"alg\":\"RS256\",\"kid\":{}}".getBytes(StandardCharsets.US_ASCII)) + "."
          + url.encodeToString("[]".getBytes(StandardCharsets.US_ASCII)) + "." + v.alnum(40);
    };
  }

  private void oauthKinds() {
    kind("oauth.assertion-junk", d -> d.op.id().equals("Token") && JWT_BEARER_GRANT.test(d), (d, v) -> {
      String junk = junkAssertion(v, w.a.machineKey(), true);
      d.formPut("assertion", junk);
      d.detail = Printable.of(junk, 50);
      return d.rejected();
    });
    kind("oauth.client-assertion-junk", d -> oauthForm(d) && !d.op.id().equals("Token"), (d, v) -> {
      d.removeHeader("authorization");
      d.form.removeIf(f -> f[0].equals("client_id") || f[0].equals("client_secret"));
      d.formPut("client_assertion_type", v.random().nextInt(4) == 0 ? "urn:fuzz" : Requests.ASSERTION_TYPE);
      String junk = junkAssertion(v, w.a.appKey(), false);
      d.formPut("client_assertion", junk);
      d.credential = "a bad client assertion";
      d.detail = Printable.of(junk, 50);
      return d.rejected();
    });
    kind("oauth.assertion-10k", d -> oauthForm(d), (d, v) -> {
      // 10,000 characters: within the contract's 16,384, over the 8 KiB a form field decoder may allow by default
      String field = d.op.id().equals("Token") ? "assertion" : "client_assertion";
      if (!d.op.id().equals("Token")) {
        d.removeHeader("authorization");
        d.form.removeIf(f -> f[0].equals("client_id") || f[0].equals("client_secret"));
        d.formPut("client_assertion_type", Requests.ASSERTION_TYPE);
        d.credential = "a 10,000-character client assertion";
      } else {
        d.formPut("grant_type", Requests.JWT_BEARER);
      }
      d.formPut(field, "eyJhbGciOiJSUzI1NiJ9." + repeat('a', LONG - 22) + ".");
      d.detail = field + " of " + LONG + " characters";
      return d.rejected();
    });
    kind("oauth.scope-odd", d -> d.op.id().equals("Token"), (d, v) -> {
      String scope = v.pick(List.of("", " ", "\t", "openid openid openid", "urn:zitadel:iam:org:project:id::aud",
          "urn:zitadel:iam:org:project:id:" + w.b.project() + ":aud", "urn:zitadel:iam:org:project:id:"
              + repeat('9', 1500) + ":aud", "openid\u0000", "openid " + repeat('s', 1990)));
      d.formPut("scope", scope);
      d.detail = "scope '" + Printable.of(utf8Bytes(scope), 40) + "'";
      return scope.isBlank() || scope.length() > 2000 ? d.rejected() : d;
    });
    kind("oauth.token-odd", d -> d.op.id().equals("Introspect") || d.op.id().equals("Revoke"), (d, v) -> {
      // a changed copy of a token may still name it (Revoke would end it): a fresh victim's, never tenant A's own
      String token = v.pick(List.of(w.b.token(), w.a.t().pat(), w.shopA.admin(), w.shopA.appKey(), "x", "a.b.c",
          "TAMPERED", repeat('a', 16_384)));
      if (token.equals("TAMPERED")) {
        String victim = w.victimToken();
        token = v.pick(List.of(victim + "x", victim.substring(0, victim.length() - 1), victim + ".", "." + victim));
      }
      d.formPut("token", token);
      d.detail = "token " + Printable.of(token, 30);
      return d;
    });
  }

  private static final Predicate<Draft> JWT_BEARER_GRANT =
      d -> Requests.JWT_BEARER.equals(d.formGet("grant_type"));
}
