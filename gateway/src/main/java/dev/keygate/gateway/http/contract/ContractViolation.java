package dev.keygate.gateway.http.contract;

/**
 * One way a request breaks its contract, independent of any vendor's error format. Made by its factories: one per
 * kind, and for a schema violation one for a parameter and one for a body value.
 *
 * @param kind    what went wrong: a value against its schema, or one of Keygate's own checks around the schemas
 * @param in      where: a parameter's location, or the body (every kind about the body as a whole is in the body)
 * @param name    the parameter's name, or for the body the offending property (empty for the body itself)
 * @param pointer for a body value, its JSON pointer ("" for the root, and for everything that is not a body value)
 * @param keyword for {@link Kind#SCHEMA} only, the JSON-schema keyword that failed ({@code required},
 *                {@code maxLength}, {@code enum}, ..., or {@code invalid} when the validator named none), which the
 *                vendors' messages are made of; null for every other kind
 */
public record ContractViolation(Kind kind, In in, String name, String pointer, String keyword) {

  /** Where in the request the violation is. */
  public enum In { PATH, QUERY, HEADER, BODY }

  /** What kind of rule the request broke. */
  public enum Kind {
    /** A parameter or a body value fails its schema; {@code keyword} names the rule. */
    SCHEMA,
    /** A query parameter the operation does not declare, on a contract that refuses those. */
    NOT_ALLOWED,
    /** A body of a media type the operation does not take. */
    CONTENT_TYPE,
    /** No body where the operation requires one. */
    MISSING_BODY,
    /** A body that is no JSON, reported in the surface's own order (see {@code SurfaceBinding.malformedBodyFirst}). */
    MALFORMED_BODY
  }

  public ContractViolation {
    if ((kind == Kind.SCHEMA) != (keyword != null)) {
      throw new IllegalArgumentException("a keyword belongs to schema violations, and each has one: " + kind);
    }
  }

  /** A parameter that fails its schema, or a required one that is absent ({@code required}). */
  public static ContractViolation parameter(In in, String name, String keyword) {
    if (in == In.BODY) {
      throw new IllegalArgumentException("the body is no parameter");
    }
    return new ContractViolation(Kind.SCHEMA, in, name, "", keyword);
  }

  /** A body value at {@code pointer} that fails its schema; its name is the pointer's last token. */
  public static ContractViolation body(String pointer, String keyword) {
    int slash = pointer.lastIndexOf('/');
    String name = slash < 0 ? pointer : pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    return new ContractViolation(Kind.SCHEMA, In.BODY, name, pointer, keyword);
  }

  public static ContractViolation notAllowed(String queryParameter) {
    return new ContractViolation(Kind.NOT_ALLOWED, In.QUERY, queryParameter, "", null);
  }

  public static ContractViolation contentType() {
    return wholeBody(Kind.CONTENT_TYPE);
  }

  public static ContractViolation missingBody() {
    return wholeBody(Kind.MISSING_BODY);
  }

  public static ContractViolation malformedBody() {
    return wholeBody(Kind.MALFORMED_BODY);
  }

  private static ContractViolation wholeBody(Kind kind) {
    return new ContractViolation(kind, In.BODY, "", "", null);
  }
}
