// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.Version;
import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RunnerClient;
import io.jrunner.client.RunnerCredentials;
import io.jrunner.config.OfflineRegistration;
import io.jrunner.config.Registration;
import io.jrunner.config.RegistrationStore;
import io.jrunner.config.RunnerConfig;
import io.jrunner.label.Labels;
import io.jrunner.proto.runner.v1.DeclareRequest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrunner create-runner-file}: offline registration with a secret shared with the server
 * ({@code forgejo forgejo-cli actions register --secret ...}, protocol.md §4.2).
 */
@Command(
    name = "create-runner-file",
    description =
        "Write .runner for a runner pre-registered on the server with a shared secret"
            + " (forgejo forgejo-cli actions register --secret).")
final class CreateRunnerFileCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--instance", required = true, paramLabel = "URL", description = "instance URL")
  String instance;

  @Option(
      names = "--secret",
      required = true,
      paramLabel = "HEX",
      description = "the 40 hex character secret given to forgejo-cli actions register")
  String secret;

  @Option(names = "--name", description = "the runner's name (default: the host name)")
  String name;

  @Option(
      names = "--labels",
      split = ",",
      paramLabel = "LABEL",
      description = "labels to store in .runner (the server keeps those given to forgejo-cli)")
  List<String> labels;

  @Option(
      names = "--connect",
      description = "check the secret with the server (Declare) before writing the file")
  boolean connect;

  @Option(names = "--force", description = "replace an existing registration")
  boolean force;

  private final CliContext context;

  CreateRunnerFileCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    RunnerConfig config = common.load(context.env()).config();
    Path file = config.runner().file();
    if (RegistrationStore.exists(file) && !force) {
      throw new UserError(
          ExitCode.CONFIG,
          "this runner is already registered (" + file + "); pass --force to replace it");
    }
    URI address = Clients.instance(instance);
    String uuid = OfflineRegistration.uuidFromSecret(secret.trim());
    String runnerName = Clients.nonBlank(name).orElse(context.hostname());
    List<String> given =
        labels == null || labels.isEmpty() ? config.runner().labels() : List.copyOf(labels);
    Labels parsed = Labels.parseAll(given, config.runner().defaultImage());
    RunnerCredentials credentials = new RunnerCredentials(uuid, secret.trim());
    RunnerClient client = Clients.authenticated(address, credentials, config, context.env());
    InstanceCheck.ping(client, address, runnerName);
    if (connect) {
      declare(client, address, parsed);
    }
    RegistrationStore.save(
        file,
        new Registration(
            0, uuid, runnerName, secret.trim(), address.toString(), parsed.normalized()));
    spec.commandLine()
        .getOut()
        .println("Wrote " + file + " for runner " + runnerName + " (uuid " + uuid + ").");
    return ExitCode.OK.code();
  }

  private static void declare(RunnerClient client, URI address, Labels parsed) throws Exception {
    try {
      client.declare(
          DeclareRequest.newBuilder()
              .setVersion(Version.current())
              .addAllLabels(parsed.names())
              .build());
    } catch (ConnectException e) {
      if (e.credentialsRejected()) {
        throw new UserError(
            ExitCode.CREDENTIALS_REJECTED,
            address
                + " does not know this secret: run `forgejo forgejo-cli actions register --secret"
                + " <secret>` on the server first",
            e);
      }
      if (e.code() != ConnectCode.UNIMPLEMENTED) {
        throw InstanceCheck.unreachable(address, e);
      }
      // Older than Forgejo 1.21: no Declare to check with; the file is written anyway.
    }
  }
}
