// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.jrunner.Version;
import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RunnerClient;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.client.TlsConfigurationException;
import io.jrunner.config.ConfigException;
import io.jrunner.config.LoadedConfig;
import io.jrunner.config.Registration;
import io.jrunner.config.RegistrationException;
import io.jrunner.config.RegistrationStore;
import io.jrunner.config.RunnerConfig;
import io.jrunner.docker.DockerCheck;
import io.jrunner.docker.DockerClients;
import io.jrunner.docker.DockerHosts;
import io.jrunner.label.Label;
import io.jrunner.label.LabelException;
import io.jrunner.label.Labels;
import io.jrunner.label.Platform;
import io.jrunner.proto.ping.v1.PingRequest;
import io.jrunner.proto.runner.v1.DeclareRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks of {@code jrunner doctor}, in order; a check whose prerequisite failed is skipped.
 * Each answers with one {@link DoctorCheck}. Talks to the server (Ping, Declare: what a daemon does
 * at start, never FetchTask, so no task is taken) and to Docker (version, image inspection).
 *
 * <p>With {@code --profile P} the config is loaded as {@code daemon --profile P} loads it (its
 * overlay and its own {@code .runner}), and a {@code profile} line shows its policy. The {@code
 * cache} check is {@link DoctorCache}.
 */
final class Doctor {
  private static final long GIB = 1024L * 1024 * 1024;

  private final CommonOptions common;
  private final CliContext context;
  private final List<String> runsOn;
  private final List<DoctorCheck> out = new ArrayList<>();

  Doctor(CommonOptions common, CliContext context, List<String> runsOn) {
    this.common = common;
    this.context = context;
    this.runsOn = runsOn;
  }

  List<DoctorCheck> run() {
    Optional<RunnerConfig> config = config();
    Optional<Registration> registration = config.flatMap(this::registration);
    Optional<Labels> labels = config.flatMap(c -> registration.flatMap(r -> labels(c, r)));
    boolean reached =
        config.isPresent() && registration.isPresent() && server(config.get(), registration.get());
    if (reached && labels.isPresent()) {
      credentials(config.get(), registration.get(), labels.get());
    } else {
      out.add(DoctorCheck.skip("credentials", "needs the server"));
    }
    Optional<String> dockerHost =
        config.isPresent() && labels.isPresent()
            ? docker(config.get(), labels.get())
            : skip("docker", "needs the config and labels");
    if (dockerHost.isPresent() && labels.isPresent()) {
      images(dockerHost.get(), labels.get());
    } else if (labels.map(Labels::requiresDocker).orElse(true)) {
      out.add(DoctorCheck.skip("images", "needs Docker"));
    }
    if (config.isPresent() && labels.isPresent()) {
      out.add(
          new DoctorCache(
                  config.get(),
                  labels.get(),
                  dockerHost,
                  registration.get().uuid(),
                  context.clock())
              .check());
    } else {
      out.add(DoctorCheck.skip("cache", "needs the config and labels"));
    }
    config.ifPresent(this::disk);
    if (!runsOn.isEmpty()) {
      if (labels.isPresent()) {
        take(labels.get());
      } else {
        out.add(DoctorCheck.skip("runs-on", "needs the labels"));
      }
    }
    return List.copyOf(out);
  }

  private Optional<RunnerConfig> config() {
    try {
      LoadedConfig loaded = common.load(context.env());
      out.add(
          DoctorCheck.ok(
              "config",
              (common.config == null ? "defaults (no --config)" : common.config.toString())
                  + (loaded.warnings().isEmpty()
                      ? ""
                      : ", " + loaded.warnings().size() + " warning(s) in the log")));
      if (common.profile != null) {
        out.add(
            DoctorCheck.ok(
                "profile",
                common.profile
                    + ", .runner "
                    + loaded.config().runner().file()
                    + "; policy: "
                    + (loaded.policy().restricts()
                        ? ProfileBanner.summary(loaded.policy())
                        : "restricts nothing")));
      }
      return Optional.of(loaded.config());
    } catch (ConfigException e) {
      String unknown = "no profile " + common.profile + " under profiles:";
      List<String> profileProblems =
          e.problems().stream().filter(p -> p.contains(unknown)).toList();
      List<String> others = e.problems().stream().filter(p -> !p.contains(unknown)).toList();
      if (common.profile != null && !profileProblems.isEmpty()) {
        if (others.isEmpty()) {
          out.add(DoctorCheck.ok("config", common.config.toString()));
        }
        String problem = profileProblems.getFirst();
        int hint = problem.lastIndexOf("; ");
        out.add(
            DoctorCheck.fail(
                "profile",
                hint < 0 ? problem : problem.substring(0, hint),
                "add profiles."
                    + common.profile
                    + " to "
                    + common.config
                    + " (`jrunner generate-config --profile prod` shows one), or run without"
                    + " --profile"));
      }
      if (!others.isEmpty() || e.problems().isEmpty()) {
        out.add(
            DoctorCheck.fail(
                "config",
                e.getMessage() + (others.isEmpty() ? "" : ": " + String.join("; ", others)),
                "correct the file (`jrunner generate-config` shows every key)"));
      }
    } catch (UserError e) {
      out.add(DoctorCheck.fail("config", e.getMessage(), "correct the option"));
    }
    return Optional.empty();
  }

  private Optional<Registration> registration(RunnerConfig config) {
    Path file = config.runner().file();
    try {
      Registration r = RegistrationStore.load(file);
      out.add(
          DoctorCheck.ok(
              "registration",
              "runner " + r.name() + " (id " + r.id() + ") of " + r.address() + " in " + file));
      return Optional.of(r);
    } catch (RegistrationException e) {
      out.add(
          DoctorCheck.fail(
              "registration",
              e.getMessage(),
              "register: `jrunner register --instance URL --token TOKEN` in the runner's"
                  + " working directory (runner.file is relative to it)"));
      return Optional.empty();
    }
  }

  private Optional<Labels> labels(RunnerConfig config, Registration registration) {
    List<String> configured =
        config.runner().labels().isEmpty() ? registration.labels() : config.runner().labels();
    try {
      Labels labels = Labels.parseAll(configured, config.runner().defaultImage());
      if (labels.names().isEmpty()) {
        out.add(
            DoctorCheck.fail("labels", "no labels", "set runner.labels or register with --labels"));
        return Optional.empty();
      }
      out.add(DoctorCheck.ok("labels", String.join(", ", labels.normalized())));
      return Optional.of(labels);
    } catch (LabelException e) {
      out.add(DoctorCheck.fail("labels", e.getMessage(), "correct runner.labels or .runner"));
      return Optional.empty();
    }
  }

  /** DNS (unless a proxy resolves), then TLS and Ping in one call. */
  private boolean server(RunnerConfig config, Registration registration) {
    URI address;
    try {
      address = Clients.instance(registration.address());
    } catch (UserError e) {
      out.add(
          DoctorCheck.fail(
              "server", e.getMessage(), "register again with the instance's URL (--force)"));
      return false;
    }
    String host = address.getHost();
    Optional<String> proxy = proxyFor(address);
    if (proxy.isEmpty()) {
      try {
        InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        out.add(
            DoctorCheck.fail(
                "server",
                "cannot resolve " + host + " (DNS)",
                "check the host name in .runner's address, or this machine's DNS"));
        return false;
      }
    }
    try {
      RunnerClient client = Clients.anonymous(address, config, context.env());
      client.ping(PingRequest.newBuilder().setData("doctor").build());
      out.add(
          DoctorCheck.ok(
              "server",
              address
                  + " answered Ping"
                  + (address.getScheme().equals("https") ? " over TLS" : "")
                  + config.runner().caFile().map(ca -> " (CA " + ca + ")").orElse("")
                  + proxy.map(p -> " through proxy " + p).orElse("")));
      return true;
    } catch (TlsConfigurationException e) {
      out.add(DoctorCheck.fail("server", e.getMessage(), "fix runner.ca_file"));
    } catch (UserError e) {
      out.add(DoctorCheck.fail("server", e.getMessage(), "fix the setting"));
    } catch (ConnectException e) {
      String text = rootMessage(e);
      if (isTls(e)) {
        out.add(
            DoctorCheck.fail(
                "server",
                "TLS with " + host + " failed: " + text,
                "trust the instance's CA with runner.ca_file (a PEM file), or fix its"
                    + " certificate; runner.insecure: true only for tests"));
      } else {
        out.add(
            DoctorCheck.fail(
                "server",
                InstanceCheck.unreachable(address, e).getMessage(),
                "check the URL in .runner, that the instance is up and reachable from here"
                    + (proxy.isPresent() ? " and the proxy " + proxy.get() : "")
                    + " (HTTPS_PROXY, NO_PROXY)"));
      }
    }
    return false;
  }

  private void credentials(RunnerConfig config, Registration registration, Labels labels) {
    try {
      RunnerClient client =
          Clients.authenticated(
              Clients.instance(registration.address()),
              new RunnerCredentials(registration.uuid(), registration.token()),
              config,
              context.env());
      client.declare(
          DeclareRequest.newBuilder()
              .setVersion(Version.current())
              .addAllLabels(labels.names())
              .build());
      out.add(DoctorCheck.ok("credentials", "accepted (Declare)"));
    } catch (ConnectException e) {
      if (e.credentialsRejected()) {
        out.add(
            DoctorCheck.fail(
                "credentials",
                "the server rejected this runner's token (runner deleted or token revoked)",
                "`jrunner register --force --instance URL --token TOKEN`"));
      } else if (e.code() == ConnectCode.UNIMPLEMENTED) {
        out.add(
            DoctorCheck.warn(
                "credentials",
                "cannot check: the server has no Declare (an old version)",
                "none needed; the daemon's first poll checks them"));
      } else {
        out.add(
            DoctorCheck.fail(
                "credentials", e.getMessage(), "check the server's log for this call"));
      }
    } catch (TlsConfigurationException | UserError e) {
      out.add(DoctorCheck.fail("credentials", e.getMessage(), "fix the setting"));
    }
  }

  /** The engine jobs will get, as the daemon finds it. */
  private Optional<String> docker(RunnerConfig config, Labels labels) {
    if (!labels.requiresDocker()) {
      out.add(DoctorCheck.ok("docker", "not needed (no docker:// labels)"));
      return Optional.empty();
    }
    try {
      DockerCheck.Engine engine =
          new DockerCheck(Duration.ofSeconds(10))
              .find(DockerHosts.candidates(config.container().dockerHost(), context.env()));
      out.add(
          DoctorCheck.ok(
              "docker",
              "Docker "
                  + engine.version()
                  + " (API "
                  + engine.apiVersion()
                  + ") at "
                  + engine.host()));
      return Optional.of(engine.host());
    } catch (DockerCheck.DockerUnavailableException e) {
      out.add(
          DoctorCheck.fail(
              "docker",
              e.getMessage(),
              DockerHosts.explicitSource(config.container().dockerHost(), context.env())
                  .map(src -> "start the engine " + src + " names, or fix " + src)
                  .orElse(
                      "start Docker, add this user to the docker group, or set"
                          + " container.docker_host")));
      return Optional.empty();
    }
  }

  private void images(String host, Labels labels) {
    LinkedHashSet<String> images = new LinkedHashSet<>();
    List<Label> wanted =
        runsOn.isEmpty() ? labels.labels() : labels.pick(runsOn).map(List::of).orElse(List.of());
    for (Label label : wanted) {
      if (label.platform() instanceof Platform.DockerPlatform d) {
        images.add(d.image());
      }
    }
    if (images.isEmpty()) {
      return;
    }
    List<String> missing = new ArrayList<>();
    try (DockerClient docker = DockerClients.create(host, Duration.ofSeconds(30))) {
      for (String image : images) {
        try {
          docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
          missing.add(image);
        }
      }
    } catch (IOException | RuntimeException e) {
      out.add(DoctorCheck.fail("images", "cannot list images: " + e.getMessage(), "check Docker"));
      return;
    }
    if (missing.isEmpty()) {
      out.add(DoctorCheck.ok("images", "present: " + String.join(", ", images)));
    } else {
      out.add(
          DoctorCheck.warn(
              "images",
              "not on this machine: " + String.join(", ", missing) + " (pulled at the first job)",
              "`docker pull IMAGE` as the runner's user to check the registry is reachable, or"
                  + " set container.credentials for a private one"));
    }
  }

  /** Free space where jobs and the spool write. */
  private void disk(RunnerConfig config) {
    Path home = Path.of(System.getProperty("user.home"));
    List<Path> places =
        List.of(
            config.runner().file().toAbsolutePath().getParent(),
            config.host().resolvedWorkdirParent(home));
    long least = Long.MAX_VALUE;
    Path where = places.getFirst();
    for (Path place : places) {
      Path p = place;
      while (p != null && !Files.exists(p)) {
        p = p.getParent();
      }
      if (p == null) {
        continue;
      }
      try {
        long free = Files.getFileStore(p).getUsableSpace();
        if (free < least) {
          least = free;
          where = place;
        }
      } catch (IOException e) {
        out.add(DoctorCheck.warn("disk", "cannot read free space of " + p, "check the mount"));
        return;
      }
    }
    String text = String.format(Locale.ROOT, "%.1f GiB free for %s", least / (double) GIB, where);
    if (least < GIB) {
      out.add(DoctorCheck.fail("disk", text, "free space: jobs and the log spool write here"));
    } else if (least < 5 * GIB) {
      out.add(DoctorCheck.warn("disk", text, "free space before large jobs fail"));
    } else {
      out.add(DoctorCheck.ok("disk", text));
    }
  }

  /** Forgejo gives a job only to a runner that has every one of its runs-on labels. */
  private void take(Labels labels) {
    List<String> missing = runsOn.stream().filter(l -> !labels.names().contains(l)).toList();
    if (!missing.isEmpty()) {
      out.add(
          DoctorCheck.fail(
              "runs-on",
              "would not take runs-on "
                  + runsOn
                  + ": this runner lacks "
                  + missing
                  + " (it has "
                  + labels.names()
                  + ")",
              "add the labels to runner.labels (or register with --labels) and restart; Forgejo"
                  + " gives a job only to a runner with all of its runs-on labels"));
      return;
    }
    Label label = labels.pick(runsOn).orElseThrow();
    if (label.platform() instanceof Platform.LxcPlatform) {
      out.add(
          DoctorCheck.fail(
              "runs-on",
              "runs-on " + runsOn + " picks " + label.normalized() + ", which jrunner cannot run",
              "use docker:// or :host labels"));
      return;
    }
    out.add(DoctorCheck.ok("runs-on", "would take runs-on " + runsOn + ": " + label.normalized()));
  }

  private Optional<String> skip(String name, String why) {
    out.add(DoctorCheck.skip(name, why));
    return Optional.empty();
  }

  private Optional<String> proxyFor(URI address) {
    String scheme = address.getScheme().toLowerCase(Locale.ROOT);
    for (String key : List.of(scheme + "_proxy", scheme.toUpperCase(Locale.ROOT) + "_PROXY")) {
      String value = context.env().get(key);
      if (value != null && !value.isBlank() && !noProxy(address.getHost())) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private boolean noProxy(String host) {
    String list =
        context.env().getOrDefault("NO_PROXY", context.env().getOrDefault("no_proxy", ""));
    for (String entry : list.split(",")) {
      String e = entry.strip();
      if (!e.isEmpty()
          && (e.equals("*") || host.equals(e) || host.endsWith("." + e.replaceFirst("^\\.", "")))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTls(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          || t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
