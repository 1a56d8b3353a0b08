// SPDX-License-Identifier: Apache-2.0
package io.jrunner.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jrunner.exec.BackendException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The one rule for a Docker failure that reaches a user: what failed, the engine's own words (the
 * {@code message} of its JSON answer), and what to do, as one sentence. No library exception class
 * name ever appears; the exception itself stays attached as the cause for the daemon's log.
 * Stateless.
 */
final class DockerFailures {
  /** A qualified Java class name, as library messages embed them ({@code com.x.FooException}). */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)?\\b:?\\s*");

  private DockerFailures() {}

  /**
   * @param what what was being done, e.g. {@code "cannot start service db"}
   */
  static BackendException of(String what, Throwable e) {
    return new BackendException(what + ": " + reason(e) + "; " + hint(e), e);
  }

  /** The engine's message, or a readable account of the failure, without class names. */
  static String reason(Throwable e) {
    if (e instanceof EngineApiException x && x.status() > 0) {
      return clean(
          x.getMessage(), "the Docker engine refused the request (HTTP " + x.status() + ")");
    }
    String body = e.getMessage() == null ? "" : e.getMessage().strip();
    int brace = body.indexOf('{');
    if (brace >= 0) { // docker-java's "Status NNN: {"message":"…"}"
      try {
        JsonElement json = JsonParser.parseString(body.substring(brace));
        if (json.isJsonObject() && json.getAsJsonObject().has("message")) {
          return json.getAsJsonObject().get("message").getAsString();
        }
      } catch (JsonParseException | IllegalStateException | UnsupportedOperationException x) {
        // not the engine's JSON: the text below
      }
    }
    if (e instanceof DockerException d) {
      return clean(body, "the Docker engine refused the request (HTTP " + d.getHttpStatus() + ")");
    }
    if (unreachable(e)) {
      return "the Docker engine cannot be reached";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root.getClass().getName().startsWith("com.fasterxml.jackson")) {
      return "the request or the Docker engine's answer is malformed (often an empty or invalid"
          + " value, such as an image name that evaluated to '')";
    }
    return clean(root.getMessage(), "the Docker engine failed unexpectedly");
  }

  /**
   * The job container stopped while a step ran in it.
   *
   * @param oomKilled the engine's {@code OOMKilled}
   * @param exitCode the container's exit code, if known
   */
  static BackendException containerStopped(boolean oomKilled, Long exitCode) {
    String code = exitCode == null ? "" : " with exit code " + exitCode;
    return new BackendException(
        oomKilled
            ? "the job container was killed while the step ran: out of memory (the engine"
                + " reports OOMKilled"
                + code
                + "); raise its memory limit (--memory in container.options) or use less"
            : "the job container stopped while the step ran"
                + code
                + " (killed or stopped from outside the runner, or the Docker engine restarted);"
                + " the job cannot go on");
  }

  /** A step killed by the kernel for lack of memory while its container kept running. */
  static String stepOutOfMemory(int exitCode) {
    return "Error: the step was killed (exit code "
        + exitCode
        + "): out of memory (the engine reports an OOM kill in the job container); raise its"
        + " memory limit (--memory in container.options) or use less";
  }

  /** Whether the engine refused a request because the container is not running (its 409). */
  static boolean notRunning(Throwable e) {
    return e instanceof DockerException d
        && d.getHttpStatus() == 409
        && String.valueOf(e.getMessage()).contains("is not running");
  }

  private static String hint(Throwable e) {
    if (notRunning(e)) {
      return "the container has stopped (killed from outside the runner, out of memory, or the"
          + " Docker engine restarted)";
    }
    int status =
        e instanceof EngineApiException x
            ? x.status()
            : e instanceof DockerException d ? d.getHttpStatus() : 0;
    if (status > 0) {
      return switch (status) {
        case 400 -> "check the values in the workflow (image names, ports, volumes, options)";
        case 404 -> "check the image or object name, and that it exists on this engine";
        case 409 -> "an object of that name exists already; retry, or remove the leftover";
        default -> "check the Docker engine's log (journalctl -u docker) and retry";
      };
    }
    if (unreachable(e)) {
      return "check that the Docker engine runs and that container.docker_host points to it";
    }
    return "check the Docker engine's log (journalctl -u docker) and retry";
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof java.nio.file.NoSuchFileException
          || (t instanceof IOException && String.valueOf(t.getMessage()).contains("No such file"))
          || String.valueOf(t.getMessage()).contains("Connection refused")) {
        return true;
      }
    }
    return false;
  }

  private static String clean(String message, String fallback) {
    if (message == null || message.isBlank()) {
      return fallback;
    }
    String cleaned =
        CLASS_NAME
            .matcher(message.strip())
            .replaceAll("")
            .replaceFirst("^Status \\d{3}:\\s*", "")
            .strip();
    return cleaned.isEmpty() ? fallback : cleaned;
  }
}
