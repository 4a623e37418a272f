package dev.keygate.gateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * {@link ContractResponses}' check, open to tests outside this package and to answers that did not come through
 * {@code java.net.http} (a raw socket's): the same validator, the same rules, one place.
 */
public final class ContractCheck {

  private ContractCheck() {}

  /**
   * The contract problems of an answer to {@code method path} (the path as sent, query string allowed), or an empty
   * string when it keeps the contract or the path is in none.
   */
  public static String problems(String method, String path, int status, Map<String, List<String>> headers,
                                String body) {
    return ContractResponses.problems(method, path, new Answer(status, headers, body));
  }

  /** Just enough of an {@link HttpResponse} for the validator, which reads status, headers and body. */
  private record Answer(int status, Map<String, List<String>> headerMap, String body) implements HttpResponse<String> {

    @Override
    public int statusCode() {
      return status;
    }

    @Override
    public HttpRequest request() {
      return null;
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return HttpHeaders.of(headerMap, (name, value) -> true);
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return null;
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
