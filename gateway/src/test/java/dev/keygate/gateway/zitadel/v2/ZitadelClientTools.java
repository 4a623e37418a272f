package dev.keygate.gateway.zitadel.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.keygate.gateway.testing.ExternalTools;
import dev.keygate.gateway.testing.ExternalTools.Result;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * ZITADEL's v2 npm client and what its scripts import, at the versions the root pom pins, installed once into
 * {@code target/tools-zitadel-client} for every test that drives it (never vendored); and the scripts of
 * {@code resources/zitadel-client}, copied beside {@code node_modules} so that Node resolves the packages as an
 * application of them would. A test that calls {@link #install} is skipped, saying so, only when the npm registry
 * cannot be reached.
 */
final class ZitadelClientTools {

  static final Path TOOLS = Path.of("target/tools-zitadel-client");
  private static final List<String> PACKAGES = List.of(
      ExternalTools.pinned("@zitadel/client", "zitadel-client.version"),
      ExternalTools.pinned("@zitadel/proto", "zitadel-proto.version"),
      ExternalTools.pinned("@connectrpc/connect-node", "connectrpc-connect-node.version"),
      ExternalTools.pinned("@bufbuild/protobuf", "bufbuild-protobuf.version"));

  private ZitadelClientTools() {}

  /** Installs the packages unless an earlier run did. */
  static void install() throws Exception {
    if (Files.isRegularFile(TOOLS.resolve("node_modules/@zitadel/client/package.json"))
        && Files.isDirectory(TOOLS.resolve("node_modules/@connectrpc/connect-node"))) {
      return;
    }
    Result install = ExternalTools.npmInstall(TOOLS, PACKAGES);
    assumeFalse(ExternalTools.registryUnreachable(install),
        () -> "SKIPPED: the npm registry is unreachable, so " + PACKAGES + " cannot be installed:\n"
            + install.output());
    assertThat(install.exitCode()).as("npm install %s:%n%s", PACKAGES, install.output()).isZero();
  }

  /** Copies {@code resources/zitadel-client/<name>} into the tools directory; returns its name there. */
  static String script(String name) throws Exception {
    try (InputStream in = ZitadelClientTools.class.getResourceAsStream("/zitadel-client/" + name)) {
      Files.copy(in, TOOLS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    return name;
  }
}
