// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.jrunner.exec.BackendException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests a URL from a throwaway container on the network a job would get (a fresh bridge network,
 * or {@code container.network} when set), as {@code jrunner doctor} does to check that jobs reach
 * the cache, with whichever HTTP client the image has (see {@link #script}). The container and the
 * network are removed whatever happens.
 *
 * <p>Blocking; one probe per call; not shared between threads.
 */
public final class CacheProbe {
  private static final Logger LOG = LoggerFactory.getLogger(CacheProbe.class);
  private static final Pattern STATUS = Pattern.compile("HTTP(?:/[\\d.]+)? (\\d{3})");
  private static final int TIMEOUT_SECONDS = 60;

  private final DockerClient docker;
  private final Optional<CacheReach> reach;

  public CacheProbe(DockerClient docker) {
    this(docker, Optional.empty());
  }

  /**
   * @param reach when jrunner runs in a container: joins it to the probe's network as to a job's
   */
  public CacheProbe(DockerClient docker, Optional<CacheReach> reach) {
    this.docker = docker;
    this.reach = reach;
  }

  /**
   * What the probe saw.
   *
   * @param status the HTTP status the URL answered with; empty when none came
   * @param output the probe's output (its last lines), to show when no status came
   */
  public record Answer(Optional<Integer> status, String output) {}

  /**
   * Runs the probe.
   *
   * @param image a local image with a shell
   * @param network {@code container.network}; empty for a fresh network as a job gets
   * @param labels the labels of the container and network (the runner's, so a sweep finds them)
   * @throws RuntimeException when Docker refuses to create or run the container (the caller reports
   *     it)
   */
  public Answer request(String image, String network, String url, Map<String, String> labels)
      throws InterruptedException {
    String suffix = HexFormat.of().formatHex(randomBytes());
    String net = network;
    String createdNet = null;
    String container = null;
    CacheReach.Attachment attachment = CacheReach.Attachment.NONE;
    try {
      if (net.isEmpty()) {
        net = "jrunner-doctor-" + suffix;
        createdNet = docker.createNetworkCmd().withName(net).withLabels(labels).exec().getId();
      }
      if (reach.isPresent()) {
        try {
          attachment = reach.get().attach(net);
        } catch (BackendException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
      var create =
          docker
              .createContainerCmd(image)
              .withName("jrunner-doctor-" + suffix)
              .withLabels(labels)
              .withEntrypoint("sh", "-c", script(url))
              .withCmd(new String[0])
              .withHostConfig(HostConfig.newHostConfig().withNetworkMode(net));
      ExtraHosts.add(create, attachment.extraHosts());
      container = create.exec().getId();
      docker.startContainerCmd(container).exec();
      docker
          .waitContainerCmd(container)
          .exec(new WaitContainerResultCallback())
          .awaitStatusCode(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      String output = logs(container);
      Matcher m = STATUS.matcher(output);
      Optional<Integer> status = Optional.empty();
      while (m.find()) {
        status = Optional.of(Integer.parseInt(m.group(1)));
      }
      String tail = output.strip();
      int cut = tail.lastIndexOf('\n', Math.max(0, tail.length() - 300));
      return new Answer(status, cut > 0 ? tail.substring(cut + 1) : tail);
    } finally {
      if (container != null) {
        try {
          docker.removeContainerCmd(container).withForce(true).exec();
        } catch (NotFoundException e) {
          LOG.debug("probe container {} was already gone", container);
        } catch (RuntimeException e) {
          LOG.warn("cannot remove the probe container {}: {}", container, e.getMessage());
        }
      }
      attachment.close();
      if (createdNet != null) {
        try {
          docker.removeNetworkCmd(createdNet).exec();
        } catch (RuntimeException e) {
          LOG.warn("cannot remove the probe network {}: {}", net, e.getMessage());
        }
      }
    }
  }

  private String logs(String container) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    docker
        .logContainerCmd(container)
        .withStdOut(true)
        .withStdErr(true)
        .exec(
            new ResultCallback.Adapter<Frame>() {
              @Override
              public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
              }
            })
        .awaitCompletion(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return out.toString();
  }

  /**
   * Tries the HTTP clients the image has, in turn, until one prints a status line ({@code HTTP/1.1
   * 204 …} or {@code HTTP 204}): curl, wget, nc, node, bash's {@code /dev/tcp}. A client that fails
   * without an answer (busybox wget crashes on some kernels) passes to the next one.
   */
  static String script(String url) {
    java.net.URI uri = java.net.URI.create(url);
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return "U="
        + quote(url)
        + " H="
        + quote(uri.getHost())
        + " P="
        + port
        + " Q="
        + quote(path)
        + "\n"
        + "try() { out=$(\"$@\" 2>&1); echo \"$out\"; case \"$out\" in *HTTP/*|*'HTTP '[0-9]*)"
        + " exit 0;; esac; }\n"
        + "req() { printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' \"$Q\" \"$H\"; }\n"
        + "ncget() { req | nc -w 20 \"$H\" \"$P\" | head -n 1; }\n"
        + "has() { command -v \"$1\" >/dev/null 2>&1; }\n"
        + "has curl && try curl -sS -m 20 -o /dev/null -w 'HTTP %{http_code}\\n' \"$U\"\n"
        + "has wget && try wget -T 20 -S -O /dev/null \"$U\"\n"
        + "has nc && try ncget\n"
        + "has node && try node -e \"require('http').get(process.argv[1], r =>"
        + " console.log('HTTP ' + r.statusCode)).on('error', e => console.log(e.message))\" \"$U\"\n"
        + "has bash && try bash -c 'exec 3<>/dev/tcp/$1/$2 && printf \"GET %s HTTP/1.0\\r\\nHost:"
        + " %s\\r\\n\\r\\n\" \"$3\" \"$1\" >&3 && head -n 1 <&3' _ \"$H\" \"$P\" \"$Q\"\n"
        + "echo 'no HTTP answer (tried the curl, wget, nc, node and bash the image has)'\n";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
