// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import io.jrunner.exec.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a real private registry ({@link LocalRegistry}, htpasswd auth) into the real engine:
 * the local busybox is pushed there under a unique tag, the local copy of that tag removed, and job
 * environments then have to pull it with container credentials, service credentials or the Docker
 * config's login.
 */
class PrivateRegistryIT {
  private static final String USER = "jrunner";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final String TAG = "it-" + UUID.randomUUID().toString().substring(0, 8);

  private static final DockerClient DOCKER =
      DockerClients.create("unix:///var/run/docker.sock", Duration.ofSeconds(30));
  private static LocalRegistry registry;
  private static String image;

  private final String runnerId = "it-registry-" + UUID.randomUUID();
  private final List<String> setup = new CopyOnWriteArrayList<>();
  private final LineSink log = (err, line) -> setup.add(line);
  @TempDir Path temp;

  @BeforeAll
  static void pushToTheRegistry() throws Exception {
    registry = LocalRegistry.start(USER, PASSWORD);
    String repository = registry.host() + "/private/busybox";
    image = repository + ":" + TAG;
    DOCKER.tagImageCmd(DockerBackendIT.IMAGE, repository, TAG).exec();
    List<String> errors = new ArrayList<>();
    DOCKER
        .pushImageCmd(repository)
        .withTag(TAG)
        .withAuthConfig(
            new AuthConfig()
                .withUsername(USER)
                .withPassword(PASSWORD)
                .withRegistryAddress(registry.host()))
        .exec(
            new ResultCallback.Adapter<PushResponseItem>() {
              @Override
              public void onNext(PushResponseItem item) {
                if (item.isErrorIndicated()) {
                  errors.add(String.valueOf(item.getErrorDetail()));
                }
              }
            })
        .awaitCompletion();
    assertThat(errors).as("push to %s", registry.host()).isEmpty();
  }

  @AfterAll
  static void stopTheRegistry() {
    try {
      untag();
    } finally {
      if (registry != null) {
        registry.close();
      }
    }
  }

  @BeforeEach
  @AfterEach
  void removeTheLocalCopy() {
    untag();
  }

  @AfterEach
  void sweep() {
    new Reaper(DOCKER).sweep(runnerId);
  }

  /** Removes only our tag: the image itself stays, tagged runner-test/busybox. */
  private static void untag() {
    if (image == null) {
      return;
    }
    try {
      DOCKER.removeImageCmd(image).withForce(false).exec();
    } catch (NotFoundException e) {
      // Not pulled (or already removed): nothing to do.
      return;
    }
  }

  private static boolean localCopy() {
    try {
      DOCKER.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private Images images(Path dockerConfigDir) {
    return new Images(
        DOCKER,
        false,
        new RegistryAuth(
            () ->
                DockerConfigAuth.defaultFile(
                    Map.of("DOCKER_CONFIG", dockerConfigDir.toString()), temp)));
  }

  /**
   * Opens a job environment with the default runner settings, logging its setup to {@link #setup}.
   */
  private JobEnvironment open(JobSpec spec, Images images) throws BackendException {
    return DockerJobEnvironment.open(DOCKER, spec, images, DockerSettings.defaults(), log);
  }

  private JobSpec spec(String jobImage, List<JobSpec.ServiceSpec> services, String creds) {
    Map<String, RegistryCredentials> pull =
        creds == null ? Map.of() : Map.of(image, new RegistryCredentials(USER, creds));
    return new JobSpec(runnerId, 11, jobImage, Map.of(), "/w", services).withPullCredentials(pull);
  }

  @Test
  void containerCredentials_pullTheImageAndAStepRuns() throws Exception {
    try (JobEnvironment env =
        open(spec(image, List.of(), PASSWORD), images(temp.resolve("none")))) {
      List<String> out = new ArrayList<>();
      int code = env.exec(ExecSpec.of("sh", "-c", "echo pulled"), (err, l) -> out.add(l));

      assertThat(code).isZero();
      assertThat(out).containsExactly("pulled");
    }
    assertThat(setup)
        .contains(
            "Pulling image " + image + " (credentials: container.credentials)",
            "Pulling from private/busybox",
            "Status: Downloaded newer image for " + image);
    assertThat(setup).anyMatch(l -> l.startsWith("Digest: sha256:"));
    assertThat(setup).noneMatch(l -> l.contains(PASSWORD));
    // Concise: no per-layer lines.
    assertThat(setup).noneMatch(l -> l.contains("Downloading") || l.contains("Extracting"));
  }

  @Test
  void serviceCredentials_pullTheServiceImage() throws Exception {
    JobSpec.ServiceSpec svc =
        new JobSpec.ServiceSpec("svc", image, Map.of(), List.of("sleep", "600"));
    try (JobEnvironment env =
        open(
            new JobSpec(runnerId, 12, DockerBackendIT.IMAGE, Map.of(), "/w", List.of(svc))
                .withPullCredentials(Map.of(image, new RegistryCredentials(USER, PASSWORD))),
            images(temp.resolve("none")))) {
      assertThat(env.exec(ExecSpec.of("ping", "-c", "1", "-W", "2", "svc"), (e, l) -> {})).isZero();
    }
    assertThat(setup)
        .contains("Pulling image " + image + " (credentials: services.svc.credentials)");
  }

  /**
   * A job given the Docker socket ({@code docker_host: automount}) and the host's docker CLI
   * (trusted {@code container.options}) builds an image FROM the local busybox, logs in and pushes
   * it to the private registry; after the local copy is removed, another job pulls it with
   * credentials and runs it.
   */
  @Test
  void aJobWithTheDockerSocket_buildsAndPushes_andAnotherJobPullsIt() throws Exception {
    String built = registry.host() + "/private/built:" + TAG;
    DockerSettings withSocket =
        new DockerSettings(
            false,
            "",
            false,
            "-v /usr/bin/docker:/usr/bin/docker:ro",
            List.of(),
            DockerSocket.of("automount", System.getenv(), java.nio.file.Files::exists),
            OptionPolicy.STRICT,
            DockerSettings.HEALTH_TIMEOUT);
    List<String> out = new CopyOnWriteArrayList<>();
    try {
      try (JobEnvironment env =
          DockerJobEnvironment.open(
              DOCKER,
              new JobSpec(
                  runnerId, 13, "runner-test/debian-node:bookworm", Map.of(), "/w", List.of()),
              images(temp.resolve("none")),
              withSocket,
              log)) {
        int code =
            env.exec(
                new ExecSpec(
                    List.of(
                        "bash",
                        "-ec",
                        "printf 'FROM runner-test/busybox:latest\\nRUN echo built-in-a-job > /built.txt\\n'"
                            + " > Dockerfile\n"
                            + "docker build -q -t \"$IMAGE\" .\n"
                            + "echo \"$PW\" | docker login \"$REGISTRY\" -u \"$USER_NAME\" --password-stdin\n"
                            + "docker push -q \"$IMAGE\"\n"
                            + "docker logout \"$REGISTRY\""),
                    Map.of(
                        "IMAGE", built,
                        "PW", PASSWORD,
                        "REGISTRY", registry.host(),
                        "USER_NAME", USER),
                    java.util.Optional.of("/w"),
                    java.util.Optional.empty()),
                (err, l) -> out.add(l));
        assertThat(code).as(String.join("\n", out)).isZero();
      }
      DOCKER.removeImageCmd(built).withForce(true).exec();

      try (JobEnvironment env =
          open(
              new JobSpec(runnerId, 14, built, Map.of(), "/w", List.of())
                  .withPullCredentials(Map.of(built, new RegistryCredentials(USER, PASSWORD))),
              images(temp.resolve("none")))) {
        List<String> seen = new ArrayList<>();
        assertThat(env.exec(ExecSpec.of("cat", "/built.txt"), (e, l) -> seen.add(l))).isZero();
        assertThat(seen).containsExactly("built-in-a-job");
      }
      assertThat(setup)
          .contains("Pulling image " + built + " (credentials: container.credentials)");
    } finally {
      try {
        DOCKER.removeImageCmd(built).withForce(true).exec();
      } catch (NotFoundException e) {
        // never built or already removed
      }
    }
  }

  @Test
  void wrongPassword_failsClearlyAndLeavesNothing() {
    assertThatThrownBy(
            () -> open(spec(image, List.of(), "wrong-" + PASSWORD), images(temp.resolve("none"))))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining(image + " is not on this machine and cannot be pulled")
        .hasMessageContaining("from " + registry.host())
        .hasMessageContaining("(credentials: container.credentials)")
        .hasMessageContaining("unauthorized")
        .hasMessageContaining("check container.credentials")
        .hasMessageNotContaining(PASSWORD);
    assertThat(setup).noneMatch(l -> l.contains(PASSWORD));
    assertThat(localCopy()).isFalse();
    assertThat(labelled()).isZero();
  }

  @Test
  void noCredentials_failsWithAHintWhereToPutThem() {
    assertThatThrownBy(() -> open(spec(image, List.of(), null), images(temp.resolve("none"))))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("(no credentials)")
        .hasMessageContaining("set container.credentials, or log in to " + registry.host());
    assertThat(labelled()).isZero();
  }

  @Test
  void dockerConfigLogin_isTheFallback() throws Exception {
    Path dockerConfig = Files.createDirectories(temp.resolve("docker-config"));
    String auth =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");

    try (JobEnvironment env = open(spec(image, List.of(), null), images(dockerConfig))) {
      assertThat(env.exec(ExecSpec.of("true"), (e, l) -> {})).isZero();
    }
    assertThat(setup)
        .contains(
            "Pulling image "
                + image
                + " (credentials: the Docker login for "
                + registry.host()
                + " in "
                + dockerConfig.resolve("config.json")
                + ")");
  }

  private int labelled() {
    int containers =
        DOCKER
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(ResourceLabels.RUNNER, runnerId))
            .exec()
            .size();
    int networks =
        DOCKER
            .listNetworksCmd()
            .withFilter("label", ResourceLabels.runnerFilter(runnerId))
            .exec()
            .size();
    return containers + networks;
  }
}
