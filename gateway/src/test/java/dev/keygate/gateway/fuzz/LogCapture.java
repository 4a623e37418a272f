package dev.keygate.gateway.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every ERROR line logback writes while it is attached (the gateway runs in this JVM), each with the fuzz request
 * that was in flight when it was logged.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  record Line(String logger, String thread, String message, String throwable, Draft.FuzzRequest during) {}

  private final List<Line> lines = new ArrayList<>();
  private volatile Draft.FuzzRequest current;
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  LogCapture() {
    setName("fuzz-capture");
    setContext(root.getLoggerContext());
    start();
    root.addAppender(this);
  }

  void during(Draft.FuzzRequest request) {
    current = request;
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!event.getLevel().isGreaterOrEqual(Level.ERROR)) {
      return;
    }
    IThrowableProxy t = event.getThrowableProxy();
    String throwable = t == null ? null : t.getClassName() + ": " + t.getMessage();
    synchronized (lines) {
      lines.add(new Line(event.getLoggerName(), event.getThreadName(), event.getFormattedMessage(), throwable,
          current));
    }
  }

  List<Line> lines() {
    synchronized (lines) {
      return new ArrayList<>(lines);
    }
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
