package dev.keygate.gateway.oracle;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.http.contract.ContractViolation;

/**
 * Keygate's errorCodes for the Oracle surface (Oracle publishes none for application IDs), one per condition; the
 * table is in the contract, oracle-ccadmin.yaml.
 */
final class OracleErrorCatalogue {

  static final OracleError UNAUTHORIZED = new OracleError("10001", "The access token is missing, invalid or expired.",
      401, null);
  static final OracleError LOGIN_FAILED = new OracleError("10002", "Login failed: the credentials are not valid.", 401,
      null);
  static final OracleError GRANT_TYPE = new OracleError("10003",
      "grant_type must be client_credentials or password.", 400, "/grant_type");
  static final OracleError USER_CREDENTIALS_MISSING = new OracleError("10004",
      "A password login needs username and password.", 400, null);
  static final OracleError PREVIOUS_KEY_VALIDITY = new OracleError("20017",
      "previousTokenValidSeconds must be a whole number from 0 to 2592000.", 400, "/previousTokenValidSeconds");
  static final OracleError NOT_FOUND = new OracleError("30001", "No application ID with this id and type.", 404, null);
  static final OracleError NO_ENDPOINT = new OracleError("30002", "No such endpoint.", 404, null);
  static final OracleError METHOD = new OracleError("30003", "Method not allowed.", 405, null);
  static final OracleError TOO_LARGE = new OracleError("20011", "The request body is too large.", 413, null);
  static final OracleError CAPACITY = new OracleError("90003",
      "The store is full: nothing more can be created until something is deleted.", 429, null);
  static final OracleError IDEMPOTENCY_KEY_INVALID = new OracleError("20018",
      "The Idempotency-Key header must be one string of 1 to 255 printable ASCII characters.", 400, null);
  static final OracleError IDEMPOTENCY_KEY_IN_FLIGHT = new OracleError("40001",
      "A request with this Idempotency-Key is still running; retry later.", 409, null);
  static final OracleError IDEMPOTENCY_KEY_REUSED = new OracleError("40002",
      "This Idempotency-Key was used for a different request.", 422, null);
  static final OracleError UNAVAILABLE = new OracleError("90001", "The service is unavailable; try again.", 503, null);
  static final OracleError INTERNAL = new OracleError("90002", "Internal error.", 500, null);

  private OracleErrorCatalogue() {}

  /** A switch without default: a new domain error does not compile until it has its Oracle error here. */
  static OracleError of(DomainError error) {
    return switch (error) {
      case AUTH_HEADER_MISSING, AUTH_HEADER_INVALID, TOKEN_INVALID -> UNAUTHORIZED;
      case LOGIN_FAILED -> LOGIN_FAILED;
      case COMMERCE_APP_NOT_FOUND -> NOT_FOUND;
      case UNAVAILABLE -> UNAVAILABLE;
      case RESOURCE_EXHAUSTED -> CAPACITY;
      case IDEMPOTENCY_KEY_INVALID -> IDEMPOTENCY_KEY_INVALID;
      case IDEMPOTENCY_KEY_IN_FLIGHT -> IDEMPOTENCY_KEY_IN_FLIGHT;
      case IDEMPOTENCY_KEY_REUSED -> IDEMPOTENCY_KEY_REUSED;
      case INTERNAL -> INTERNAL;
      // the contract caps previousTokenValidSeconds at the service's longest overlap, so it refuses longer ones first
      case OVERLAP_TOO_LONG -> PREVIOUS_KEY_VALIDITY;
      // the other surfaces' errors, which no commerce service raises: one arriving here is Keygate's fault
      case ORG_NOT_FOUND, MEMBERSHIP_NOT_FOUND, PERMISSION_DENIED, INSTANCE_NOT_FOUND, INSTANCE_DOMAIN_TAKEN,
          PROJECT_NOT_FOUND_FOR_APP, PROJECT_NOT_FOUND, APP_NOT_FOUND, APP_NAME_TAKEN, APP_HAS_NO_SECRET,
          USER_NOT_FOUND, USER_NAME_TAKEN, USER_NOT_MACHINE, MACHINE_SECRET_NOT_FOUND, MEMBER_ALREADY_EXISTS,
          ORG_NAME_TAKEN, PAT_NOT_FOUND, KEY_NOT_FOUND, EXPIRATION_IN_PAST, PREVIOUS_SECRET_NOT_FOUND,
          GIVEN_NAME_MISSING, FAMILY_NAME_MISSING, OPERATION_NOT_ALLOWED, ECOSYSTEM_NOT_FOUND,
          CLIENT_NOT_FOUND -> INTERNAL;
    };
  }

  /** The error for one way a request broke the contract. */
  static OracleError of(String operationId, ContractViolation violation) {
    String field = violation.name();
    String path = field == null || field.isEmpty() ? null : "/" + field;
    return switch (violation.kind()) {
      case MISSING_BODY, MALFORMED_BODY -> new OracleError("20009", "The request needs a JSON object body.", 400, null);
      case CONTENT_TYPE -> new OracleError("20010", "Unsupported content type.", 415, null);
      case NOT_ALLOWED -> queryParameter(field, path);
      case SCHEMA -> switch (violation.in()) {
        case PATH -> NOT_FOUND;
        case QUERY, HEADER -> queryParameter(field, path);
        case BODY -> body(operationId, field, violation.keyword(), path);
      };
    };
  }

  private static OracleError queryParameter(String field, String path) {
    return new OracleError("20008", "Query parameter " + field + " is missing or invalid.", 400, path);
  }

  private static OracleError body(String operationId, String field, String keyword, String path) {
    boolean missing = "required".equals(keyword);
    return switch (field == null ? "" : field) {
      case "grant_type" -> GRANT_TYPE;
      case "username", "password" -> USER_CREDENTIALS_MISSING;
      case "name" -> missing ? new OracleError("20001", "name is required.", 400, path)
          : new OracleError("20002", "name must be 1 to 256 characters.", 400, path);
      case "type" -> missing ? new OracleError("20003", "type is required.", 400, path)
          : "appIdOperation".equals(operationId)
              ? new OracleError("20007", "Only application IDs of type application have a key.", 400, path)
              : new OracleError("20004", "type must be application or extension.", 400, path);
      case "lifetimeDays" -> new OracleError("20005", "lifetimeDays must be a whole number from -1.", 400, path);
      case "op" -> new OracleError("20006", "op must be genAuthToken.", 400, path);
      case "previousTokenValidSeconds" -> PREVIOUS_KEY_VALIDITY;
      default -> new OracleError("20009", "The request body is invalid.", 400, path);
    };
  }
}
