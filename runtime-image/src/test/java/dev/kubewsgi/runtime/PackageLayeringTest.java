package dev.kubewsgi.runtime;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.kubewsgi.runtime.boot.RuntimeAssembly;
import dev.kubewsgi.runtime.boot.WorkerStarter;
import dev.kubewsgi.runtime.dispatch.Dispatcher;
import dev.kubewsgi.runtime.dispatch.WorkerPool;
import dev.kubewsgi.runtime.lifecycle.Supervisor;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layering, read from its classes: no package cycle; the request path (http,
 * dispatch, interp) never reaches into start-up (boot, warmup, lifecycle); http knows no WSGI; one
 * composition root builds the long-lived parts.
 */
class PackageLayeringTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.kubewsgi.runtime");

  @Test
  void noPackageCycles() {
    slices().matching("dev.kubewsgi.runtime.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void theRequestPathDoesNotDependOnStartUp() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.kubewsgi.runtime.http..",
            "dev.kubewsgi.runtime.dispatch..",
            "dev.kubewsgi.runtime.interp..",
            "dev.kubewsgi.runtime.staticfiles..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.kubewsgi.runtime.boot..",
            "dev.kubewsgi.runtime.warmup..",
            "dev.kubewsgi.runtime.lifecycle..")
        .check(CLASSES);
  }

  @Test
  void httpIsPlainHttp() {
    noClasses()
        .that()
        .resideInAPackage("dev.kubewsgi.runtime.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.kubewsgi.runtime.config..",
            "dev.kubewsgi.runtime.dispatch..",
            "dev.kubewsgi.runtime.interp..",
            "org.graalvm..")
        .check(CLASSES);
  }

  @Test
  void staticFilesNeverReachPython() {
    noClasses()
        .that()
        .resideInAPackage("dev.kubewsgi.runtime.staticfiles..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.kubewsgi.runtime.dispatch..", "dev.kubewsgi.runtime.interp..", "org.graalvm..")
        .check(CLASSES);
  }

  @Test
  void onlyTheCompositionRootBuildsTheRuntimesParts() {
    Set<String> parts =
        Set.of(
            WorkerPool.class.getName(),
            Dispatcher.class.getName(),
            Supervisor.class.getName(),
            WorkerStarter.class.getName());
    noClasses()
        .that()
        .doNotBelongToAnyOf(RuntimeAssembly.class)
        .should()
        .callConstructorWhere(
            describe(
                "the constructor of a pool, dispatcher, supervisor or worker starter",
                call -> parts.contains(call.getTargetOwner().getName())))
        .check(CLASSES);
  }
}
