// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import io.jrunner.cache.CacheRuns;
import io.jrunner.cache.CacheService;
import io.jrunner.cache.OutboundAddress;
import io.jrunner.config.CacheSection;
import io.jrunner.config.RunnerConfig;
import io.jrunner.docker.CacheProbe;
import io.jrunner.docker.CacheReach;
import io.jrunner.docker.DockerClients;
import io.jrunner.docker.ResourceLabels;
import io.jrunner.docker.StartupEngine;
import io.jrunner.label.Label;
import io.jrunner.label.Labels;
import io.jrunner.label.Platform;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code cache} check of {@code jrunner doctor}: starts the cache as the daemon does (its store
 * in a temporary directory, never the daemon's {@code cache.dir}, which a running daemon holds),
 * registers a probe run and requests a cache lookup through the URL jobs get, from a throwaway
 * container on the network a job gets (from this process for host-only labels). When {@code
 * cache.proxy_port} is taken, a running daemon's proxy is probed instead (an unknown run key gets
 * 403 from it). Everything started is stopped and removed before returning. Blocking.
 */
final class DoctorCache {
  private static final String NAME = "cache";
  private static final String LOOKUP = "_apis/artifactcache/cache?keys=jrunner-doctor&version=0";
  private static final String FIX =
      "set cache.host to an address of this machine that job containers reach, open"
          + " cache.proxy_port to them, set container.network, or point"
          + " cache.actions_cache_url_override at a URL they reach";

  private final RunnerConfig config;
  private final Labels labels;
  private final Optional<String> dockerHost;
  private final String runnerId;
  private final Clock clock;

  DoctorCache(
      RunnerConfig config,
      Labels labels,
      Optional<String> dockerHost,
      String runnerId,
      Clock clock) {
    this.config = config;
    this.labels = labels;
    this.dockerHost = dockerHost;
    this.runnerId = runnerId;
    this.clock = clock;
  }

  DoctorCheck check() {
    CacheSection c = config.cache();
    if (!c.enabled()) {
      return DoctorCheck.ok(NAME, "off (cache.enabled: false): jobs get no ACTIONS_CACHE_URL");
    }
    if (labels.requiresDocker() && dockerHost.isEmpty()) {
      return DoctorCheck.skip(
          NAME, "no Docker engine answered: no job container to reach the cache from");
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("jrunner-doctor-cache");
    } catch (IOException e) {
      return DoctorCheck.warn(
          NAME, "cannot create a temporary directory: " + e.getMessage(), "check /tmp");
    }
    try {
      return withService(c, dir);
    } finally {
      delete(dir);
    }
  }

  private DoctorCheck withService(CacheSection c, Path dir) {
    if (!labels.requiresDocker()) {
      return withService(c, dir, Optional.empty());
    }
    // As the daemon: in a container of the engine, jobs reach the cache by its host name.
    return withService(
        c,
        dir,
        CacheStartup.reach(c, StartupEngine.client(dockerHost.orElseThrow(), System.getenv())));
  }

  private DoctorCheck withService(CacheSection c, Path dir, Optional<CacheReach> reach) {
    CacheSection probe =
        new CacheSection(
            true,
            0,
            dir.toString(),
            c.externalServer(),
            c.secret(),
            reach.map(CacheReach::host).orElse(c.host()),
            c.proxyPort(),
            c.actionsCacheUrlOverride(),
            c.maxSizeMb());
    CacheService service;
    try {
      service = CacheService.start(probe, dir, clock);
    } catch (CacheService.SetupException e) {
      if (c.proxyPort() != 0 && causedBy(e, BindException.class)) {
        return daemonsProxy(c);
      }
      return DoctorCheck.fail(
          NAME,
          e.getMessage(),
          "correct the cache settings (cache.host, cache.proxy_port, cache.external_server,"
              + " cache.secret)");
    }
    try (service) {
      Optional<CacheRuns.Lease> lease = service.open("jrunner/doctor", "0", "");
      if (lease.isEmpty()) {
        return DoctorCheck.fail(NAME, "the cache gave no URL", "check the log");
      }
      try (CacheRuns.Lease l = lease.get()) {
        return probe(l.url() + LOOKUP, Set.of(200, 204), "", reach);
      }
    }
  }

  /** The proxy port is taken, by a running daemon's proxy as a rule: probe that one. */
  private DoctorCheck daemonsProxy(CacheSection c) {
    String base;
    if (!c.actionsCacheUrlOverride().isEmpty()) {
      base = c.actionsCacheUrlOverride().replaceFirst("/+$", "");
    } else {
      Optional<String> host = c.host().isEmpty() ? OutboundAddress.detect() : Optional.of(c.host());
      if (host.isEmpty()) {
        return DoctorCheck.fail(
            NAME, "cannot find an address of this machine that jobs can reach", "set cache.host");
      }
      String h = host.get().contains(":") ? "[" + host.get() + "]" : host.get();
      base = "http://" + h + ":" + c.proxyPort();
    }
    return probe(
        base + "/doctor/" + LOOKUP,
        Set.of(403),
        " (cache.proxy_port "
            + c.proxyPort()
            + " is in use, by the daemon's proxy as a rule:"
            + " probed that one, which refuses the unknown run key)",
        Optional.empty());
  }

  private DoctorCheck probe(
      String url, Set<Integer> expected, String note, Optional<CacheReach> reach) {
    if (!labels.requiresDocker()) {
      return fromHost(url, expected, note);
    }
    String network = config.container().network();
    try (DockerClient docker =
        DockerClients.create(dockerHost.orElseThrow(), Duration.ofSeconds(60))) {
      Optional<String> image = image(docker);
      if (image.isEmpty()) {
        return DoctorCheck.warn(
            NAME,
            "not checked: no image of the labels (nor a busybox) is on this machine to probe from",
            "`docker pull IMAGE` of a docker:// label, then run doctor again");
      }
      CacheProbe.Answer answer =
          new CacheProbe(docker, reach)
              .request(image.get(), network, url, ResourceLabels.of(runnerId, 0));
      String where =
          "a container of "
              + image.get()
              + (network.isEmpty() ? " on a fresh network" : " on network " + network);
      return judge(url, answer.status(), answer.output(), where, expected, note);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DoctorCheck.fail(NAME, "interrupted", "run doctor again");
    } catch (IOException | RuntimeException e) {
      return DoctorCheck.fail(
          NAME,
          "cannot run a probe container: " + e.getMessage(),
          "check Docker" + (network.isEmpty() ? "" : " and that container.network exists"));
    }
  }

  private DoctorCheck fromHost(String url, Set<Integer> expected, String note) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<Void> resp =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return judge(url, Optional.of(resp.statusCode()), "", "this machine", expected, note);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DoctorCheck.fail(NAME, "interrupted", "run doctor again");
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return judge(url, Optional.empty(), m, "this machine", expected, note);
    }
  }

  private DoctorCheck judge(
      String url,
      Optional<Integer> status,
      String output,
      String where,
      Set<Integer> expected,
      String note) {
    if (status.isPresent() && expected.contains(status.get())) {
      return DoctorCheck.ok(
          NAME, "jobs reach " + url + " (HTTP " + status.get() + " to " + where + ")" + note);
    }
    if (status.isPresent()) {
      return DoctorCheck.fail(
          NAME,
          url + " answered HTTP " + status.get() + " to " + where + note,
          c().externalServer().isEmpty()
              ? "check the log; " + FIX
              : "check cache.external_server and cache.secret");
    }
    return DoctorCheck.fail(
        NAME,
        where
            + " got no answer from "
            + url
            + note
            + (output.isBlank() ? "" : ": " + output.replace('\n', ' ').strip()),
        FIX);
  }

  private CacheSection c() {
    return config.cache();
  }

  /** The first label image on this machine, else a local busybox. */
  private Optional<String> image(DockerClient docker) {
    for (Label label : labels.labels()) {
      if (label.platform() instanceof Platform.DockerPlatform d) {
        try {
          docker.inspectImageCmd(d.image()).exec();
          return Optional.of(d.image());
        } catch (NotFoundException e) {
          // Try the next one.
        }
      }
    }
    List<Image> images = docker.listImagesCmd().exec();
    return images.stream()
        .flatMap(i -> i.getRepoTags() == null ? Stream.empty() : Stream.of(i.getRepoTags()))
        .filter(t -> t.matches("(.*/)?busybox:.*"))
        .sorted()
        .findFirst();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory: the system cleans it up.
    }
  }
}
