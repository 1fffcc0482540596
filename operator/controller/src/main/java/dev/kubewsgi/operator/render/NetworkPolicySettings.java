package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.net.AddressRange;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether each process group gets a NetworkPolicy, and who may reach its admin port: the app port
 * is open to all, the admin port (health, /status, /metrics) only to the namespaces these labels
 * select (the monitoring namespace) and to the node addresses listed (for CNIs that apply policies
 * to the kubelet's probes).
 *
 * @param enabled render a NetworkPolicy per group
 * @param adminNamespaceLabels labels of the namespaces allowed on the admin port
 * @param nodeCidrs CIDRs allowed on the admin port, such as the nodes' network
 */
public record NetworkPolicySettings(
    boolean enabled, Map<String, String> adminNamespaceLabels, List<String> nodeCidrs) {

  public static final String ENABLED_ENV = "KUBEWSGI_NETWORK_POLICY";
  public static final String ADMIN_NAMESPACES_ENV = "KUBEWSGI_NETWORK_POLICY_ADMIN_NAMESPACES";
  public static final String NODE_CIDRS_ENV = "KUBEWSGI_NETWORK_POLICY_NODE_CIDRS";

  public static final String DEFAULT_ADMIN_NAMESPACES = "kubernetes.io/metadata.name=monitoring";

  public static final NetworkPolicySettings DISABLED = parse("false", DEFAULT_ADMIN_NAMESPACES, "");

  public NetworkPolicySettings {
    adminNamespaceLabels = Map.copyOf(adminNamespaceLabels);
    nodeCidrs = List.copyOf(nodeCidrs);
  }

  /**
   * From the settings' text: {@code true}/{@code false}; {@code key=value,...} labels; comma-
   * separated CIDRs. Errors name the environment variable.
   */
  public static NetworkPolicySettings parse(String enabled, String adminNamespaces, String cidrs) {
    if (!List.of("true", "false").contains(enabled.strip())) {
      throw new IllegalArgumentException(ENABLED_ENV + " must be true or false, not " + enabled);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : items(adminNamespaces)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            ADMIN_NAMESPACES_ENV
                + " must be labels such as "
                + DEFAULT_ADMIN_NAMESPACES
                + ", not "
                + pair);
      }
      labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    if (labels.isEmpty()) {
      // An empty selector would open the admin port to every namespace.
      throw new IllegalArgumentException(
          ADMIN_NAMESPACES_ENV
              + " must name at least one label, such as "
              + DEFAULT_ADMIN_NAMESPACES);
    }
    List<String> nodeCidrs = items(cidrs);
    for (String cidr : nodeCidrs) {
      if (!cidr.contains("/") || AddressRange.parse(cidr).isEmpty()) {
        throw new IllegalArgumentException(
            NODE_CIDRS_ENV + " must be CIDRs such as 10.0.0.0/16, not " + cidr);
      }
    }
    return new NetworkPolicySettings(Boolean.parseBoolean(enabled.strip()), labels, nodeCidrs);
  }

  public static NetworkPolicySettings fromEnvironment(Map<String, String> env) {
    return parse(
        env.getOrDefault(ENABLED_ENV, "false"),
        env.getOrDefault(ADMIN_NAMESPACES_ENV, DEFAULT_ADMIN_NAMESPACES),
        env.getOrDefault(NODE_CIDRS_ENV, ""));
  }

  private static List<String> items(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
