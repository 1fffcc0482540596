package dev.kubewsgi.operator.config;

/**
 * One operator setting, declared once: its environment variable, its command-line flag, default and
 * description; {@code --help} and the README table are printed from these.
 */
public enum Setting {
  WATCH_NAMESPACES(
      "KUBEWSGI_WATCH_NAMESPACES",
      "--namespaces",
      "",
      "Comma-separated namespaces to watch; empty watches all namespaces."),
  RUNTIME_IMAGE(
      "KUBEWSGI_RUNTIME_IMAGE",
      "--runtime-image",
      "kubewsgi/runtime:0.1.0",
      "Image of process groups that name no spec.image."),
  RUNTIME_IMAGE_PULL_POLICY(
      "KUBEWSGI_RUNTIME_IMAGE_PULL_POLICY",
      "--runtime-image-pull-policy",
      "IfNotPresent",
      "imagePullPolicy of the runtime containers: Always, IfNotPresent or Never."),
  LEADER_ELECTION(
      "KUBEWSGI_LEADER_ELECTION",
      "--leader-election",
      "false",
      "true: hold a Lease so that of several operator replicas only one reconciles."),
  LEADER_ELECTION_NAMESPACE(
      "KUBEWSGI_LEADER_ELECTION_NAMESPACE",
      "--leader-election-namespace",
      "",
      "Namespace of the Lease; empty: the pod's namespace (POD_NAMESPACE)."),
  LEADER_ELECTION_LEASE(
      "KUBEWSGI_LEADER_ELECTION_LEASE",
      "--leader-election-lease",
      "kubewsgi-operator-leader",
      "Name of the Lease."),
  METRICS_PORT(
      "KUBEWSGI_METRICS_PORT",
      "--metrics-port",
      "8080",
      "Port of /metrics (Prometheus text format); 0 picks a free port, -1 turns it off."),
  HEALTH_PORT(
      "KUBEWSGI_HEALTH_PORT",
      "--health-port",
      "8081",
      "Port of /healthz/live and /healthz/ready; 0 picks a free port, -1 turns it off."),
  RECONCILE_THREADS(
      "KUBEWSGI_RECONCILE_THREADS",
      "--reconcile-threads",
      "50",
      "Process groups reconciled at once."),
  NETWORK_POLICY(
      "KUBEWSGI_NETWORK_POLICY",
      "--network-policy",
      "false",
      "true: a NetworkPolicy per process group: app port from anywhere, admin port only as below."),
  NETWORK_POLICY_ADMIN_NAMESPACES(
      "KUBEWSGI_NETWORK_POLICY_ADMIN_NAMESPACES",
      "--network-policy-admin-namespaces",
      "kubernetes.io/metadata.name=monitoring",
      "Labels (key=value,...) of the namespaces allowed on the admin port (Prometheus)."),
  NETWORK_POLICY_NODE_CIDRS(
      "KUBEWSGI_NETWORK_POLICY_NODE_CIDRS",
      "--network-policy-node-cidrs",
      "",
      "Comma-separated CIDRs also allowed on the admin port, such as the nodes' network.");

  private final String env;
  private final String flag;
  private final String defaultValue;
  private final String description;

  Setting(String env, String flag, String defaultValue, String description) {
    this.env = env;
    this.flag = flag;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String env() {
    return env;
  }

  public String flag() {
    return flag;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
