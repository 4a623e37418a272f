package dev.keygate.gateway;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a class of this test classpath in a fresh JVM, with its own environment and system properties; its standard
 * error is merged into standard output.
 */
final class ChildJvm {

  private ChildJvm() {}

  static Process start(String mainClass, Map<String, String> env, List<String> systemProperties, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(systemProperties);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("KEYGATE_"));
    // never the default management port 9000: builds running side by side would collide on it
    builder.environment().put("KEYGATE_MANAGEMENT_PORT", "0");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true); // one stream: nothing can fill an unread pipe and stall the child
    return builder.start();
  }
}
