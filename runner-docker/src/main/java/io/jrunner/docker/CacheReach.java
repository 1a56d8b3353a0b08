// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import io.jrunner.exec.BackendException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the containers of a job reach the runner's cache proxy when jrunner itself runs in a
 * container ({@link RunnerContainer}). Jobs get {@code ACTIONS_CACHE_URL=http://<runner host
 * name>:<proxy port>/…}; for each job {@link #attach} connects the runner's container to the job's
 * network (with its host name as alias) unless it is on it already, and hands back the {@code
 * --add-host} entry that makes the name resolve in the job's containers whatever the network: a
 * per-job network, {@code container.network} set to a network's name or {@code bridge}, or {@code
 * host} (then the runner's address on any of its networks, which the host reaches). Host jobs run
 * in the runner's container, where the name is its own.
 *
 * <p>On the start-up client ({@link EngineApi}): the daemon makes one at start when it finds itself
 * in a container, before any job, without loading docker-java.
 *
 * <p>Networks are shared by reference count: the runner's container leaves a network when the last
 * job on it closes its attachment, and only if {@link #attach} connected it. Thread-safe.
 */
public final class CacheReach {
  private static final Logger LOG = LoggerFactory.getLogger(CacheReach.class);

  private final EngineApi docker;
  private final RunnerContainer self;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Joined> joined = new HashMap<>();

  private static final class Joined {
    int users;
    boolean connectedByUs;
    String address;
  }

  /** An attachment of the runner's container to one job's network. */
  public interface Attachment extends AutoCloseable {
    /** Nothing attached (the job's containers have no network). */
    Attachment NONE =
        new Attachment() {
          @Override
          public List<String> extraHosts() {
            return List.of();
          }

          @Override
          public void close() {}
        };

    /** {@code host:address} entries for the job's containers. */
    List<String> extraHosts();

    /** Leaves the network if this was its last user; idempotent; never throws. */
    @Override
    void close();
  }

  public CacheReach(EngineApi docker, RunnerContainer self) {
    this.docker = docker;
    this.self = self;
  }

  /** The name jobs reach the runner's container by. */
  public String host() {
    return self.hostname();
  }

  /** The runner's container. */
  public RunnerContainer container() {
    return self;
  }

  /**
   * Makes the runner's container reachable from containers on {@code network}.
   *
   * @param network a network's name or id, {@code bridge}, {@code host}, {@code none} or {@code
   *     container:<id>}
   * @throws BackendException when the engine refuses to connect the runner's container
   */
  public Attachment attach(String network) throws BackendException {
    if (network.equals("none") || network.startsWith("container:")) {
      return Attachment.NONE;
    }
    if (network.equals("host")) {
      // The host reaches the runner's container on any of its bridges.
      Optional<String> any =
          networks().values().stream()
              .map(EngineApi.Endpoint::ipAddress)
              .filter(a -> a != null && !a.isEmpty())
              .findFirst();
      return any.map(a -> fixed(List.of(self.hostname() + ":" + a))).orElse(Attachment.NONE);
    }
    lock.lock();
    try {
      Joined j = joined.get(network);
      if (j == null) {
        j = new Joined();
        Optional<String> address = addressOn(network);
        if (address.isEmpty()) {
          connect(network);
          j.connectedByUs = true;
          address = addressOn(network);
        }
        j.address = address.orElse("");
        joined.put(network, j);
      }
      j.users++;
      String entry = self.hostname() + ":" + j.address;
      return new Attachment() {
        private boolean closed;

        @Override
        public List<String> extraHosts() {
          return entry.endsWith(":") ? List.of() : List.of(entry);
        }

        @Override
        public void close() {
          lock.lock();
          try {
            if (closed) {
              return;
            }
            closed = true;
            leave(network);
          } finally {
            lock.unlock();
          }
        }
      };
    } finally {
      lock.unlock();
    }
  }

  /**
   * Disconnects the runner's container from every network labelled as one of {@code runnerId}'s
   * jobs' (left connected by a runner that was killed), so that they can be removed.
   *
   * @return how many it left
   */
  public int sweep(String runnerId) {
    int left = 0;
    try {
      // The engine's network listing has no containers (API 1.28+): ask which the runner's are.
      java.util.Set<String> mine =
          networks().values().stream()
              .map(EngineApi.Endpoint::networkId)
              .collect(java.util.stream.Collectors.toSet());
      for (EngineApi.Listed n : docker.networks(ResourceLabels.runnerFilter(runnerId))) {
        if (mine.contains(n.id())) {
          disconnect(n.id());
          left++;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot list the networks of earlier jobs: {}", e.getMessage());
    }
    return left;
  }

  private void leave(String network) {
    Joined j = joined.get(network);
    if (j == null) {
      return;
    }
    j.users--;
    if (j.users > 0) {
      return;
    }
    joined.remove(network);
    if (j.connectedByUs) {
      disconnect(network);
    }
  }

  private void connect(String network) throws BackendException {
    try {
      docker.connect(
          network, self.id(), network.equals("bridge") ? List.of() : List.of(self.hostname()));
      LOG.debug("joined network {} to serve the cache", network);
    } catch (RuntimeException e) {
      throw DockerFailures.of(
          "cannot connect the runner's container to network " + network + " for the cache", e);
    }
  }

  private void disconnect(String network) {
    try {
      docker.disconnect(network, self.id());
    } catch (EngineApiException e) {
      if (e.notFound()) {
        LOG.debug("network {} was already gone", network);
      } else {
        LOG.warn("cannot leave network {}: {}", network, e.getMessage());
      }
    }
  }

  private Optional<String> addressOn(String network) {
    for (Map.Entry<String, EngineApi.Endpoint> e : networks().entrySet()) {
      EngineApi.Endpoint n = e.getValue();
      if ((e.getKey().equals(network) || network.equals(n.networkId()))
          && !n.ipAddress().isEmpty()) {
        return Optional.of(n.ipAddress());
      }
    }
    return Optional.empty();
  }

  private Map<String, EngineApi.Endpoint> networks() {
    try {
      return docker
          .inspectContainer(self.id())
          .map(EngineApi.ContainerState::networks)
          .orElse(Map.of());
    } catch (RuntimeException e) {
      LOG.warn("cannot inspect the runner's container: {}", e.getMessage());
      return Map.of();
    }
  }

  private static Attachment fixed(List<String> hosts) {
    return new Attachment() {
      @Override
      public List<String> extraHosts() {
        return hosts;
      }

      @Override
      public void close() {}
    };
  }
}
