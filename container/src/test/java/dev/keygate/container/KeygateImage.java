package dev.keygate.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * How the container tests get Keygate's image: podman (installed with apt-get when missing, as root), the Debian
 * base of {@code container/build-base.sh} (cached by podman between runs), and {@code podman build} of the
 * Containerfile on this build's shaded jar. Shared by {@link ContainerImageTest} and {@link ComposeFileTest}.
 */
final class KeygateImage {

  static final String BASE = System.getProperty("keygate.container.base", "localhost/keygate-base-jre17");
  /** The directory of Containerfile, compose.yaml, the build scripts and containers.conf. */
  static final Path DIR = Path.of(System.getProperty("keygate.container.dir", ".")).toAbsolutePath().normalize();
  static final Path JAR = Path.of(System.getProperty("keygate.container.jar", "../gateway/target/keygate.jar"))
      .toAbsolutePath().normalize();

  private KeygateImage() {}

  /**
   * Podman with the module's containers.conf; skips the calling test class, saying why, when the jar is missing (a
   * {@code mvn test}) or when podman, runc or mmdebstrap is missing and this user may not install them.
   */
  static Podman podmanOrSkip() {
    Assumptions.assumeTrue(Files.isRegularFile(JAR), () -> "SKIPPED: " + JAR + " is missing: the image is built from "
        + "the shaded jar of the gateway's package phase, which `mvn test` does not reach; `mvn -B verify` runs this");
    Podman podman = new Podman(DIR.resolve("containers.conf"));
    boolean tools = Podman.onPath("podman") && Podman.onPath("runc") && Podman.onPath("mmdebstrap");
    if (!tools && !isRoot(podman)) {
      Assumptions.abort("SKIPPED: podman, runc or mmdebstrap is missing, and only root may install them with apt-get "
          + "(apt-get install podman runc mmdebstrap)");
    }
    return podman;
  }

  static boolean isRoot(Podman podman) {
    return "0".equals(podman.run(List.of("id", "-u"), Duration.ofSeconds(10), Map.of()).out().strip());
  }

  /**
   * The base: Debian's JRE 17 through mmdebstrap, unless podman has it already (build-base.sh says which, on
   * stderr); installs podman, runc and mmdebstrap first where they are missing.
   */
  static Podman.Result base(Podman podman) {
    Podman.Result base = podman.run(List.of("bash", DIR.resolve("build-base.sh").toString()), Duration.ofMinutes(11),
        Map.of("KEYGATE_BASE_IMAGE", BASE));
    if (!base.ok() && !Podman.onPath("podman")) {
      Assumptions.abort("SKIPPED: podman cannot be installed here (apt-get failed):\n" + base);
    }
    assertThat(base.ok()).as("the base image: %s", base).isTrue();
    return base;
  }

  /** Whether {@link #base} found the image already there. */
  static boolean cached(Podman.Result script) {
    return script.err().contains("exists, kept");
  }

  /**
   * {@code podman build} of the Containerfile on the base, tagged {@code image}, from a context holding the jar alone,
   * as a user's {@code podman build … gateway/target} sends it.
   */
  static Podman.Result build(Podman podman, String image) throws IOException {
    Path context = Path.of("target", "image-context").toAbsolutePath();
    Files.createDirectories(context);
    Files.copy(JAR, context.resolve("keygate.jar"), StandardCopyOption.REPLACE_EXISTING);
    Podman.Result build = podman.podman(Duration.ofMinutes(5), "build", "--format", "docker", "--build-arg",
        "BASE=" + BASE, "-f", DIR.resolve("Containerfile").toString(), "-t", image, context.toString());
    assertThat(build.ok()).as("podman build: %s", build).isTrue();
    return build;
  }
}
