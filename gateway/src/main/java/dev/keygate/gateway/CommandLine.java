package dev.keygate.gateway;

/**
 * What the arguments ask for: to run (with a configuration file or without), the usage, the version, or nothing
 * Keygate understands ({@code misuse} names the argument). {@code --help} and {@code --version} win wherever they
 * stand, so that adding one to a command that runs Keygate shows it instead.
 */
record CommandLine(Action action, String configFile, String misuse) {

  enum Action { RUN, HELP, VERSION, MISUSE }

  static CommandLine parse(String... args) {
    String configFile = null;
    String misuse = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return new CommandLine(Action.HELP, null, null);
      }
      if (arg.equals("--version")) {
        return new CommandLine(Action.VERSION, null, null);
      }
      if (misuse != null) {
        continue;
      }
      if (arg.equals("--config") && i + 1 < args.length) {
        configFile = args[++i];
      } else if (arg.startsWith("--config=")) {
        configFile = arg.substring("--config=".length());
      } else {
        misuse = arg.equals("--config") ? "--config needs a FILE" : "unknown argument " + arg;
      }
    }
    return misuse != null ? new CommandLine(Action.MISUSE, null, misuse)
        : new CommandLine(Action.RUN, configFile, null);
  }
}
