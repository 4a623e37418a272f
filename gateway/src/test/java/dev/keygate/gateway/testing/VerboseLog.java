package dev.keygate.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every logger that could see a credential (root, Keygate's, Vert.x's, Netty's) at its most verbose, every event
 * kept, while it is open; closing it puts the levels back. For the log-hygiene tests.
 */
public final class VerboseLog implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final List<Logger> opened = List.of(root, (Logger) LoggerFactory.getLogger("dev.keygate"),
      (Logger) LoggerFactory.getLogger("io.vertx"), (Logger) LoggerFactory.getLogger("io.netty"));
  private final List<Level> previous = opened.stream().map(Logger::getLevel).toList();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  public VerboseLog() {
    captured.start();
    root.addAppender(captured);
    opened.forEach(logger -> logger.setLevel(Level.TRACE));
  }

  /** The events logged while open (also after closing). */
  public List<ILoggingEvent> events() {
    return captured.list;
  }

  /** No event's message or exception message contains any of the credentials. */
  public void assertNoLineContains(List<String> credentials) {
    for (ILoggingEvent event : captured.list) {
      String line = event.getFormattedMessage() + " " + (event.getThrowableProxy() == null ? ""
          : event.getThrowableProxy().getMessage());
      for (String credential : credentials) {
        assertThat(line).as("log line leaks a credential").doesNotContain(credential);
      }
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < opened.size(); i++) {
      opened.get(i).setLevel(previous.get(i));
    }
    root.detachAppender(captured);
  }
}
