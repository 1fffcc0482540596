package dev.kubewsgi.operator.apiserver;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.api.spec.ApplicationSpec;
import dev.kubewsgi.api.spec.ImportScriptSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** Small WsgiProcessGroups for the tests against the API server. */
final class ProcessGroups {

  private ProcessGroups() {}

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
