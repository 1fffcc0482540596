package dev.kubewsgi.operator.config;

import dev.kubewsgi.operator.render.NetworkPolicySettings;
import dev.kubewsgi.operator.render.RenderSettings;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The operator's configuration: environment variables, overridden by command-line flags. */
public final class OperatorSettings {

  private final Map<Setting, String> values;

  private OperatorSettings(Map<Setting, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code env}, then {@code args} ({@code --flag value} or {@code --flag=value}).
   *
   * @throws IllegalArgumentException naming the flag or variable that is wrong
   */
  public static OperatorSettings parse(String[] args, Map<String, String> env) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      values.put(setting, env.getOrDefault(setting.env(), setting.defaultValue()));
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      Setting setting =
          Arrays.stream(Setting.values())
              .filter(s -> s.flag().equals(flag))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalArgumentException("unknown option " + arg + "\n" + help()));
      if (arg.contains("=")) {
        values.put(setting, arg.substring(arg.indexOf('=') + 1));
      } else if (i + 1 < args.length) {
        values.put(setting, args[++i]);
      } else {
        throw new IllegalArgumentException(flag + " needs a value");
      }
    }
    OperatorSettings settings = new OperatorSettings(values);
    settings.check();
    return settings;
  }

  public static String help() {
    StringBuilder text =
        new StringBuilder("usage: kubewsgi-operator [options]\n\noptions (or environment):\n");
    for (Setting s : Setting.values()) {
      text.append(
          String.format(
              "  %-30s %s%n  %-30s   %s (default \"%s\")%n",
              s.flag() + " VALUE", s.env(), "", s.description(), s.defaultValue()));
    }
    return text.toString();
  }

  private void check() {
    port(Setting.METRICS_PORT);
    port(Setting.HEALTH_PORT);
    integer(Setting.RECONCILE_THREADS, 1, 1000);
    if (!Set.of("true", "false").contains(values.get(Setting.LEADER_ELECTION))) {
      throw invalid(Setting.LEADER_ELECTION, "must be true or false");
    }
    if (!Set.of("Always", "IfNotPresent", "Never")
        .contains(values.get(Setting.RUNTIME_IMAGE_PULL_POLICY))) {
      throw invalid(Setting.RUNTIME_IMAGE_PULL_POLICY, "must be Always, IfNotPresent or Never");
    }
    networkPolicy(); // fails at start-up, naming the setting
    if (values.get(Setting.RUNTIME_IMAGE).isBlank()) {
      throw invalid(Setting.RUNTIME_IMAGE, "must name an image");
    }
  }

  /** Empty means every namespace. */
  public Set<String> watchedNamespaces() {
    return Arrays.stream(values.get(Setting.WATCH_NAMESPACES).split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  public RenderSettings renderSettings() {
    return new RenderSettings(
        values.get(Setting.RUNTIME_IMAGE),
        values.get(Setting.RUNTIME_IMAGE_PULL_POLICY),
        networkPolicy());
  }

  private NetworkPolicySettings networkPolicy() {
    return NetworkPolicySettings.parse(
        values.get(Setting.NETWORK_POLICY),
        values.get(Setting.NETWORK_POLICY_ADMIN_NAMESPACES),
        values.get(Setting.NETWORK_POLICY_NODE_CIDRS));
  }

  public boolean leaderElection() {
    return Boolean.parseBoolean(values.get(Setting.LEADER_ELECTION));
  }

  public String leaseNamespace() {
    return values.get(Setting.LEADER_ELECTION_NAMESPACE);
  }

  public String leaseName() {
    return values.get(Setting.LEADER_ELECTION_LEASE);
  }

  public int metricsPort() {
    return Integer.parseInt(values.get(Setting.METRICS_PORT));
  }

  public int healthPort() {
    return Integer.parseInt(values.get(Setting.HEALTH_PORT));
  }

  public int reconcileThreads() {
    return Integer.parseInt(values.get(Setting.RECONCILE_THREADS));
  }

  private void port(Setting setting) {
    integer(setting, -1, 65535);
  }

  private void integer(Setting setting, int min, int max) {
    String value = values.get(setting);
    try {
      int n = Integer.parseInt(value.strip());
      if (n < min || n > max) {
        throw invalid(setting, "is " + n + ", must be between " + min + " and " + max);
      }
      values.put(setting, Integer.toString(n));
    } catch (NumberFormatException e) {
      throw invalid(setting, "\"" + value + "\" is not a number");
    }
  }

  private static IllegalArgumentException invalid(Setting setting, String problem) {
    return new IllegalArgumentException(setting.env() + " / " + setting.flag() + " " + problem);
  }

  /** Lines for a documentation table, from the same declarations. */
  public static List<String> markdownTable() {
    return Arrays.stream(Setting.values())
        .map(
            s ->
                "| `"
                    + s.env()
                    + "` | `"
                    + s.flag()
                    + "` | `"
                    + s.defaultValue()
                    + "` | "
                    + s.description()
                    + " |")
        .toList();
  }
}
