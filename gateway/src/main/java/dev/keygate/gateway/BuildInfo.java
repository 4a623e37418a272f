package dev.keygate.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build's version, from a resource Maven fills in, for the start-up banner and {@code keygate_build_info}. */
final class BuildInfo {

  private BuildInfo() {}

  static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      String version = properties.getProperty("version", "unknown");
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
