package dev.kubewsgi.operator.render;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Rendering is pure: resource in, objects out; no client, no operator SDK, no I/O. And the
 * operator's packages depend on each other one way only.
 */
class RenderPurityTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.kubewsgi.operator");

  @Test
  void renderersUseNeitherTheClientNorTheSdk() {
    noClasses()
        .that()
        .resideInAPackage("dev.kubewsgi.operator.render..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.javaoperatorsdk..",
            "io.fabric8.kubernetes.client.dsl..",
            "io.fabric8.kubernetes.client.informers..",
            "io.fabric8.kubernetes.client.http..",
            "dev.kubewsgi.operator.reconciler..",
            "dev.kubewsgi.operator.dependent..",
            "dev.kubewsgi.operator.status..")
        .orShould()
        .dependOnClassesThat()
        .haveNameMatching(
            "io\\.fabric8\\.kubernetes\\.client\\.(KubernetesClient|KubernetesClientBuilder)")
        .check(CLASSES);
  }

  @Test
  void onlyTheCommandTouchesFilesAndNetwork() {
    noClasses()
        .that()
        .resideInAPackage("dev.kubewsgi.operator.render..")
        .and()
        .doNotHaveSimpleName("RenderCommand")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.net..", "java.io..")
        .check(CLASSES);
  }

  @Test
  void operatorPackagesHaveNoCycles() {
    slices().matching("dev.kubewsgi.operator.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
