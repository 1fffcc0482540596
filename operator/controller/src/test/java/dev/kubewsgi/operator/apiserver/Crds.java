package dev.kubewsgi.operator.apiserver;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The committed CRD file, applied to a test API server and awaited until Established. */
final class Crds {

  static final String NAME = "wsgiprocessgroups.kubewsgi.dev";

  private Crds() {}

  static Path file() {
    return Path.of(System.getProperty("kubewsgi.crd.file", "../../crds/" + NAME + "-v1.yml"));
  }

  static void apply(KubernetesClient client) {
    try (InputStream in = Files.newInputStream(file())) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).forceConflicts().serverSideApply();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file(), e);
    }
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(NAME)
        .waitUntilCondition(
            crd ->
                // A CRD just created has a status without conditions for a moment.
                crd != null
                    && crd.getStatus() != null
                    && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
            60,
            TimeUnit.SECONDS);
  }

  /** The CRD applied and Established, and {@code namespace} created: a test's starting point. */
  static void applyWithNamespace(KubernetesClient client, String namespace) {
    apply(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
  }
}
