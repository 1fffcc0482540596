package dev.kubewsgi.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
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
@Categories("kubewsgi")
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".spec.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
// Why a group is Degraded (AsExpected otherwise), and in -o wide the message naming file and line.
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Degraded\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"Degraded\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// The name becomes label values and the Service's name, both limited to 63 characters.
@ValidationRule(
    value = "size(self.metadata.name) <= " + WsgiProcessGroup.MAX_NAME_LENGTH,
    message = WsgiProcessGroup.NAME_RULE)
public class WsgiProcessGroup extends CustomResource<WsgiProcessGroupSpec, WsgiProcessGroupStatus>
    implements Namespaced {

  public static final String GROUP = "kubewsgi.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "WsgiProcessGroup";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /**
   * What {@code kubectl explain wsgiprocessgroup} prints. The CRD generator (fabric8 7.5) writes no
   * description for the root object, so the build adds this one to the committed CRD
   * (CrdStalenessTest).
   */
  public static final String DESCRIPTION =
      "A mod_wsgi daemon process group on Kubernetes: Python WSGI applications served by GraalPy"
          + " interpreters (workers) in pods the operator renders, each worker started, preloaded"
          + " with its import scripts and warmed up before the pod is Ready, so no request reaches a"
          + " cold interpreter, during rollouts too. kubectl explain wsgiprocessgroup.spec says what"
          + " to set.";

  /** The CEL rule's message on the name's length, shared with SpecValidator's Java check. */
  public static final String NAME_RULE =
      "a WsgiProcessGroup's name must be at most 63 characters: it names its Service";

  public static final int MAX_NAME_LENGTH = 63;

  // Overridden for their descriptions in the CRD (kubectl explain wsgiprocessgroup.spec).
  @Override
  @JsonPropertyDescription(
      "The desired state: the pods, their interpreters (workers x threads), the applications and"
          + " their mounts, import scripts, warm-up, timeouts, limits, proxies and access log.")
  public WsgiProcessGroupSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "The observed state, written by the operator: replicas, phase and the Ready, Progressing"
          + " and Degraded conditions (Degraded names a failing import script or application with"
          + " its file and line).")
  public WsgiProcessGroupStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected WsgiProcessGroupSpec initSpec() {
    return new WsgiProcessGroupSpec();
  }

  @Override
  protected WsgiProcessGroupStatus initStatus() {
    return new WsgiProcessGroupStatus();
  }
}
