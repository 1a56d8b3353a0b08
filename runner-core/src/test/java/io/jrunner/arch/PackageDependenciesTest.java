// SPDX-License-Identifier: Apache-2.0
package io.jrunner.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of docs/architecture.md: acyclic packages, protocol kept at the edges. */
class PackageDependenciesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.jrunner");

  @Test
  void packagesAreAcyclic() {
    slices().matching("io.jrunner.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void lowLevelPackagesDependOnNothingAbove() {
    noClasses()
        .that()
        .resideInAnyPackage("io.jrunner.cancel..", "io.jrunner.label..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.jrunner.client..",
            "io.jrunner.config..",
            "io.jrunner.poll..",
            "io.jrunner.report..",
            "io.jrunner.task..",
            "io.jrunner.daemon..",
            "io.jrunner.proto..")
        .check(CLASSES);
  }

  @Test
  void configKnowsNoProtocol() {
    noClasses()
        .that()
        .resideInAnyPackage("io.jrunner.config..", "io.jrunner.label..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.jrunner.proto..", "okhttp3..", "io.jrunner.client..")
        .check(CLASSES);
  }

  @Test
  void clientKnowsNothingAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("io.jrunner.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.jrunner.poll..", "io.jrunner.report..", "io.jrunner.task..", "io.jrunner.daemon..")
        .check(CLASSES);
  }

  @Test
  void nothingDependsOnTheDaemonButTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.jrunner.daemon..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.jrunner.daemon..")
        .check(CLASSES);
  }

  @Test
  void exprImportsNothingFromTheProject() {
    noClasses()
        .that()
        .resideInAPackage("io.jrunner.expr..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.jrunner..")
                .and(DescribedPredicate.not(resideInAPackage("io.jrunner.expr.."))))
        .check(CLASSES);
  }

  @Test
  void modelDependsOnlyOnExpr() {
    classes()
        .that()
        .resideInAPackage("io.jrunner.model..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.jrunner.model..", "io.jrunner.expr..", "java..", "org.snakeyaml..")
        .check(CLASSES);
  }

  @Test
  void execKnowsNoProtocol() {
    noClasses()
        .that()
        .resideInAPackage("io.jrunner.exec..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.jrunner.proto..",
            "io.jrunner.client..",
            "io.jrunner.report..",
            "io.jrunner.poll..",
            "io.jrunner.task..",
            "io.jrunner.daemon..",
            "okhttp3..")
        .check(CLASSES);
  }

  @Test
  void policyKnowsNoProtocol() {
    noClasses()
        .that()
        .resideInAPackage("io.jrunner.policy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.jrunner.proto..",
            "io.jrunner.client..",
            "io.jrunner.report..",
            "io.jrunner.poll..",
            "io.jrunner.task..",
            "io.jrunner.daemon..",
            "okhttp3..")
        .check(CLASSES);
  }

  @Test
  void reportKnowsNothingAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("io.jrunner.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.jrunner.poll..", "io.jrunner.task..", "io.jrunner.daemon..", "io.jrunner.config..")
        .check(CLASSES);
  }
}
