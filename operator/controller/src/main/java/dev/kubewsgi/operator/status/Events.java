package dev.kubewsgi.operator.status;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupStatus;
import dev.kubewsgi.api.status.ConditionReason;
import dev.kubewsgi.api.status.ConditionType;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a process group, as {@code kubectl describe} shows them: one when a
 * condition turns, deduplicated the way the kubelet does it, by bumping the count of an identical
 * event.
 */
public final class Events {

  public static final String COMPONENT = "kubewsgi-operator";
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  /** Counts of the events recorded since start, by name; the oldest are forgotten. */
  private final Map<String, Integer> counts =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
              return size() > 10_000;
            }
          });

  /** Records what changed between two statuses: Degraded turning True, Ready turning True. */
  public void onTransition(
      KubernetesClient client,
      WsgiProcessGroup group,
      WsgiProcessGroupStatus before,
      WsgiProcessGroupStatus after) {
    Optional<Condition> degraded = turned(before, after, ConditionType.DEGRADED);
    degraded
        .filter(StatusAggregator::isTrue)
        .ifPresent(c -> record(client, group, "Warning", c.getReason(), c.getMessage()));
    // Ready without warm-up is a safeguard turned off: a Warning, so it shows among the problems.
    turned(before, after, ConditionType.READY)
        .filter(StatusAggregator::isTrue)
        .ifPresent(
            c ->
                record(
                    client,
                    group,
                    ConditionReason.READY_WITHOUT_WARMUP.equals(c.getReason())
                        ? "Warning"
                        : "Normal",
                    c.getReason(),
                    c.getMessage()));
    turned(before, after, ConditionType.PROGRESSING)
        .filter(StatusAggregator::isTrue)
        .ifPresent(
            c ->
                record(
                    client,
                    group,
                    "Normal",
                    c.getReason(),
                    "rolling out generation " + group.getMetadata().getGeneration()));
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
            && Objects.equals(then.get().getReason(), now.get().getReason())
            && (!StatusAggregator.isTrue(now.get())
                || !ConditionType.DEGRADED.equals(type)
                || Objects.equals(then.get().getMessage(), now.get().getMessage()));
    return same ? Optional.empty() : now;
  }

  /**
   * Creates the event, or bumps the count of an identical one (same name: a hash of its content).
   * Needs only {@code create} and {@code patch} on events: the count is remembered here.
   */
  public void record(
      KubernetesClient client, WsgiProcessGroup group, String type, String reason, String message) {
    String namespace = group.getMetadata().getNamespace();
    String name = group.getMetadata().getName() + "." + hash(group, type, reason, message);
    String now =
        DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
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
      counts.put(name, 1);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        bump(client, namespace, name, now);
      } else {
        // An event is a courtesy: losing one must never fail a reconcile.
        LOG.warn(
            "cannot record event {} on {}/{}: {}",
            reason,
            namespace,
            group.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  private void bump(KubernetesClient client, String namespace, String name, String now) {
    int count = counts.merge(name, 2, (old, two) -> old + 1);
    // Through resource(stub): fabric8's patch on withName(name) reads the event first, a get the
    // role does not grant (refused in the e2e's audit log, so counts never rose).
    Event stub =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(stub)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
    } catch (KubernetesClientException e) {
      LOG.warn("cannot update event {}/{}: {}", namespace, name, e.getMessage());
    }
  }

  private static String hash(WsgiProcessGroup group, String type, String reason, String message) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      String content = group.getMetadata().getUid() + "\n" + type + "\n" + reason + "\n" + message;
      return HexFormat.of()
          .formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
