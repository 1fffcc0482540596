package dev.kubewsgi.operator.status;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupStatus;
import dev.kubewsgi.api.status.ConditionType;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a process group, as {@code kubectl describe} shows them: one when a condition
 * turns, deduplicated the way the kubelet does it, by bumping the count of an identical event.
 */
public final class Events {

  public static final String COMPONENT = "kubewsgi-operator";
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final KubernetesClient client;

  public Events(KubernetesClient client) {
    this.client = client;
  }

  /** Records what changed between two statuses: Degraded turning True, Ready turning True. */
  public void onTransition(
      WsgiProcessGroup group, WsgiProcessGroupStatus before, WsgiProcessGroupStatus after) {
    Optional<Condition> degraded = turned(before, after, ConditionType.DEGRADED);
    degraded
        .filter(StatusAggregator::isTrue)
        .ifPresent(c -> record(group, "Warning", c.getReason(), c.getMessage()));
    turned(before, after, ConditionType.READY)
        .filter(StatusAggregator::isTrue)
        .ifPresent(c -> record(group, "Normal", c.getReason(), c.getMessage()));
    turned(before, after, ConditionType.PROGRESSING)
        .filter(StatusAggregator::isTrue)
        .ifPresent(c -> record(group, "Normal", c.getReason(), "rolling out generation "
            + group.getMetadata().getGeneration()));
  }

  // The condition of `after` when its status, reason or message differs from `before`.
  private static Optional<Condition> turned(
      WsgiProcessGroupStatus before, WsgiProcessGroupStatus after, String type) {
    Optional<Condition> now = StatusAggregator.find(after, type);
    Optional<Condition> then = StatusAggregator.find(before, type);
    if (now.isEmpty()) {
      return Optional.empty();
    }
    boolean same =
        then.isPresent()
            && then.get().getStatus().equals(now.get().getStatus())
            && java.util.Objects.equals(then.get().getReason(), now.get().getReason())
            && (!StatusAggregator.isTrue(now.get())
                || !ConditionType.DEGRADED.equals(type)
                || java.util.Objects.equals(then.get().getMessage(), now.get().getMessage()));
    return same ? Optional.empty() : now;
  }

  /** Creates the event, or bumps the count of an identical one (same name: a hash of its content). */
  public void record(WsgiProcessGroup group, String type, String reason, String message) {
    String namespace = group.getMetadata().getNamespace();
    String name = group.getMetadata().getName() + "." + hash(group, type, reason, message);
    String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try {
      Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
      if (existing != null) {
        client.v1().events().inNamespace(namespace).withName(name).edit(
            e -> new EventBuilder(e)
                .withCount(e.getCount() == null ? 2 : e.getCount() + 1)
                .withLastTimestamp(now)
                .build());
        return;
      }
      client.v1().events().inNamespace(namespace).resource(
          new EventBuilder()
              .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
              .withNewInvolvedObject()
              .withApiVersion(WsgiProcessGroup.API_VERSION)
              .withKind(WsgiProcessGroup.KIND)
              .withName(group.getMetadata().getName())
              .withNamespace(namespace)
              .withUid(group.getMetadata().getUid())
              .withResourceVersion(group.getMetadata().getResourceVersion())
              .endInvolvedObject()
              .withType(type)
              .withReason(reason)
              .withMessage(message)
              .withCount(1)
              .withFirstTimestamp(now)
              .withLastTimestamp(now)
              .withNewSource(COMPONENT, null)
              .withReportingComponent(COMPONENT)
              .withReportingInstance(System.getenv().getOrDefault("POD_NAME", COMPONENT))
              .build())
          .create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: losing one must never fail a reconcile.
      LOG.warn("cannot record event {} on {}/{}: {}", reason, namespace,
          group.getMetadata().getName(), e.getMessage());
    }
  }

  private static String hash(WsgiProcessGroup group, String type, String reason, String message) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      String content = group.getMetadata().getUid() + "\n" + type + "\n" + reason + "\n" + message;
      return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
