// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jrunner.testkit.FakeForgejoServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrunner doctor} as a user runs it: one line per check, a fix for each failure, exit 1 when
 * one failed. Each failure case against the real thing: a healthy runner, a label mismatch, an
 * unresolvable and an unreachable instance, a self-signed TLS server, a Docker host that does not
 * answer, a missing image, no registration.
 */
class DoctorIT {
  @TempDir Path dir;
  private FakeForgejoServer server;

  @BeforeEach
  void start() throws Exception {
    server = FakeForgejoServer.start();
    Files.writeString(dir.resolve("config.yaml"), "runner:\n  fetch_interval: 100ms\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void healthyHostRunner_allOk_andItWouldTakeTheJob() throws Exception {
    register("self:host,other:host");
    JrunnerProcess.Result r = doctor("--runs-on", "self,other");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout().lines())
        .anyMatch(l -> l.startsWith("OK    config       config.yaml"))
        .anyMatch(l -> l.startsWith("OK    registration runner doctor-test"))
        .anyMatch(l -> l.startsWith("OK    server       " + server.url()))
        .anyMatch(l -> l.equals("OK    credentials  accepted (Declare)"))
        .anyMatch(l -> l.equals("OK    docker       not needed (no docker:// labels)"))
        .anyMatch(l -> l.startsWith("OK    disk         "))
        .anyMatch(l -> l.equals("OK    runs-on      would take runs-on [self, other]: self:host"))
        .anyMatch(
            l ->
                l.matches(
                    "OK    cache        jobs reach http://\\S+:\\d+/\\w+/_apis/artifactcache/cache"
                        + "\\?keys=jrunner-doctor&version=0 \\(HTTP 204 to this machine\\)"))
        .noneMatch(l -> l.startsWith("FAIL"));
  }

  @Test
  void cache_aJobContainerOnAFreshNetworkReachesTheProxy_andNothingIsLeftBehind() throws Exception {
    register("docker:docker://runner-test/busybox:latest");
    JrunnerProcess.Result r = doctor();
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout().lines())
        .anyMatch(
            l ->
                l.matches(
                    "OK    cache        jobs reach http://\\S+:\\d+/\\w+/_apis/artifactcache/cache"
                        + "\\?keys=jrunner-doctor&version=0 \\(HTTP 204 to a container of"
                        + " runner-test/busybox:latest on a fresh network\\)"));
    String uuid =
        JsonParser.parseString(Files.readString(dir.resolve(".runner")))
            .getAsJsonObject()
            .get("uuid")
            .getAsString();
    String filter = "label=io.jrunner.runner=" + uuid;
    assertThat(docker("ps", "-aq", "--filter", filter)).isBlank();
    assertThat(docker("network", "ls", "-q", "--filter", filter)).isBlank();
  }

  @Test
  void cache_aProxyJobsCannotReach_failsWithTheUrlAndTheFix() throws Exception {
    register("docker:docker://runner-test/busybox:latest");
    // 192.0.2.1 (TEST-NET-1) is routed nowhere: the container gets no answer.
    Files.writeString(dir.resolve("config.yaml"), "cache:\n  host: 192.0.2.1\n");
    JrunnerProcess.Result r = doctor();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern(
            "FAIL  cache        a container of runner-test/busybox:latest on a fresh network got"
                + " no answer from http://192.0.2.1:\\d+/\\w+/_apis/artifactcache/cache")
        .contains("fix: set cache.host to an address of this machine that job containers reach");
  }

  @Test
  void cacheDisabled_saysTheCacheIsOff() throws Exception {
    register("self:host");
    Files.writeString(dir.resolve("config.yaml"), "cache:\n  enabled: false\n");
    JrunnerProcess.Result r = doctor();
    assertThat(r.stdout())
        .contains("OK    cache        off (cache.enabled: false): jobs get no ACTIONS_CACHE_URL");
  }

  @Test
  void profile_usesTheProfilesSettingsAndItsOwnRunnerFile() throws Exception {
    JrunnerProcess.Result generated =
        JrunnerProcess.run(dir, "generate-config", "--profile", "prod");
    assertThat(generated.exitCode()).isZero();
    Files.writeString(dir.resolve("config.yaml"), generated.stdout());
    JrunnerProcess.Result reg =
        JrunnerProcess.run(
            dir,
            "register",
            "--config",
            "config.yaml",
            "--profile",
            "prod",
            "--no-interactive",
            "--instance",
            server.url(),
            "--token",
            server.registrationToken(),
            "--name",
            "doctor-prod");
    assertThat(reg.exitCode()).as(reg.stderr()).isZero();
    assertThat(dir.resolve(".runner")).doesNotExist();

    JrunnerProcess.Result r = doctor("--profile", "prod", "--runs-on", "prod");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout())
        .contains(
            "OK    profile      prod, .runner prod/.runner; policy: refs [refs/heads/main,"
                + " refs/tags/v*] (protected only), events refused [pull_request,"
                + " pull_request_target]")
        .contains("OK    registration runner doctor-prod (id ")
        .contains(" in prod/.runner")
        .contains("OK    labels       prod:docker://node:22-bookworm")
        .contains("OK    runs-on      would take runs-on [prod]: prod:docker://node:22-bookworm")
        .containsPattern(
            "OK    cache        jobs reach \\S+ \\(HTTP 204 to a container of \\S*busybox");
  }

  @Test
  void unknownProfile_failsWithTheFix() throws Exception {
    register("self:host");
    Files.writeString(
        dir.resolve("config.yaml"), "profiles:\n  prod:\n    runner:\n      capacity: 1\n");
    JrunnerProcess.Result r = doctor("--profile", "staging");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("OK    config       config.yaml")
        .contains(
            "FAIL  profile      config.yaml:2: no profile staging under profiles: (it defines"
                + " [prod]); fix: add profiles.staging to config.yaml (`jrunner generate-config"
                + " --profile prod` shows one), or run without --profile")
        .doesNotContain("registration");
  }

  @Test
  void labelMismatch_saysWhichLabelIsMissing() throws Exception {
    register("self:host");
    JrunnerProcess.Result r = doctor("--runs-on", "self,gpu");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "FAIL  runs-on      would not take runs-on [self, gpu]: this runner lacks [gpu] (it"
                + " has [self]); fix: add the labels to runner.labels");
  }

  @Test
  void unresolvableInstance_isADnsFailure() throws Exception {
    register("self:host");
    setAddress("http://no-such-host.invalid/");
    JrunnerProcess.Result r = doctor();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("FAIL  server       cannot resolve no-such-host.invalid (DNS); fix: check the")
        .contains("SKIP  credentials  needs the server");
  }

  @Test
  void unreachableInstance_saysSoWithAFix() throws Exception {
    register("self:host");
    setAddress("http://127.0.0.1:" + freePort() + "/");
    JrunnerProcess.Result r = doctor();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern("FAIL  server       cannot reach http://127.0.0.1:\\d+/: .*; fix: check")
        .doesNotContain("\tat ");
  }

  @Test
  void selfSignedTls_isATlsFailureNamingRunnerCaFile() throws Exception {
    register("self:host");
    HttpsServer https = selfSignedServer();
    try {
      setAddress("https://localhost:" + https.getAddress().getPort() + "/");
      JrunnerProcess.Result r = doctor();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stdout())
          .contains("FAIL  server       TLS with localhost failed: ")
          .contains("fix: trust the instance's CA with runner.ca_file");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void dockerHostThatDoesNotAnswer_failsTheDockerCheck() throws Exception {
    register("docker:docker://runner-test/busybox:latest");
    int port = freePort();
    Files.writeString(
        dir.resolve("config.yaml"), "container:\n  docker_host: tcp://127.0.0.1:" + port + "\n");
    JrunnerProcess.Result r = doctor();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("FAIL  docker       cannot reach a Docker engine (tried tcp://127.0.0.1:" + port)
        .contains("fix: start the engine container.docker_host names, or fix")
        .contains("SKIP  images       needs Docker")
        .doesNotContain("/var/run/docker.sock");
  }

  @Test
  void missingImage_isAWarningWithAFix() throws Exception {
    register("docker:docker://runner-test/busybox:latest,gone:docker://runner-test/absent:never");
    JrunnerProcess.Result r = doctor();
    assertThat(r.exitCode()).as(r.stdout()).isZero();
    assertThat(r.stdout())
        .containsPattern("OK    docker       Docker \\S+ \\(API [\\d.]+\\) at ")
        .contains(
            "WARN  images       not on this machine: runner-test/absent:never (pulled at the first"
                + " job); fix: `docker pull IMAGE`");
    JrunnerProcess.Result picked = doctor("--runs-on", "docker");
    assertThat(picked.stdout()).contains("OK    images       present: runner-test/busybox:latest");
  }

  @Test
  void notRegistered_failsTheRegistrationCheck() throws Exception {
    JrunnerProcess.Result r = doctor();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("FAIL  registration ")
        .contains("fix: register: `jrunner register --instance URL --token TOKEN`");
  }

  private JrunnerProcess.Result doctor(String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("doctor", "-c", "config.yaml"));
    args.addAll(List.of(extra));
    return JrunnerProcess.run(dir, args.toArray(String[]::new));
  }

  private static String docker(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.strip();
  }

  private void register(String labels) throws Exception {
    JrunnerProcess.Result r =
        JrunnerProcess.run(
            dir,
            "register",
            "--no-interactive",
            "--instance",
            server.url(),
            "--token",
            server.registrationToken(),
            "--name",
            "doctor-test",
            "--labels",
            labels);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  private void setAddress(String address) throws Exception {
    Path file = dir.resolve(".runner");
    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    json.addProperty("address", address);
    Files.writeString(file, json.toString());
  }

  /** The JDK's HTTPS server with a fresh self-signed key from {@code keytool}. */
  private HttpsServer selfSignedServer() throws Exception {
    Path store = dir.resolve("self.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "self",
                "-keyalg",
                "EC",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(ssl));
    https.createContext("/", ex -> ex.close());
    https.start();
    return https;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
