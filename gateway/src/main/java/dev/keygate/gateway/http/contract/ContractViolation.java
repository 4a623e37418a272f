package dev.keygate.gateway.http.contract;

/**
 * One way a request breaks its contract, independent of any vendor's error format.
 *
 * @param in      where: a parameter location, the body, or the body's media type / presence
 * @param name    the parameter name, or for the body the offending property (empty for the body itself)
 * @param pointer for the body, the JSON pointer of the offending value ("" for the root)
 * @param keyword the JSON-schema keyword that failed ({@code required}, {@code maxLength}, {@code enum}, ...), or
 *                {@code notAllowed} for a query parameter the operation does not declare
 * @param schemaPath where in the schema the keyword sits (for messages that need the rule's parameters)
 */
public record ContractViolation(In in, String name, String pointer, String keyword, String schemaPath) {

  public enum In { PATH, QUERY, HEADER, BODY, CONTENT_TYPE, MISSING_BODY, MALFORMED_BODY }
}
