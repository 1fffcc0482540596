package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.RuntimePorts;
import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.WsgiProcessGroupSpec;
import dev.kubewsgi.api.spec.LifecycleSpec;
import dev.kubewsgi.api.spec.PodSecuritySpec;
import dev.kubewsgi.api.spec.PodTemplate;
import dev.kubewsgi.api.spec.RolloutSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the Deployment of a process group so that a rolling update never routes a request to a
 * cold interpreter: maxUnavailable 0, a startupProbe sized from the startup timeout, the config
 * hash on the pod template, and a grace period covering drain delay and graceful timeout. The
 * runtime compiles every script before it runs one, so a broken script fails fast without a check
 * container of its own.
 */
public final class DeploymentRenderer {

  public static final String LAUNCHER = "/opt/kubewsgi/bin/kubewsgi";
  public static final String HTTP_PORT_NAME = "http";
  public static final String ADMIN_PORT_NAME = "admin";
  public static final String CACHE_DIR = "/var/cache/kubewsgi";

  /**
   * The runtime's user: any non-root uid works, the image's files only need to be world-readable.
   */
  public static final long RUN_AS_USER = 10001L;

  /** Seconds of grace beyond drain delay plus graceful timeout, for the JVM to exit. */
  static final int EXIT_SLACK_SECONDS = 10;

  private static final String CONFIG_VOLUME = "config";
  private static final String CACHE_VOLUME = "cache";
  private static final String TMP_VOLUME = "tmp";

  private DeploymentRenderer() {}

  public static Deployment render(
      WsgiProcessGroup group, RenderSettings settings, ConfigMap runtimeConfig) {
    WsgiProcessGroupSpec spec = group.getSpec();
    RolloutSpec rollout = SpecDefaults.rollout(spec);
    return new DeploymentBuilder()
        .withMetadata(ResourceNames.metadata(group, ResourceNames.deployment(group)))
        .withNewSpec()
        .withReplicas(SpecDefaults.replicas(spec))
        .withNewSelector()
        .withMatchLabels(ResourceNames.selectorLabels(group))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0))
        .withMaxSurge(rollout.getMaxSurge() != null ? rollout.getMaxSurge() : new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withMinReadySeconds(rollout.getMinReadySeconds())
        .withProgressDeadlineSeconds(rollout.getProgressDeadlineSeconds())
        .withRevisionHistoryLimit(5)
        .withTemplate(PodTemplateMerger.merge(group, ownPod(group, settings, runtimeConfig)))
        .endSpec()
        .build();
  }

  /** The pod as the operator alone renders it, before the user's podTemplate is merged in. */
  private static PodTemplateSpec ownPod(
      WsgiProcessGroup group, RenderSettings settings, ConfigMap runtimeConfig) {
    WsgiProcessGroupSpec spec = group.getSpec();
    LifecycleSpec lifecycle = SpecDefaults.lifecycle(spec);
    String image = spec.getImage() != null ? spec.getImage() : settings.defaultImage();

    Map<String, String> podAnnotations = new LinkedHashMap<>();
    if (spec.getPodAnnotations() != null) {
      podAnnotations.putAll(spec.getPodAnnotations());
    }
    podAnnotations.put(ResourceNames.CONFIG_HASH_ANNOTATION, ConfigHash.of(runtimeConfig));
    podAnnotations.put("kubectl.kubernetes.io/default-container", ResourceNames.RUNTIME_CONTAINER);

    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(ResourceNames.labels(group))
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withNewSpec()
        .withContainers(runtimeContainer(spec, image, settings.imagePullPolicy(), lifecycle))
        .withVolumes(volumes(runtimeConfig))
        .withSecurityContext(podSecurityContext(spec.getPodTemplate()))
        .withTerminationGracePeriodSeconds(terminationGracePeriodSeconds(lifecycle))
        .withServiceAccountName(spec.getServiceAccountName())
        // The runtime never calls the API; a token is mounted only for an account the user chose.
        .withAutomountServiceAccountToken(spec.getServiceAccountName() != null ? null : false)
        .withNodeSelector(spec.getNodeSelector())
        .withTolerations(spec.getTolerations())
        .withAffinity(spec.getAffinity())
        .withImagePullSecrets(spec.getImagePullSecrets())
        .endSpec()
        .build();
  }

  /** Drain delay, then the graceful timeout for in-flight requests, then time to exit. */
  public static long terminationGracePeriodSeconds(LifecycleSpec lifecycle) {
    int drain = lifecycle.getDrainDelaySeconds() != null ? lifecycle.getDrainDelaySeconds() : 5;
    int graceful =
        lifecycle.getGracefulTimeoutSeconds() != null ? lifecycle.getGracefulTimeoutSeconds() : 30;
    return (long) drain + graceful + EXIT_SLACK_SECONDS;
  }

  private static Container runtimeContainer(
      WsgiProcessGroupSpec spec, String image, String pullPolicy, LifecycleSpec lifecycle) {
    return new ContainerBuilder()
        .withName(ResourceNames.RUNTIME_CONTAINER)
        .withImage(image)
        .withImagePullPolicy(pullPolicy)
        .withCommand(LAUNCHER)
        .withEnv(env(spec))
        .withResources(spec.getResources())
        .withVolumeMounts(volumeMounts())
        .withSecurityContext(containerSecurityContext())
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withArgs(
            "run",
            ResourceNames.CONFIG_PATH,
            "--port",
            Integer.toString(RuntimePorts.HTTP),
            "--admin-port",
            Integer.toString(RuntimePorts.ADMIN))
        .addNewPort()
        .withName(HTTP_PORT_NAME)
        .withContainerPort(RuntimePorts.HTTP)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName(ADMIN_PORT_NAME)
        .withContainerPort(RuntimePorts.ADMIN)
        .withProtocol("TCP")
        .endPort()
        .withStartupProbe(ProbeRenderer.startup(lifecycle))
        .withReadinessProbe(ProbeRenderer.readiness())
        .withLivenessProbe(ProbeRenderer.liveness())
        .build();
  }

  private static List<EnvVar> env(WsgiProcessGroupSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVarBuilder()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.add(
        new EnvVarBuilder()
            .withName("POD_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.add(new EnvVarBuilder().withName("KUBEWSGI_CACHE_DIR").withValue(CACHE_DIR).build());
    if (spec.getEnv() != null) {
      env.addAll(spec.getEnv()); // later entries win, so the user's env can override ours
    }
    return env;
  }

  private static List<VolumeMount> volumeMounts() {
    return List.of(
        new VolumeMountBuilder()
            .withName(CONFIG_VOLUME)
            .withMountPath(ResourceNames.CONFIG_DIR)
            .withReadOnly(true)
            .build(),
        new VolumeMountBuilder().withName(CACHE_VOLUME).withMountPath(CACHE_DIR).build(),
        new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
  }

  private static List<Volume> volumes(ConfigMap runtimeConfig) {
    return List.of(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(runtimeConfig.getMetadata().getName())
            .endConfigMap()
            .build(),
        new VolumeBuilder().withName(CACHE_VOLUME).withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
  }

  // Only the ids are the user's: runAsNonRoot and seccomp keep the pod restricted.
  private static PodSecurityContext podSecurityContext(PodTemplate template) {
    PodSecuritySpec ids =
        template != null && template.getSecurityContext() != null
            ? template.getSecurityContext()
            : new PodSecuritySpec();
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(ids.getRunAsUser() != null ? ids.getRunAsUser() : RUN_AS_USER)
        .withRunAsGroup(ids.getRunAsGroup() != null ? ids.getRunAsGroup() : RUN_AS_USER)
        .withFsGroup(ids.getFsGroup() != null ? ids.getFsGroup() : RUN_AS_USER)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  private static SecurityContext containerSecurityContext() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }
}
