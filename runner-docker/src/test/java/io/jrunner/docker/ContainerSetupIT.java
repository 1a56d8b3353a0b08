// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Ports;
import io.jrunner.config.ContainerSection;
import io.jrunner.exec.BackendException;
import io.jrunner.exec.ContainerSetup;
import io.jrunner.exec.ExecSpec;
import io.jrunner.exec.JobEnvironment;
import io.jrunner.exec.JobSpec;
import io.jrunner.exec.LineSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services' and the job container's ports, volumes and options, health waits, the runner's {@code
 * container:} settings, against the real engine. Every object carries this test's runner label;
 * after each test none is left.
 */
class ContainerSetupIT {
  static final String BUSYBOX = DockerBackendIT.IMAGE;
  static final List<String> SLEEP = List.of("sleep", "600");

  /** Healthy two seconds after it starts, by its image's own HEALTHCHECK. */
  static final String HEALTHY_IMAGE = "runner-test/jrunner-healthy:" + UUID.randomUUID();

  private static final DockerClient DOCKER =
      DockerClients.create("unix:///var/run/docker.sock", Duration.ofSeconds(60));

  private final String runnerId = "it-" + UUID.randomUUID();
  private final List<String> setup = new CopyOnWriteArrayList<>();
  private final LineSink setupLog = (err, line) -> setup.add(line);

  @BeforeAll
  static void buildHealthyImage(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("Dockerfile"),
        "FROM "
            + BUSYBOX
            + "\nLABEL io.jrunner.test=healthy\n"
            + "HEALTHCHECK --interval=1s --timeout=2s --retries=30 CMD test -f /tmp/ready\n"
            + "CMD [\"sh\", \"-c\", \"sleep 2; touch /tmp/ready; exec sleep 600\"]\n");
    Process p =
        new ProcessBuilder("docker", "build", "-q", "-t", HEALTHY_IMAGE, dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @AfterAll
  static void removeHealthyImage() {
    DOCKER.removeImageCmd(HEALTHY_IMAGE).withForce(true).exec();
  }

  @AfterEach
  void nothingIsLeft() {
    assertThat(labelled()).as("objects left with label " + runnerId).isEmpty();
    new Reaper(DOCKER).sweep(runnerId);
  }

  private DockerBackend backend(DockerSettings settings) {
    return new DockerBackend(DOCKER, settings);
  }

  private static DockerSettings defaults() {
    return DockerSettings.defaults();
  }

  private JobSpec job(ContainerSetup container, JobSpec.ServiceSpec... services) {
    return new JobSpec(
        runnerId,
        11,
        BUSYBOX,
        Map.of("JOB_VAR", "job"),
        "/workspace/o/r",
        List.of(services),
        container);
  }

  private static JobSpec.ServiceSpec service(
      String name, String image, List<String> command, ContainerSetup setup) {
    return new JobSpec.ServiceSpec(name, image, Map.of(), command, setup);
  }

  private static ContainerSetup options(String options) {
    return new ContainerSetup(List.of(), List.of(), options);
  }

  private static String run(JobEnvironment env, String script) throws Exception {
    StringBuilder out = new StringBuilder();
    int code = env.exec(ExecSpec.of("sh", "-c", script), (err, l) -> out.append(l).append('\n'));
    assertThat(code).as(out.toString()).isZero();
    return out.toString().strip();
  }

  @Test
  void healthCheckOfTheImage_isWaitedForBeforeTheJobStarts() throws Exception {
    long start = System.nanoTime();
    try (JobEnvironment env =
        backend(defaults())
            .open(
                job(
                    ContainerSetup.NONE,
                    service("db", HEALTHY_IMAGE, List.of(), ContainerSetup.NONE)),
                setupLog)) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(2));
      assertThat(setup)
          .containsSubsequence(
              "Started service db (" + HEALTHY_IMAGE + ")",
              "Waiting for service db to be healthy",
              "Service db is healthy");
      assertThat(run(env, "ping -c 1 -W 2 db >/dev/null && echo reachable")).isEqualTo("reachable");
    }
  }

  @Test
  void healthCheckFromOptions_unhealthyServiceFailsTheJobClearly() {
    JobSpec spec =
        job(
            ContainerSetup.NONE,
            service(
                "db",
                BUSYBOX,
                SLEEP,
                options(
                    "--health-cmd 'echo not ready; exit 1' --health-interval 1s"
                        + " --health-timeout 1s --health-retries 2")));

    assertThatThrownBy(() -> backend(defaults()).open(spec, setupLog))
        .isInstanceOf(BackendException.class)
        .hasMessageStartingWith("service db is unhealthy; last health check: exit code 1")
        .hasMessageContaining("output: not ready");
    assertThat(setup).contains("Waiting for service db to be healthy");
  }

  @Test
  void healthWait_isBounded() {
    DockerSettings settings =
        new DockerSettings(
            false,
            "",
            false,
            "",
            List.of(),
            new DockerSocket.None(),
            OptionPolicy.STRICT,
            Duration.ofSeconds(3));
    JobSpec spec =
        job(
            ContainerSetup.NONE,
            service(
                "db",
                BUSYBOX,
                SLEEP,
                options("--health-cmd false --health-interval 1s --health-start-period 1m")));

    assertThatThrownBy(() -> backend(settings).open(spec, setupLog))
        .isInstanceOf(BackendException.class)
        .hasMessageStartingWith("service db did not get healthy within 3s (health: starting)");
  }

  @Test
  void ports_arePublishedOnTheHost() throws Exception {
    JobSpec spec =
        job(
            ContainerSetup.NONE,
            service(
                "web",
                BUSYBOX,
                List.of(
                    "sh",
                    "-c",
                    "mkdir /www && echo hello-from-web > /www/index.html"
                        + " && exec httpd -f -p 80 -h /www"),
                new ContainerSetup(List.of("127.0.0.1::80", "5432"), List.of(), "")));
    try (JobEnvironment env = backend(defaults()).open(spec, setupLog)) {
      assertThat(env.workspace()).isEqualTo("/workspace/o/r");
      InspectContainerResponse web = inspectService("web");
      Ports.Binding[] bindings =
          web.getNetworkSettings()
              .getPorts()
              .getBindings()
              .get(new com.github.dockerjava.api.model.ExposedPort(80));
      assertThat(bindings).hasSize(1);
      assertThat(bindings[0].getHostIp()).isEqualTo("127.0.0.1");
      int port = Integer.parseInt(bindings[0].getHostPortSpec());
      assertThat(
              web.getNetworkSettings()
                  .getPorts()
                  .getBindings()
                  .get(new com.github.dockerjava.api.model.ExposedPort(5432)))
          .isNotEmpty();
      assertThat(httpGet(port)).contains("hello-from-web");
    }
  }

  @Test
  void namedVolume_isSharedBetweenServiceAndJobAndRemovedAtTheEnd() throws Exception {
    String volume = "jrunner-it-" + UUID.randomUUID();
    DockerSettings settings =
        new DockerSettings(
            false,
            "",
            false,
            "",
            List.of("jrunner-it-*"),
            new DockerSocket.None(),
            OptionPolicy.STRICT,
            DockerSettings.HEALTH_TIMEOUT);
    JobSpec spec =
        job(
            new ContainerSetup(List.of(), List.of(volume + ":/shared", "/anon"), ""),
            service(
                "db",
                BUSYBOX,
                List.of("sh", "-c", "echo from-service > /data/x; exec sleep 600"),
                new ContainerSetup(List.of(), List.of(volume + ":/data"), "")));
    try (JobEnvironment env = backend(settings).open(spec, setupLog)) {
      assertThat(DOCKER.inspectVolumeCmd(volume).exec().getLabels())
          .containsEntry(ResourceLabels.RUNNER, runnerId);
      assertThat(
              run(
                  env,
                  "for i in $(seq 50); do test -f /shared/x && break; sleep 0.1; done;"
                      + " cat /shared/x; test -d /anon && echo anon"))
          .isEqualTo("from-service\nanon");
    }
    assertThat(DOCKER.listVolumesCmd().withFilter("name", List.of(volume)).exec().getVolumes())
        .isNullOrEmpty();
  }

  @Test
  void hostReachingOption_isRefusedBeforeAnythingIsCreated() {
    JobSpec spec =
        job(ContainerSetup.NONE, service("db", BUSYBOX, SLEEP, options("--cap-add NET_ADMIN")));

    assertThatThrownBy(() -> backend(defaults()).open(spec, setupLog))
        .isInstanceOf(BackendException.class)
        .hasMessage(
            "service db: options: --cap-add is refused: it reaches beyond the container; the"
                + " runner's administrator can allow it in container.allowed_options");
    assertThat(setup).isEmpty();
  }

  @Test
  void bindMountOutsideValidVolumes_isRefused() {
    JobSpec spec = job(new ContainerSetup(List.of(), List.of("/etc:/host-etc:ro"), ""));

    assertThatThrownBy(() -> backend(defaults()).open(spec, setupLog))
        .isInstanceOf(BackendException.class)
        .hasMessage(
            "job container: volume /etc is not allowed by this runner"
                + " (container.valid_volumes is empty)");
  }

  @Test
  void options_ofTheRunnerAndTheWorkflowApplyToTheJobContainer() throws Exception {
    DockerSettings settings =
        new DockerSettings(
            false,
            "",
            false,
            "-e FROM_RUNNER=runner --hostname jobhost",
            List.of(),
            new DockerSocket.None(),
            OptionPolicy.STRICT,
            DockerSettings.HEALTH_TIMEOUT);
    JobSpec spec =
        job(options("--memory 64m -e 'FROM_WORKFLOW=a b' --label team=ci --tmpfs /scratch"));
    try (JobEnvironment env = backend(settings).open(spec, setupLog)) {
      assertThat(
              run(
                  env,
                  "echo \"$JOB_VAR $FROM_RUNNER $FROM_WORKFLOW\"; hostname;"
                      + " grep -q ' /scratch tmpfs' /proc/mounts && echo tmpfs"))
          .isEqualTo("job runner a b\njobhost\ntmpfs");
      InspectContainerResponse job = inspectJob();
      assertThat(job.getHostConfig().getMemory()).isEqualTo(64L << 20);
      assertThat(job.getConfig().getLabels())
          .containsEntry("team", "ci")
          .containsEntry(ResourceLabels.RUNNER, runnerId);
    }
  }

  @Test
  void dockerHostAutomount_mountsTheSocketIntoTheJobContainerOnly() throws Exception {
    DockerSettings settings =
        new DockerSettings(
            false,
            "",
            false,
            "",
            List.of(),
            DockerSocket.of("automount", System.getenv(), Files::exists),
            OptionPolicy.STRICT,
            DockerSettings.HEALTH_TIMEOUT);
    assertThat(settings.socket()).isInstanceOf(DockerSocket.Mount.class);
    JobSpec spec = job(ContainerSetup.NONE, service("db", BUSYBOX, SLEEP, ContainerSetup.NONE));
    try (JobEnvironment env = backend(settings).open(spec, setupLog)) {
      assertThat(run(env, "test -S /var/run/docker.sock && echo socket")).isEqualTo("socket");
      assertThat(inspectService("db").getHostConfig().getBinds()).isNullOrEmpty();
    }
  }

  @Test
  void dockerHostTcp_isPassedAsAnEnvironmentVariable() throws Exception {
    DockerSettings settings =
        new DockerSettings(
            false,
            "",
            false,
            "",
            List.of(),
            new DockerSocket.Env("tcp://docker:2375"),
            OptionPolicy.STRICT,
            DockerSettings.HEALTH_TIMEOUT);
    try (JobEnvironment env = backend(settings).open(job(ContainerSetup.NONE), setupLog)) {
      assertThat(run(env, "echo $DOCKER_HOST; test -e /var/run/docker.sock || echo none"))
          .isEqualTo("tcp://docker:2375\nnone");
    }
  }

  @Test
  void workdirParent_placesTheWorkspace() throws Exception {
    JobSpec spec =
        new JobSpec(
            runnerId,
            12,
            BUSYBOX,
            Map.of(),
            ContainerSection.workspace("/srv/jobs/", "o/r"),
            List.of());
    try (JobEnvironment env = backend(defaults()).open(spec, setupLog)) {
      assertThat(env.workspace()).isEqualTo("/srv/jobs/o/r");
      assertThat(run(env, "pwd")).isEqualTo("/srv/jobs/o/r");
    }
  }

  @Test
  void configuredNetwork_isUsedInsteadOfAPerJobNetwork() throws Exception {
    String name = "jrunner-it-net-" + UUID.randomUUID();
    String net =
        DOCKER
            .createNetworkCmd()
            .withName(name)
            .withLabels(Map.of("io.jrunner.test", runnerId))
            .exec()
            .getId();
    try {
      JobSpec spec =
          job(ContainerSetup.NONE, service("db", BUSYBOX, SLEEP, options("--network-alias pg")));
      try (JobEnvironment env = backend(defaults().withNetwork(name)).open(spec, setupLog)) {
        assertThat(
                run(env, "ping -c 1 -W 2 db >/dev/null && ping -c 1 -W 2 pg >/dev/null && echo ok"))
            .isEqualTo("ok");
        assertThat(inspectJob().getHostConfig().getNetworkMode()).isEqualTo(name);
        assertThat(labelledNetworks()).isZero();
      }
      try (JobEnvironment env =
          backend(defaults().withNetwork("bridge")).open(job(ContainerSetup.NONE), setupLog)) {
        assertThat(run(env, "echo ok")).isEqualTo("ok");
        assertThat(inspectJob().getHostConfig().getNetworkMode()).isEqualTo("bridge");
        assertThat(labelledNetworks()).isZero();
      }
    } finally {
      DOCKER.removeNetworkCmd(net).exec();
    }
  }

  @Test
  void privileged_isInTheRequestAndARefusalIsExplained() throws Exception {
    DockerSettings settings =
        new DockerSettings(
            false,
            "",
            true,
            "",
            List.of(),
            new DockerSocket.None(),
            OptionPolicy.STRICT,
            DockerSettings.HEALTH_TIMEOUT);
    // The request jrunner builds: created, not started, then inspected.
    var create = DOCKER.createContainerCmd(BUSYBOX).withName("jrunner-it-" + UUID.randomUUID());
    ContainerRequests.fill(
        create,
        new ContainerPlan("job container", ContainerOptions.NONE, List.of(), List.of()),
        new ContainerRequests.Target(
            Map.of(),
            ResourceLabels.of(runnerId, 13),
            "bridge",
            List.of(),
            true,
            true,
            new DockerSocket.None()),
        setupLog);
    String id = create.exec().getId();
    try {
      assertThat(DOCKER.inspectContainerCmd(id).exec().getHostConfig().getPrivileged()).isTrue();
    } finally {
      DOCKER.removeContainerCmd(id).withForce(true).exec();
    }
    // This machine's engine refuses privileged containers when starting them; whatever the engine
    // does, a failure names the setting.
    try (JobEnvironment env = backend(settings).open(job(ContainerSetup.NONE), setupLog)) {
      assertThat(run(env, "echo started")).isEqualTo("started");
      assertThat(inspectJob().getHostConfig().getPrivileged()).isTrue();
    } catch (BackendException e) {
      assertThat(e)
          .hasMessageStartingWith(
              "the Docker engine cannot start the job container (container.privileged is true;"
                  + " this engine may refuse privileged containers): ");
    }
  }

  private InspectContainerResponse inspectService(String name) {
    return inspectNamed("-" + name);
  }

  private InspectContainerResponse inspectJob() {
    return inspectNamed("-job");
  }

  private InspectContainerResponse inspectNamed(String suffix) {
    var found =
        DOCKER
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(ResourceLabels.RUNNER, runnerId))
            .exec()
            .stream()
            .filter(c -> c.getNames()[0].endsWith(suffix))
            .toList();
    assertThat(found).hasSize(1);
    return DOCKER.inspectContainerCmd(found.get(0).getId()).exec();
  }

  private static String httpGet(int port) throws IOException, InterruptedException {
    IOException last = null;
    for (int i = 0; i < 50; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        in.transferTo(body);
        String text = body.toString(StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
          return text;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw last != null ? last : new IOException("no answer on port " + port);
  }

  private long labelledNetworks() {
    return DOCKER
        .listNetworksCmd()
        .withFilter("label", ResourceLabels.runnerFilter(runnerId))
        .exec()
        .size();
  }

  /** Every container, network and volume with this test's runner label. */
  private List<String> labelled() {
    List<String> out = new ArrayList<>();
    DOCKER
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(ResourceLabels.RUNNER, runnerId))
        .exec()
        .forEach(c -> out.add("container " + c.getNames()[0]));
    DOCKER
        .listNetworksCmd()
        .withFilter("label", ResourceLabels.runnerFilter(runnerId))
        .exec()
        .forEach(n -> out.add("network " + n.getName()));
    var volumes =
        DOCKER
            .listVolumesCmd()
            .withFilter("label", ResourceLabels.runnerFilter(runnerId))
            .exec()
            .getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> out.add("volume " + v.getName()));
    }
    return out;
  }
}
