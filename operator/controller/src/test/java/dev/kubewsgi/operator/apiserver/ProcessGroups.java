package dev.kubewsgi.operator.apiserver;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.spec.ApplicationSpec;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import dev.kubewsgi.operator.reconciler.WsgiProcessGroupReconciler;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.junit.LocallyRunOperatorExtension;
import java.util.ArrayList;
import java.util.List;

/** Small WsgiProcessGroups, and the operator, for the tests against the API server. */
final class ProcessGroups {

  private ProcessGroups() {}

  /**
   * The operator with its default settings, run in the test JVM against the control plane: one
   * operator and one namespace per test class; tests use names of their own.
   */
  static LocallyRunOperatorExtension operator() {
    return LocallyRunOperatorExtension.builder()
        .withKubernetesClient(ControlPlane.get().newClient())
        .withAdditionalCRD(Crds.file().toString())
        .withReconciler(new WsgiProcessGroupReconciler())
        .oneNamespacePerClass(true)
        .build();
  }

  /** One application at "/" and one inline import script setting GREETING. */
  static WsgiProcessGroup hello(String name, int replicas) {
    WsgiProcessGroup group = new WsgiProcessGroup();
    group.setMetadata(new ObjectMetaBuilder().withName(name).build());
    ApplicationSpec app = new ApplicationSpec();
    app.setMount("/");
    app.setScript("/app/hello.wsgi");
    group.getSpec().setApplications(List.of(app));
    ImportScriptSpec script = new ImportScriptSpec();
    script.setSource("GREETING = '" + name + "'\n");
    group.getSpec().setImportScripts(new ArrayList<>(List.of(script)));
    group.getSpec().setReplicas(replicas);
    group.setStatus(null);
    return group;
  }
}
