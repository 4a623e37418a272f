package dev.keygate.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every logger that could see a credential (root, Keygate's, Vert.x's, Netty's) at its most verbose, every event
 * kept, while it is open; closing it puts the levels back. For the log-hygiene tests. The events below INFO are kept
 * here only: the build's console gets what it would have got anyway, not thousands of Vert.x TRACE lines.
 */
public final class VerboseLog implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final List<Logger> opened = List.of(root, (Logger) LoggerFactory.getLogger("dev.keygate"),
      (Logger) LoggerFactory.getLogger("io.vertx"), (Logger) LoggerFactory.getLogger("io.netty"));
  private final List<Level> previous = opened.stream().map(Logger::getLevel).toList();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  /** The appenders that were there before (the console), each with the filters it had. */
  private final Map<Appender<ILoggingEvent>, List<Filter<ILoggingEvent>>> quieted = new LinkedHashMap<>();

  public VerboseLog() {
    root.iteratorForAppenders().forEachRemaining(appender -> {
      quieted.put(appender, appender.getCopyOfAttachedFiltersList());
      appender.addFilter(new Filter<>() {
        @Override
        public FilterReply decide(ILoggingEvent event) {
          return event.getLevel().isGreaterOrEqual(Level.INFO) ? FilterReply.NEUTRAL : FilterReply.DENY;
        }
      });
    });
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
    quieted.forEach((appender, filters) -> {
      appender.clearAllFilters();
      filters.forEach(appender::addFilter);
    });
  }
}
