package dev.keygate.gateway.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks real responses against the contracts with Atlassian's swagger-request-validator, an implementation
 * independent of ours: status documented, content type, body schema (required fields, types, patterns, enums).
 */
final class ContractResponses {

  private static final Map<String, OpenApiInteractionValidator> BY_PREFIX = Map.of(
      "/system/", load("zitadel-system"),
      "/management/", load("zitadel-management"),
      "/api/", load("droplit"),
      "/oauth/", load("oauth"),
      "/ccadmin/", load("oracle-ccadmin"),
      "/.well-known/", load("oauth"));

  private ContractResponses() {}

  private static OpenApiInteractionValidator load(String surface) {
    try (InputStream in = ContractResponses.class.getClassLoader().getResourceAsStream("openapi/" + surface
        + ".yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return OpenApiInteractionValidator.createForInlineApiSpecification(yaml).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The problems found, or an empty string when the response keeps the contract (or the path is not in one). */
  static String problems(String method, String path, HttpResponse<String> response) {
    OpenApiInteractionValidator validator = BY_PREFIX.entrySet().stream()
        .filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
    if (validator == null) {
      return "";
    }
    SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
    response.headers().map().forEach((name, values) -> builder.withHeader(name, values));
    String plainPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    ValidationReport report = validator.validateResponse(plainPath, Request.Method.valueOf(method), builder.build());
    List<ValidationReport.Message> errors = report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        // paths and methods the contract does not have are answered by the router's 404/405: nothing to check
        .filter(m -> !m.getKey().startsWith("validation.request.path.missing")
            && !m.getKey().startsWith("validation.request.operation.notAllowed"))
        .toList();
    return errors.stream().map(ValidationReport.Message::toString).collect(Collectors.joining("\n"));
  }
}
