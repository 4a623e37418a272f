package dev.keygate.gateway.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The served contracts as the fuzzer sees them: every {@code openapi/*.yaml} on the classpath (the api-spec module's
 * resources, the same files the gateway loads and serves), each operation with its parameters, request body and
 * documented statuses, every {@code $ref} resolved.
 */
final class ContractModel {

  /** A parameter of an operation (declared on it or on its path item), schema resolved. */
  record Param(String name, String in, boolean required, JsonObject schema) {}

  /** The request body: its one media type, whether it is required, and its schema (resolved). */
  record Body(String mediaType, boolean required, JsonObject schema) {

    boolean isForm() {
      return mediaType.equals("application/x-www-form-urlencoded");
    }
  }

  /** One operation of one contract. */
  record Operation(String surface, String id, String method, String path, List<Param> params, Body body,
                   Set<Integer> statuses, boolean hasDefault, String defaultDescription, boolean declaresSecurity,
                   List<String> securitySchemes, boolean securityOptional) {

    List<Param> params(String in) {
      return params.stream().filter(p -> p.in().equals(in)).toList();
    }

    /** The statuses this operation documents: its own, plus the surface's generic ones where it has a default. */
    boolean documents(int status) {
      return statuses.contains(status) || hasDefault && genericStatuses(surface).contains(status);
    }

    /** A 503 is acceptable only where the contract names it for this operation. */
    boolean documents503() {
      return statuses.contains(503) || hasDefault && defaultDescription.contains("503");
    }

    /** A 501 the operation lists itself (never one read into a {@code default} response). */
    boolean documents501() {
      return statuses.contains(501);
    }

    @Override
    public String toString() {
      return surface + " " + id + " (" + method + " " + path + ")";
    }
  }

  private final List<Operation> operations = new ArrayList<>();
  private final List<String> surfaces = new ArrayList<>();

  private ContractModel() {}

  /**
   * The statuses a surface documents for any of its operations that has a {@code default} response, quoted from the
   * contract's own text (a 500 never counts: the fuzzer does not accept a 5xx other than a documented 503).
   */
  static Set<Integer> genericStatuses(String surface) {
    return switch (surface) {
      // "default: Any other error, e.g. 413 body too large (code 8), 500 (code 13), 503 (code 14)."
      case "zitadel-system", "zitadel-management", "zitadel-admin", "zitadel-auth" -> Set.of(413, 503);
      // "kind is InvalidParameters, NotFound, Unauthorized, Forbidden, MethodNotAllowed, PayloadTooLarge,
      //  Unavailable or InternalError"; "default: Any other failure (413 Payload Too Large, 500, 503)";
      // "Checks run in this order ...: authorization (401/403)"
      case "droplit" -> Set.of(400, 401, 403, 404, 405, 413, 503);
      // the errorCode table of info.description: 10001.. 401, 400, 415 (20010), 413 (20011), 404 (30001, 30002),
      // 405 (30003), 503 (90001)
      case "oracle-ccadmin" -> Set.of(400, 401, 404, 405, 413, 415, 503);
      // "Error: Any other error: `internal` (500, ...), `unknown` (500), `canceled` (499), `deadline_exceeded` (504)";
      // every other status of info.description's code table is listed on each operation
      case "zitadel-v2" -> Set.of(499, 504);
      // oauth.yaml has no default response: only what each operation lists
      default -> Set.of();
    };
  }

  static ContractModel load() {
    ContractModel model = new ContractModel();
    for (String name : contractNames()) {
      model.surfaces.add(name);
      model.read(name);
    }
    if (model.surfaces.isEmpty()) {
      throw new IllegalStateException("no openapi/*.yaml on the classpath");
    }
    return model;
  }

  List<Operation> operations() {
    return Collections.unmodifiableList(operations);
  }

  List<String> surfaces() {
    return Collections.unmodifiableList(surfaces);
  }

  /** The names ({@code zitadel-system}, ...) of every {@code openapi/*.yaml} resource, from a directory or a jar. */
  static List<String> contractNames() {
    Set<String> names = new TreeSet<>();
    try {
      Enumeration<URL> roots = ContractModel.class.getClassLoader().getResources("openapi");
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        if (root.getProtocol().equals("file")) {
          File[] files = new File(root.toURI()).listFiles((dir, file) -> file.endsWith(".yaml"));
          for (File file : files == null ? new File[0] : files) {
            names.add(file.getName().substring(0, file.getName().length() - 5));
          }
        } else if (root.getProtocol().equals("jar")) {
          JarURLConnection connection = (JarURLConnection) root.openConnection();
          connection.setUseCaches(false);
          try (JarFile jar = connection.getJarFile()) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
              String entry = entries.nextElement().getName();
              if (entry.startsWith("openapi/") && entry.endsWith(".yaml") && entry.indexOf('/', 8) < 0) {
                names.add(entry.substring(8, entry.length() - 5));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return new ArrayList<>(names);
  }

  static String yaml(String name) {
    try (InputStream in = ContractModel.class.getClassLoader().getResourceAsStream("openapi/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi/" + name + ".yaml is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read(String surface) {
    Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml(surface));
    JsonObject document = new JsonObject(tree);
    JsonObject resolved = (JsonObject) resolve(document, document, 0);
    JsonArray topSecurity = resolved.getJsonArray("security");
    JsonObject paths = resolved.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      List<Param> shared = params(item.getJsonArray("parameters"));
      for (String method : List.of("get", "put", "post", "delete", "patch")) {
        JsonObject operation = item.getJsonObject(method);
        if (operation == null) {
          continue;
        }
        Map<String, Param> byKey = new LinkedHashMap<>();
        for (Param p : shared) {
          byKey.put(p.in() + ":" + p.name(), p);
        }
        for (Param p : params(operation.getJsonArray("parameters"))) {
          byKey.put(p.in() + ":" + p.name(), p);
        }
        Body body = null;
        JsonObject requestBody = operation.getJsonObject("requestBody");
        if (requestBody != null) {
          JsonObject content = requestBody.getJsonObject("content");
          String media = content.fieldNames().iterator().next();
          body = new Body(media, requestBody.getBoolean("required", false),
              content.getJsonObject(media).getJsonObject("schema", new JsonObject()));
        }
        Set<Integer> statuses = new TreeSet<>();
        boolean hasDefault = false;
        String defaultDescription = "";
        JsonObject responses = operation.getJsonObject("responses");
        for (String status : responses.fieldNames()) {
          if (status.equals("default")) {
            hasDefault = true;
            defaultDescription = responses.getJsonObject(status).getString("description", "");
          } else {
            statuses.add(Integer.parseInt(status));
          }
        }
        JsonArray security = operation.containsKey("security") ? operation.getJsonArray("security") : topSecurity;
        List<String> schemes = new ArrayList<>();
        boolean optional = false;
        if (security != null) {
          for (Object requirement : security) {
            JsonObject r = (JsonObject) requirement;
            if (r.isEmpty()) {
              optional = true;
            }
            schemes.addAll(r.fieldNames());
          }
        }
        operations.add(new Operation(surface, operation.getString("operationId"), method.toUpperCase(), path,
            List.copyOf(byKey.values()), body, Collections.unmodifiableSet(statuses), hasDefault, defaultDescription,
            security != null && !security.isEmpty(), List.copyOf(schemes), optional || security == null
                || security.isEmpty()));
      }
    }
  }

  private static List<Param> params(JsonArray parameters) {
    List<Param> result = new ArrayList<>();
    if (parameters == null) {
      return result;
    }
    for (Object entry : parameters) {
      JsonObject p = (JsonObject) entry;
      result.add(new Param(p.getString("name"), p.getString("in"), p.getBoolean("required", false),
          p.getJsonObject("schema", new JsonObject())));
    }
    return result;
  }

  /** A copy of {@code node} with every internal {@code $ref} replaced by (a resolved copy of) its target. */
  private static Object resolve(Object node, JsonObject document, int depth) {
    if (depth > 64) {
      throw new IllegalStateException("$ref nesting too deep (a recursive schema?)");
    }
    if (node instanceof JsonObject object) {
      if (object.containsKey("$ref")) {
        String ref = object.getString("$ref");
        Object target = document;
        for (String token : ref.substring(2).split("/")) {
          target = ((JsonObject) target).getValue(token.replace("~1", "/").replace("~0", "~"));
        }
        return resolve(target, document, depth + 1);
      }
      JsonObject copy = new JsonObject();
      for (String key : object.fieldNames()) {
        copy.put(key, resolve(object.getValue(key), document, depth + 1));
      }
      return copy;
    }
    if (node instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      for (Object value : array) {
        copy.add(resolve(value, document, depth + 1));
      }
      return copy;
    }
    return node;
  }
}
