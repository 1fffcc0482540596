package dev.kubewsgi.operator.render;

import dev.kubewsgi.api.WsgiProcessGroupSpec;
import dev.kubewsgi.api.spec.LifecycleSpec;
import dev.kubewsgi.api.spec.RolloutSpec;

/** Sub-specs with their defaults: a sub-spec left out of a document means "all defaults". */
final class SpecDefaults {

  private SpecDefaults() {}

  static LifecycleSpec lifecycle(WsgiProcessGroupSpec spec) {
    return spec.getLifecycle() != null ? spec.getLifecycle() : new LifecycleSpec();
  }

  static RolloutSpec rollout(WsgiProcessGroupSpec spec) {
    return spec.getRollout() != null ? spec.getRollout() : new RolloutSpec();
  }

  static int replicas(WsgiProcessGroupSpec spec) {
    return spec.getReplicas() != null ? spec.getReplicas() : 1;
  }
}
