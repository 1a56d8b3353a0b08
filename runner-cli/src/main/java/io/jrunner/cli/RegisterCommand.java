// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.Version;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RunnerClient;
import io.jrunner.config.LoadedConfig;
import io.jrunner.config.Registration;
import io.jrunner.config.RegistrationStore;
import io.jrunner.config.RunnerConfig;
import io.jrunner.label.Labels;
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.RegisterResponse;
import io.jrunner.proto.runner.v1.Runner;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrunner register}: Ping, then Register with a registration token, then write {@code
 * .runner} (protocol.md §5.2). Missing values are asked for when a terminal is attached.
 */
@Command(
    name = "register",
    description = "Register this runner with a Forgejo instance and write the .runner file.")
final class RegisterCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--instance", paramLabel = "URL", description = "the Forgejo instance URL")
  String instance;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "the registration token (Site Administration → Actions → Runners → Create new runner);"
              + " also JRUNNER_REGISTRATION_TOKEN")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "read the registration token from a file (keeps it out of the process list)")
  Path tokenFile;

  @Option(names = "--name", description = "the runner's name (default: the host name)")
  String name;

  @Option(
      names = "--labels",
      split = ",",
      paramLabel = "LABEL",
      description =
          "labels, comma-separated: name:docker://image, name:host, or a bare name (default"
              + " image); runner.labels in the config file take precedence")
  List<String> labels;

  @Option(names = "--ephemeral", description = "register for one task only (Forgejo 15 or newer)")
  boolean ephemeral;

  @Option(names = "--no-interactive", description = "never prompt; fail on missing values")
  boolean noInteractive;

  @Option(names = "--force", description = "replace an existing registration")
  boolean force;

  private final CliContext context;

  RegisterCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    LoadedConfig loaded = common.load(context.env());
    RunnerConfig config = loaded.config();
    Path file = config.runner().file();
    Optional<Terminal> terminal = noInteractive ? Optional.empty() : context.terminal();
    if (RegistrationStore.exists(file) && !force) {
      boolean overwrite =
          terminal
              .flatMap(
                  t -> t.readLine("Runner already registered in " + file + ". Overwrite? [y/N] "))
              .map(a -> a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes"))
              .orElse(false);
      if (!overwrite) {
        if (terminal.isPresent()) {
          out("Kept the existing registration in " + file + ".");
          return ExitCode.OK.code();
        }
        throw new UserError(
            ExitCode.CONFIG,
            "this runner is already registered ("
                + file
                + "); pass --force to replace the registration");
      }
    }
    URI address =
        Clients.instance(ask(terminal, instance, "Forgejo instance URL: ", "--instance", false));
    String registrationToken =
        ask(terminal, tokenFromFlags(), "Registration token: ", "--token", true);
    String runnerName =
        Clients.nonBlank(name)
            .or(
                () ->
                    terminal
                        .flatMap(t -> t.readLine("Runner name [" + context.hostname() + "]: "))
                        .flatMap(Clients::nonBlank))
            .orElse(context.hostname());
    Labels parsed = labels(config, terminal);

    RunnerClient client = Clients.anonymous(address, config, context.env());
    InstanceCheck.ping(client, address, runnerName);
    Runner runner = register(client, address, registrationToken, runnerName, parsed);
    if (ephemeral && !runner.getEphemeral()) {
      throw new UserError(
          ExitCode.CONFIG, // not FAILURE: register-from-env must not register again and again
          "the instance registered the runner but not as ephemeral: ephemeral runners need"
              + " Forgejo 15 or newer (the registration was not saved)");
    }
    RegistrationStore.save(
        file,
        new Registration(
            runner.getId(),
            runner.getUuid(),
            runnerName,
            runner.getToken(),
            address.toString(),
            parsed.normalized()));
    out(
        "Registered runner "
            + runnerName
            + " (id "
            + runner.getId()
            + ") with "
            + address
            + "; labels "
            + String.join(", ", parsed.normalized())
            + ". Saved to "
            + file
            + ". Start it with `jrunner daemon"
            + (common.profile == null
                ? ""
                : " --config " + common.config + " --profile " + common.profile)
            + "`.");
    return ExitCode.OK.code();
  }

  private Labels labels(RunnerConfig config, Optional<Terminal> terminal) throws Exception {
    if (!config.runner().labels().isEmpty()) {
      if (labels != null && !labels.isEmpty()) {
        out("Note: runner.labels in the config file take precedence over --labels.");
      }
      return Labels.parseAll(config.runner().labels(), config.runner().defaultImage());
    }
    if (labels != null && !labels.isEmpty()) {
      // forgejo-runner trims each comma-separated label.
      return Labels.parseAll(
          labels.stream().map(String::trim).filter(l -> !l.isEmpty()).toList(),
          config.runner().defaultImage());
    }
    String fallback = "docker:docker://" + config.runner().defaultImage();
    if (terminal.isEmpty()) {
      return Labels.parseAll(List.of(fallback), config.runner().defaultImage());
    }
    while (true) {
      String answer =
          terminal.get().readLine("Labels, comma-separated [" + fallback + "]: ").orElse("");
      List<String> entered =
          answer.isBlank() ? List.of(fallback) : List.of(answer.split("\\s*,\\s*"));
      try {
        return Labels.parseAll(entered, config.runner().defaultImage());
      } catch (io.jrunner.label.LabelException e) {
        out(e.getMessage());
      }
    }
  }

  private Runner register(
      RunnerClient client, URI address, String registrationToken, String runnerName, Labels parsed)
      throws UserError {
    @SuppressWarnings("deprecation") // agent_labels: read by Gitea < 1.20; forgejo-runner sends it
    RegisterRequest request =
        RegisterRequest.newBuilder()
            .setName(runnerName)
            .setToken(registrationToken)
            .setVersion(Version.current())
            .addAllAgentLabels(parsed.names())
            .addAllLabels(parsed.names())
            .setEphemeral(ephemeral)
            .build();
    try {
      RegisterResponse response = client.register(request);
      return response.getRunner();
    } catch (ConnectException e) {
      if (TokenRefusal.isRefusal(e)) {
        throw new UserError(
            ExitCode.CREDENTIALS_REJECTED,
            address
                + " refused the registration token: "
                + e.serverMessage()
                + ". Create a new one (Site Administration → Actions → Runners, or the"
                + " organisation's or repository's Settings → Actions → Runners) and try again",
            e);
      }
      throw InstanceCheck.unreachable(address, e);
    }
  }

  private String tokenFromFlags() throws UserError {
    if (tokenFile != null) {
      try {
        return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new UserError(ExitCode.USAGE, "cannot read --token-file " + tokenFile + ": " + e);
      }
    }
    return Clients.nonBlank(token).orElse(context.env().get("JRUNNER_REGISTRATION_TOKEN"));
  }

  private static String ask(
      Optional<Terminal> terminal, String given, String prompt, String flag, boolean secret)
      throws UserError {
    Optional<String> value = Clients.nonBlank(given);
    while (value.isEmpty() && terminal.isPresent()) {
      Optional<String> answer =
          secret ? terminal.get().readSecret(prompt) : terminal.get().readLine(prompt);
      if (answer.isEmpty()) {
        break; // end of input
      }
      value = Clients.nonBlank(answer.get());
    }
    return value.orElseThrow(
        () -> new UserError(ExitCode.USAGE, flag + " is required (no terminal to ask on)"));
  }

  private void out(String line) {
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }
}
