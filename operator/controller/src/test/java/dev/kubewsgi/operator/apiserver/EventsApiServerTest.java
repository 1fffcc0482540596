package dev.kubewsgi.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubewsgi.api.WsgiProcessGroup;
import dev.kubewsgi.operator.status.Events;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events recorded as the operator's service account, whose role has only {@code create} and {@code
 * patch} on events (helm/kubewsgi/templates/_rbac.tpl): the second identical event raises the first
 * one's count, with no request the role refuses.
 */
class EventsApiServerTest {

  private static final String NAMESPACE = "events-rbac";
  private static final String ACCOUNT = "recorder";

  @Test
  void aRepeatedEventRaisesTheCountWithCreateAndPatchAlone() {
    try (KubernetesClient admin = ControlPlane.get().newClient()) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .serverSideApply();
      admin
          .serviceAccounts()
          .inNamespace(NAMESPACE)
          .resource(
              new ServiceAccountBuilder().withNewMetadata().withName(ACCOUNT).endMetadata().build())
          .serverSideApply();
      // The chart's rule for events, as _rbac.tpl has it.
      admin
          .rbac()
          .roles()
          .inNamespace(NAMESPACE)
          .resource(
              new RoleBuilder()
                  .withNewMetadata()
                  .withName(ACCOUNT)
                  .endMetadata()
                  .withRules(
                      new PolicyRuleBuilder()
                          .withApiGroups("", "events.k8s.io")
                          .withResources("events")
                          .withVerbs("create", "patch")
                          .build())
                  .build())
          .serverSideApply();
      admin
          .rbac()
          .roleBindings()
          .inNamespace(NAMESPACE)
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName(ACCOUNT)
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "Role", ACCOUNT)
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName(ACCOUNT)
                  .withNamespace(NAMESPACE)
                  .endSubject()
                  .build())
          .serverSideApply();

      WsgiProcessGroup group = new WsgiProcessGroup();
      group.setMetadata(
          new ObjectMetaBuilder()
              .withName("shop")
              .withNamespace(NAMESPACE)
              .withUid("0b8e2c3a-5f0e-4f7e-9c1d-events-test")
              .build());
      Events events = new Events();
      try (KubernetesClient operator = asServiceAccount()) {
        events.record(operator, group, "Warning", "ImportScriptFailed", "line 2: NameError");
        events.record(operator, group, "Warning", "ImportScriptFailed", "line 2: NameError");
        events.record(operator, group, "Warning", "ImportScriptFailed", "line 2: NameError");
      }

      List<Event> recorded =
          admin.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
              .filter(e -> "shop".equals(e.getInvolvedObject().getName()))
              .toList();
      assertThat(recorded).singleElement().extracting(Event::getCount).isEqualTo(3);
    }
  }

  private static KubernetesClient asServiceAccount() {
    Config config = ControlPlane.get().newClient().getConfiguration();
    config.setImpersonateUsername("system:serviceaccount:" + NAMESPACE + ":" + ACCOUNT);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
