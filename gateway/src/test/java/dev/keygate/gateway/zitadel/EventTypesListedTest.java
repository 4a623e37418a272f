package dev.keygate.gateway.zitadel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.EventTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every event and aggregate type the stores record is one a ListEvents request may name (the admin contract's
 * enums) and has an English label: a new type fails here until both follow.
 */
class EventTypesListedTest {

  @SuppressWarnings("unchecked")
  private static List<String> contractEnum(String schema) {
    try (InputStream in = EventTypesListedTest.class.getClassLoader().getResourceAsStream(
        "openapi/zitadel-admin.yaml")) {
      Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components"))
          .get("schemas");
      return (List<String>) ((Map<String, Object>) schemas.get(schema)).get("enum");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theContractNamesEveryTypeAndNoOther() {
    assertThat(contractEnum("EventTypeName")).isEqualTo(EventTypes.all());
    assertThat(contractEnum("AggregateTypeName")).isEqualTo(EventTypes.Aggregate.all());
  }

  @Test
  void everyTypeHasALabel() {
    EventLabels labels = EventLabels.load();

    assertThat(EventTypes.all()).hasSizeGreaterThan(30)
        .allSatisfy(type -> assertThat(labels.has(EventLabels.eventKey(type))).as(type).isTrue());
    assertThat(EventTypes.Aggregate.all()).contains(EventTypes.Aggregate.PROJECT)
        .allSatisfy(type -> assertThat(labels.has(EventLabels.aggregateKey(type))).as(type).isTrue());
    assertThat(labels.label("EventTypes.no.such.type")).as("an unlabelled key is its own label")
        .isEqualTo("EventTypes.no.such.type");
  }
}
