package dev.kubewsgi.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A mod_wsgi daemon process group on Kubernetes: what a {@code WSGIDaemonProcess} block with its
 * {@code WSGIImportScript}, {@code WSGIScriptAlias} and {@code WSGIApplicationGroup} lines was in
 * Apache. The operator renders it into pods; the runtime serves it, in a pod or locally.
 */
@Group(WsgiProcessGroup.GROUP)
@Version(WsgiProcessGroup.VERSION)
@Kind(WsgiProcessGroup.KIND)
@Plural("wsgiprocessgroups")
@Singular("wsgiprocessgroup")
@ShortNames("wpg")
public class WsgiProcessGroup extends CustomResource<WsgiProcessGroupSpec, WsgiProcessGroupStatus>
    implements Namespaced {

  public static final String GROUP = "kubewsgi.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "WsgiProcessGroup";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  protected WsgiProcessGroupSpec initSpec() {
    return new WsgiProcessGroupSpec();
  }

  @Override
  protected WsgiProcessGroupStatus initStatus() {
    return new WsgiProcessGroupStatus();
  }
}
