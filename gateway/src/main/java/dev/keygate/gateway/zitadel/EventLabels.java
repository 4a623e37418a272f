package dev.keygate.gateway.zitadel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The English labels of event and aggregate types, under ZITADEL's i18n keys ({@code EventTypes.<type>},
 * {@code AggregateTypes.<type>}), from {@code event-labels.properties}. A key without a label is its own label, as
 * ZITADEL shows an untranslated key; EventLabelsTest keeps every type labelled.
 */
final class EventLabels {

  private static final String RESOURCE = "event-labels.properties";

  private final Properties labels;

  private EventLabels(Properties labels) {
    this.labels = labels;
  }

  static EventLabels load() {
    Properties labels = new Properties();
    try (InputStream in = EventLabels.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      labels.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EventLabels(labels);
  }

  static String eventKey(String type) {
    return "EventTypes." + type;
  }

  static String aggregateKey(String type) {
    return "AggregateTypes." + type;
  }

  /** The label of an i18n key, or the key itself. */
  String label(String key) {
    return labels.getProperty(key, key);
  }

  /** Whether the key has a label of its own. */
  boolean has(String key) {
    return labels.containsKey(key);
  }
}
