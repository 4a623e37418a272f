package dev.keygate.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.ExternalTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the browser tests (the docs', the console's) need and install by themselves when it is missing: Debian's
 * {@code chromium} (through {@code browser/install-chromium.sh}, apt-get as root), {@code playwright-core} and
 * {@code axe-core} from npm into {@code target/}. Each install says whether it failed because its registry cannot be
 * reached, the one reason the test may skip for.
 */
public final class BrowserTools {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String PLAYWRIGHT = ExternalTools.pinned("playwright-core", "playwright-core.version");
  private static final String AXE = ExternalTools.pinned("axe-core", "axe-core.version");
  private static final Path TOOLS = Path.of(System.getProperty("browser.tools.dir", "target/tools-browser"));
  /** install-chromium.sh's exit code when apt cannot reach its mirrors. */
  private static final int APT_UNREACHABLE = 3;

  /** An installed tool, or why it could not be installed because its registry is out of reach. */
  public record Installed(Path path, String unreachable) {}

  private BrowserTools() {}

  public static Installed chromium() throws Exception {
    if (Files.isExecutable(CHROMIUM)) {
      return new Installed(CHROMIUM, null);
    }
    Path script = Path.of(BrowserTools.class.getResource("/browser/install-chromium.sh").toURI());
    Result install = ExternalTools.run(List.of("bash", script.toString()), Path.of("."), 900);
    if (install.exitCode() == APT_UNREACHABLE) {
      return new Installed(null, "apt cannot reach its mirrors, so chromium cannot be installed:\n"
          + install.output());
    }
    assertThat(install.exitCode()).as("install-chromium.sh:%n%s", install.output()).isZero();
    assertThat(CHROMIUM).as("chromium after install-chromium.sh").isExecutable();
    return new Installed(CHROMIUM, null);
  }

  public static Installed playwright() throws Exception {
    return npmModule("playwright-core", PLAYWRIGHT);
  }

  /** axe-core, whose {@code axe.min.js} the console test injects into each screen. */
  public static Installed axe() throws Exception {
    return npmModule("axe-core", AXE);
  }

  private static Installed npmModule(String name, String pinned) throws Exception {
    Path module = TOOLS.resolve("node_modules/" + name).toAbsolutePath();
    if (Files.isRegularFile(module.resolve("package.json"))) {
      return new Installed(module, null);
    }
    Result install = ExternalTools.npmInstall(TOOLS, List.of(pinned));
    if (ExternalTools.registryUnreachable(install)) {
      return new Installed(null, "the npm registry is unreachable, so " + pinned + " cannot be installed:\n"
          + install.output());
    }
    assertThat(install.exitCode()).as("npm install %s:%n%s", pinned, install.output()).isZero();
    return new Installed(module, null);
  }
}
