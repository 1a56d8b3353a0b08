// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.model.Capability;
import io.jrunner.config.GoDuration;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code docker create} options jrunner understands in a container's {@code options:} and in
 * {@code container.options}. Anything else is refused. {@link Reach#HOST} options reach past the
 * container (the host's devices, processes, network, capabilities); workflows may use them only
 * when the runner's {@code container.allowed_options} names them.
 */
enum ContainerOption {
  HEALTH_CMD("--health-cmd", null, Kind.TEXT, Reach.SAFE),
  HEALTH_INTERVAL("--health-interval", null, Kind.DURATION, Reach.SAFE),
  HEALTH_TIMEOUT("--health-timeout", null, Kind.DURATION, Reach.SAFE),
  HEALTH_START_PERIOD("--health-start-period", null, Kind.DURATION, Reach.SAFE),
  HEALTH_RETRIES("--health-retries", null, Kind.COUNT, Reach.SAFE),
  NO_HEALTHCHECK("--no-healthcheck", null, Kind.FLAG, Reach.SAFE),
  ENV("--env", "-e", Kind.ASSIGNMENT, Reach.SAFE),
  HOSTNAME("--hostname", "-h", Kind.TEXT, Reach.SAFE),
  USER("--user", "-u", Kind.TEXT, Reach.SAFE),
  WORKDIR("--workdir", "-w", Kind.TEXT, Reach.SAFE),
  ENTRYPOINT("--entrypoint", null, Kind.TEXT, Reach.SAFE),
  MEMORY("--memory", "-m", Kind.BYTES, Reach.SAFE),
  CPUS("--cpus", null, Kind.CPUS, Reach.SAFE),
  SHM_SIZE("--shm-size", null, Kind.BYTES, Reach.SAFE),
  TMPFS("--tmpfs", null, Kind.PATH, Reach.SAFE),
  LABEL("--label", "-l", Kind.TEXT, Reach.SAFE),
  NETWORK_ALIAS("--network-alias", null, Kind.TEXT, Reach.SAFE),
  ADD_HOST("--add-host", null, Kind.TEXT, Reach.SAFE),
  CAP_DROP("--cap-drop", null, Kind.CAPABILITY, Reach.SAFE),
  INIT("--init", null, Kind.FLAG, Reach.SAFE),
  READ_ONLY("--read-only", null, Kind.FLAG, Reach.SAFE),
  /** Checked against {@code container.valid_volumes} like {@code volumes:}. */
  VOLUME("--volume", "-v", Kind.TEXT, Reach.SAFE),
  PRIVILEGED("--privileged", null, Kind.FLAG, Reach.HOST),
  CAP_ADD("--cap-add", null, Kind.CAPABILITY, Reach.HOST),
  DEVICE("--device", null, Kind.TEXT, Reach.HOST),
  SECURITY_OPT("--security-opt", null, Kind.TEXT, Reach.HOST),
  PID("--pid", null, Kind.TEXT, Reach.HOST),
  IPC("--ipc", null, Kind.TEXT, Reach.HOST),
  USERNS("--userns", null, Kind.TEXT, Reach.HOST),
  NETWORK("--network", null, Kind.TEXT, Reach.HOST);

  /** Whether an option stays inside the container. */
  enum Reach {
    SAFE,
    HOST
  }

  /** What an option's value looks like. */
  enum Kind {
    FLAG,
    TEXT,
    PATH,
    ASSIGNMENT,
    DURATION,
    COUNT,
    BYTES,
    CPUS,
    CAPABILITY
  }

  private static final Pattern BYTES_PATTERN =
      Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([bkmgt]?)b?");

  private final String longName;
  private final String shortName;
  private final Kind kind;
  private final Reach reach;

  ContainerOption(String longName, String shortName, Kind kind, Reach reach) {
    this.longName = longName;
    this.shortName = shortName;
    this.kind = kind;
    this.reach = reach;
  }

  /** The long spelling, e.g. {@code --health-cmd}. */
  String longName() {
    return longName;
  }

  Kind kind() {
    return kind;
  }

  Reach reach() {
    return reach;
  }

  /** The option spelled {@code name} ({@code --env}, {@code -e}, {@code --net}...), if any. */
  static Optional<ContainerOption> named(String name) {
    String n =
        switch (name) {
          case "--net" -> "--network";
          case "--net-alias" -> "--network-alias";
          default -> name;
        };
    return Arrays.stream(values())
        .filter(o -> o.longName.equals(n) || n.equals(o.shortName))
        .findFirst();
  }

  /** Every long name, for messages. */
  static List<String> names() {
    return Arrays.stream(values()).map(ContainerOption::longName).toList();
  }

  /**
   * Checks a value's form.
   *
   * @return why it is wrong, or empty when it is right
   */
  Optional<String> check(String value) {
    return switch (kind) {
      case FLAG ->
          value.equals("true") || value.equals("false")
              ? Optional.empty()
              : Optional.of("expects true or false, got \"" + value + "\"");
      case TEXT -> Optional.empty();
      case PATH ->
          value.startsWith("/")
              ? Optional.empty()
              : Optional.of("expects an absolute path, got \"" + value + "\"");
      case ASSIGNMENT ->
          value.indexOf('=') > 0
              ? Optional.empty()
              : Optional.of("expects NAME=value, got \"" + value + "\"");
      case DURATION -> {
        try {
          yield GoDuration.parse(value).isNegative()
              ? Optional.of("expects a duration ≥ 0, got \"" + value + "\"")
              : Optional.empty();
        } catch (IllegalArgumentException e) {
          yield Optional.of("expects a duration such as 10s or 1m30s, got \"" + value + "\"");
        }
      }
      case COUNT ->
          value.matches("\\d{1,9}")
              ? Optional.empty()
              : Optional.of("expects a whole number, got \"" + value + "\"");
      case BYTES ->
          BYTES_PATTERN.matcher(value.strip()).matches()
              ? Optional.empty()
              : Optional.of("expects a size such as 512m or 2g, got \"" + value + "\"");
      case CPUS ->
          value.matches("\\d+(\\.\\d+)?") && new BigDecimal(value).signum() > 0
              ? Optional.empty()
              : Optional.of("expects a number of CPUs such as 1.5, got \"" + value + "\"");
      case CAPABILITY ->
          capability(value).isPresent()
              ? Optional.empty()
              : Optional.of("expects a capability such as NET_ADMIN, got \"" + value + "\"");
    };
  }

  /** {@code 512m} → bytes, as Docker reads sizes (binary units). */
  static long bytes(String value) {
    Matcher m = BYTES_PATTERN.matcher(value.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: " + value);
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift)).longValue();
  }

  /** {@code 1.5} → nano-CPUs. */
  static long nanoCpus(String value) {
    return new BigDecimal(value).movePointRight(9).longValue();
  }

  /** {@code NET_ADMIN}, {@code net_admin} or {@code CAP_NET_ADMIN}, if Docker knows it. */
  static Optional<Capability> capability(String value) {
    String name = value.toUpperCase(Locale.ROOT);
    if (name.startsWith("CAP_")) {
      name = name.substring(4);
    }
    try {
      return Optional.of(Capability.valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
