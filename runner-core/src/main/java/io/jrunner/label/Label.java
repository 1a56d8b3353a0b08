// SPDX-License-Identifier: Apache-2.0
package io.jrunner.label;

import io.jrunner.label.Platform.DockerPlatform;
import io.jrunner.label.Platform.HostPlatform;
import io.jrunner.label.Platform.LxcPlatform;
import java.util.List;
import java.util.Objects;

/**
 * One runner label, {@code name[:schema[:arg]]}, split on the first two colons as forgejo-runner
 * does (protocol.md §5.5). Only {@link #name()} is sent to the server; the platform stays local.
 *
 * <table>
 *   <caption>Accepted forms</caption>
 *   <tr><td>{@code NAME} or {@code NAME:docker}</td><td>container of the default image</td></tr>
 *   <tr><td>{@code NAME:docker://IMAGE}</td><td>container of {@code IMAGE}</td></tr>
 *   <tr><td>{@code NAME:host}</td><td>directly on the host (no argument allowed)</td></tr>
 *   <tr><td>{@code NAME:lxc://TEMPLATE}, {@code NAME:lxc}</td><td>LXC (default
 *       {@code debian:bookworm}); parsed but not executable by jrunner</td></tr>
 * </table>
 *
 * <p>Names may not be empty, nor contain whitespace, commas or control characters. Immutable and
 * thread-safe.
 *
 * @param name the label name matched against {@code runs-on}
 * @param platform where matching jobs run
 */
public record Label(String name, Platform platform) {
  /** The image a bare {@code NAME} (or {@code NAME:docker}) label runs in by default. */
  public static final String DEFAULT_IMAGE = "node:22-bookworm";

  /** The LXC template of {@code NAME:lxc} without an argument (forgejo-runner's default). */
  public static final String DEFAULT_LXC_SPEC = "debian:bookworm";

  public Label {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(platform, "platform");
    if (name.isEmpty() || name.contains(":") || badCharacter(name) != null) {
      throw new IllegalArgumentException("invalid label name \"" + name + "\"");
    }
  }

  /** Parses {@code text}, mapping a bare name to {@link #DEFAULT_IMAGE}. */
  public static Label parse(String text) throws LabelException {
    return parse(text, DEFAULT_IMAGE);
  }

  /**
   * Parses {@code text}.
   *
   * @param defaultImage the image for a bare {@code NAME} or {@code NAME:docker} label (the
   *     configuration's {@code runner.default_image})
   * @throws LabelException if the label is not one of the accepted forms; the message names it
   */
  public static Label parse(String text, String defaultImage) throws LabelException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(defaultImage, "defaultImage");
    String[] parts = text.split(":", 3);
    String name = parts[0];
    String problem = nameProblem(text, name);
    if (problem != null) {
      throw fail(text, problem);
    }
    if (parts.length == 1) {
      return new Label(name, new DockerPlatform(defaultImage));
    }
    String arg = parts.length == 3 ? parts[2] : "";
    return switch (parts[1]) {
      case "docker" -> new Label(name, new DockerPlatform(image(text, arg, defaultImage, "image")));
      case "lxc" ->
          new Label(name, new LxcPlatform(image(text, arg, DEFAULT_LXC_SPEC, "template")));
      case "host" -> {
        if (parts.length == 3) {
          throw fail(text, "the host schema takes no argument (write NAME:host)");
        }
        yield new Label(name, new HostPlatform());
      }
      case "" -> throw fail(text, "the schema after the colon is empty");
      default -> throw fail(text, "unknown schema \"" + parts[1] + "\"");
    };
  }

  /**
   * The full {@code name:schema:arg} form, as forgejo-runner stores labels in {@code .runner}: e.g.
   * {@code docker:docker://node:22-bookworm}, {@code self:host}, {@code c:lxc://debian:bookworm}.
   */
  public String normalized() {
    return switch (platform) {
      case DockerPlatform d -> name + ":docker://" + d.image();
      case HostPlatform h -> name + ":host";
      case LxcPlatform l -> name + ":lxc://" + l.spec();
    };
  }

  /** Same as {@link #normalized()}. */
  @Override
  public String toString() {
    return normalized();
  }

  private static String nameProblem(String text, String name) {
    if (text.isEmpty()) {
      return "the label is empty";
    }
    if (!text.strip().equals(text)) {
      return "it starts or ends with whitespace";
    }
    if (name.isEmpty()) {
      return "the name before the colon is empty";
    }
    String bad = badCharacter(text);
    return bad == null ? null : "it contains " + bad + ", which labels may not contain";
  }

  private static String image(String text, String arg, String fallback, String what)
      throws LabelException {
    if (arg.isEmpty()) {
      return fallback;
    }
    if (!arg.startsWith("//")) {
      throw fail(text, "the " + what + " must be written after // (e.g. NAME:docker://IMAGE)");
    }
    String image = arg.substring(2);
    if (image.isEmpty()) {
      throw fail(text, "the " + what + " after // is empty");
    }
    return image;
  }

  /** Describes the first character labels may not contain, or null if there is none. */
  static String badCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',') {
        return "a comma";
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "whitespace";
      }
      if (Character.isISOControl(c)) {
        return "a control character";
      }
    }
    return null;
  }

  private static LabelException fail(String text, String problem) {
    return new LabelException(List.of("invalid label \"" + text + "\": " + problem));
  }
}
