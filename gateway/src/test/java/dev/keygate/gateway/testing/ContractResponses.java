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
import java.util.stream.Stream;

/**
 * Checks real responses against the contracts with Atlassian's swagger-request-validator, an implementation
 * independent of ours: status documented, content type, body schema (required fields, types, patterns, enums).
 */
final class ContractResponses {

  private static final Map<String, OpenApiInteractionValidator> BY_PREFIX = Map.of(
      "/system/", load("zitadel-system"),
      "/management/", load("zitadel-management"),
      "/admin/", load("zitadel-admin"),
      "/auth/", load("zitadel-auth"),
      "/api/", load("droplit"),
      "/oauth/", load("oauth"),
      "/ccadmin/", load("oracle-ccadmin"),
      "/.well-known/", load("oauth"),
      "/zitadel.", load("zitadel-v2"));

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

  /**
   * The problems found, or an empty string when the response keeps the contract (or the path is not in one). The
   * contracts name no HEAD operation: an answer to HEAD is checked as the GET operation's answer without its body
   * (status and headers), and a body on it is a problem of its own (RFC 9110 §9.3.2).
   */
  static String problems(String method, String path, HttpResponse<String> response) {
    boolean head = method.equals("HEAD");
    String bodyOnHead = head && response.body() != null && !response.body().isEmpty()
        ? "HEAD answered with a body of " + response.body().length() + " characters" : "";
    OpenApiInteractionValidator validator = BY_PREFIX.entrySet().stream()
        .filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
    if (validator == null) {
      return bodyOnHead;
    }
    SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode());
    if (!head) {
      builder.withBody(response.body());
    }
    response.headers().map().forEach((name, values) -> builder.withHeader(name, values));
    String plainPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    ValidationReport report = validator.validateResponse(plainPath, Request.Method.valueOf(head ? "GET" : method),
        builder.build());
    List<ValidationReport.Message> errors = report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
        // paths and methods the contract does not have are answered by the router's 404/405: nothing to check
        .filter(m -> !m.getKey().startsWith("validation.request.path.missing")
            && !m.getKey().startsWith("validation.request.operation.notAllowed"))
        .filter(m -> !(head && m.getKey().equals("validation.response.body.missing")))
        .toList();
    return Stream.concat(Stream.of(bodyOnHead).filter(problem -> !problem.isEmpty()),
        errors.stream().map(ValidationReport.Message::toString)).collect(Collectors.joining("\n"));
  }
}
