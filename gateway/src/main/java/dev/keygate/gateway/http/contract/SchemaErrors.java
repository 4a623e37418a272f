package dev.keygate.gateway.http.contract;

import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the validator's flat ("Basic") error list into one precise body violation per problem
 * ({@link OperationValidator} moves a parameter's into that parameter). The list also holds container entries ("a
 * subschema had errors"), the failing branches of a failed {@code oneOf}, and with {@code additionalProperties} a
 * second report for any declared property that fails its own schema: those are noise.
 */
final class SchemaErrors {

  private static final Set<String> CONTAINERS = Set.of("properties", "$ref", "allOf", "items", "prefixItems",
      "patternProperties", "dependentSchemas", "if", "then", "else", "unevaluatedProperties", "contains");
  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"([^\"]*)\"");

  private SchemaErrors() {}

  static List<ContractViolation> leaves(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    if (errors == null || errors.isEmpty()) {
      errors = List.of(result);
    }
    Set<String> failedCombinators = new HashSet<>();
    Set<String> specificLocations = new HashSet<>();
    for (OutputUnit error : errors) {
      String keyword = keyword(error.getKeywordLocation());
      if (keyword.equals("oneOf") || keyword.equals("anyOf")) {
        failedCombinators.add(error.getKeywordLocation() + "/");
      }
      if (!CONTAINERS.contains(keyword) && !keyword.equals("additionalProperties")) {
        specificLocations.add(location(error));
      }
    }
    List<ContractViolation> leaves = new ArrayList<>();
    for (OutputUnit error : errors) {
      String keywordLocation = error.getKeywordLocation() == null ? "" : error.getKeywordLocation();
      String keyword = keyword(keywordLocation);
      if (CONTAINERS.contains(keyword) || insideFailedCombinator(keywordLocation, failedCombinators)) {
        continue;
      }
      String pointer = location(error);
      if (keyword.equals("additionalProperties") && specificLocations.contains(pointer)) {
        continue;
      }
      if (keyword.equals("required")) {
        Matcher m = REQUIRED_PROPERTY.matcher(error.getError() == null ? "" : error.getError());
        pointer = pointer + "/" + (m.find() ? m.group(1) : "");
      }
      leaves.add(ContractViolation.body(pointer, keyword));
    }
    if (leaves.isEmpty()) {
      leaves.add(ContractViolation.body("", "invalid"));
    }
    return leaves;
  }

  private static boolean insideFailedCombinator(String keywordLocation, Set<String> failedCombinators) {
    for (String prefix : failedCombinators) {
      if (keywordLocation.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String keyword(String keywordLocation) {
    if (keywordLocation == null) {
      return "";
    }
    int slash = keywordLocation.lastIndexOf('/');
    return slash < 0 ? keywordLocation : keywordLocation.substring(slash + 1);
  }

  /** The instance location as a JSON pointer without the leading '#'. */
  private static String location(OutputUnit error) {
    String location = error.getInstanceLocation();
    if (location == null || location.equals("#")) {
      return "";
    }
    return location.startsWith("#") ? location.substring(1) : location;
  }
}
