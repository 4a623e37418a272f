package dev.keygate.gateway;

import dev.keygate.gateway.service.crypto.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key of this start, from {@code KEYGATE_MASTER_KEY} or the file {@code KEYGATE_MASTER_KEY_FILE}, and the
 * previous one while the store is re-sealed ({@code KEYGATE_MASTER_KEY_PREVIOUS}). A store that outlives the process
 * (PostgreSQL) needs one: without it Keygate does not start, as ZITADEL does not start without its masterkey. The
 * memory store gets a random one, since nothing it holds outlives the process.
 */
record MasterKeySettings(MasterKey current, MasterKey previous) {

  private static final Logger LOG = LoggerFactory.getLogger(MasterKeySettings.class);

  static MasterKeySettings from(KeygateConfig config) {
    String text = config.string(KeygateConfig.MASTER_KEY);
    String file = config.string(KeygateConfig.MASTER_KEY_FILE);
    if (text != null && file != null) {
      throw new IllegalArgumentException("both " + KeygateConfig.MASTER_KEY + " and " + KeygateConfig.MASTER_KEY_FILE
          + " are set: give the master key one way");
    }
    MasterKey current;
    if (text != null) {
      current = MasterKey.parse(text, KeygateConfig.MASTER_KEY);
    } else if (file != null) {
      current = MasterKey.parse(read(file), KeygateConfig.MASTER_KEY_FILE + " (" + file + ")");
    } else if ("memory".equals(config.string(KeygateConfig.STORE))) {
      current = MasterKey.random();
      LOG.debug("master key: a random one for this process (the memory store keeps nothing beyond it)");
    } else {
      throw new IllegalArgumentException(KeygateConfig.MASTER_KEY + " (or " + KeygateConfig.MASTER_KEY_FILE
          + ") is required on the " + config.string(KeygateConfig.STORE) + " store, where every server key is stored"
          + " sealed under it: " + MasterKey.HOW_TO);
    }
    String previous = config.string(KeygateConfig.MASTER_KEY_PREVIOUS);
    return new MasterKeySettings(current, previous == null ? null
        : MasterKey.parse(previous, KeygateConfig.MASTER_KEY_PREVIOUS));
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(KeygateConfig.MASTER_KEY_FILE + ": cannot read " + file + " ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
