// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads {@code config.yaml} as forgejo-runner does: missing keys, empty strings and zero or
 * negative durations take the defaults (see {@link RunnerConfig#defaults()}); {@code capacity <= 0}
 * means 1; {@code env_file} (relative to the working directory, like forgejo-runner's CWD) is
 * merged into {@code envs} when it exists. Unlike forgejo-runner it reports unknown keys as
 * warnings and every invalid value at once, each with {@code file:line}.
 *
 * <p>Without a file, the defaults are used and the legacy variables {@code GITEA_DEBUG}, {@code
 * GITEA_TRACE}, {@code GITEA_RUNNER_CAPACITY}, {@code GITEA_RUNNER_FILE}, {@code
 * GITEA_RUNNER_ENVIRON} ({@code k:v,k2:v2}) and {@code GITEA_RUNNER_ENV_FILE} apply; with a file
 * they are ignored with a warning. Instances are immutable and thread-safe.
 */
public final class ConfigLoader {
  private final Map<String, String> environment;
  private final Path workingDirectory;

  /**
   * @param environment the process environment (injected so tests need not touch the real one)
   * @param workingDirectory where relative {@code env_file} and {@code ca_file} paths start
   */
  public ConfigLoader(Map<String, String> environment, Path workingDirectory) {
    this.environment = Map.copyOf(environment);
    this.workingDirectory = workingDirectory.toAbsolutePath();
  }

  /**
   * Loads {@code file} (or, when empty, the defaults and legacy variables of {@code environment})
   * relative to the current directory: what the CLI does.
   *
   * @throws ConfigException listing every problem
   */
  public static LoadedConfig load(Optional<Path> file, Map<String, String> environment)
      throws ConfigException {
    return new ConfigLoader(environment, Path.of("")).load(file.orElse(null));
  }

  /**
   * {@link #load(Optional, Map)} with the profile {@code profile} of {@code profiles:} applied
   * (when present): its {@code runner}, {@code container} and {@code cache} keys over the top-level
   * ones, and its {@code policy}.
   *
   * @throws ConfigException listing every problem, including a profile the file does not define
   */
  public static LoadedConfig load(
      Optional<Path> file, Optional<String> profile, Map<String, String> environment)
      throws ConfigException {
    return new ConfigLoader(environment, Path.of("")).load(file.orElse(null), profile.orElse(null));
  }

  /** A loader for this process: {@code System.getenv()} and the current directory. */
  public static ConfigLoader forProcess() {
    return new ConfigLoader(System.getenv(), Path.of(""));
  }

  /**
   * Loads {@code file}, or the defaults with the legacy environment variables when it is null.
   *
   * @throws ConfigException if the file cannot be read, is not valid YAML, or has invalid values;
   *     it lists every problem found
   */
  public LoadedConfig load(Path file) throws ConfigException {
    return load(file, null);
  }

  /**
   * {@link #load(Path)} with a profile applied.
   *
   * @param profile the name of a profile under {@code profiles:}, or null for none
   * @throws ConfigException as {@link #load(Path)}; also when a profile is asked for without a file
   *     or the file does not define it
   */
  public LoadedConfig load(Path file, String profile) throws ConfigException {
    if (file == null) {
      if (profile != null) {
        throw new ConfigException(
            "--profile",
            List.of(
                "--profile "
                    + profile
                    + " needs a config file (--config FILE) with profiles."
                    + profile
                    + "; "
                    + Profiles.hint(profile)));
      }
      Diagnostics diagnostics = new Diagnostics("environment");
      LegacyEnv legacy = LegacyEnv.read(environment, false, diagnostics);
      return build(null, diagnostics, legacy, null);
    }
    String text;
    try {
      text = Files.readString(workingDirectory.resolve(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of(file + ": config file does not exist"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of(file + ": cannot read config file: " + e));
    }
    return parse(text, file.toString(), profile);
  }

  /**
   * Parses YAML text as if read from a file named {@code source} (used in messages).
   *
   * @throws ConfigException listing every problem
   */
  public LoadedConfig parse(String yaml, String source) throws ConfigException {
    return parse(yaml, source, null);
  }

  /**
   * {@link #parse(String, String)} with the profile {@code profile} applied (null for none).
   *
   * @throws ConfigException listing every problem
   */
  public LoadedConfig parse(String yaml, String source, String profile) throws ConfigException {
    Objects.requireNonNull(yaml, "yaml");
    Diagnostics diagnostics = new Diagnostics(source);
    LegacyEnv legacy = LegacyEnv.read(environment, true, diagnostics);
    Node root = compose(yaml, diagnostics);
    diagnostics.throwIfProblems();
    return build(root, diagnostics, legacy, profile);
  }

  /** The commented example configuration printed by {@code jrunner generate-config}. */
  public static String exampleYaml() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("config.example.yaml")) {
      if (in == null) {
        throw new IllegalStateException("config.example.yaml is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names {@link #exampleYaml(String)} knows. */
  public static final List<String> EXAMPLE_PROFILES = List.of("dev", "prod");

  /**
   * The example configuration followed by a commented {@code profiles:} section holding the
   * starting point of {@code profile} ({@code dev} or {@code prod}), as printed by {@code jrunner
   * generate-config --profile NAME}.
   *
   * @throws IllegalArgumentException for a profile not in {@link #EXAMPLE_PROFILES}
   */
  public static String exampleYaml(String profile) {
    if (!EXAMPLE_PROFILES.contains(profile)) {
      throw new IllegalArgumentException(
          "no example profile " + profile + " (there are " + EXAMPLE_PROFILES + ")");
    }
    try (InputStream in = ConfigLoader.class.getResourceAsStream("profile-" + profile + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("profile-" + profile + ".yaml is missing from the jar");
      }
      return exampleYaml() + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private LoadedConfig build(Node root, Diagnostics diagnostics, LegacyEnv legacy, String profile)
      throws ConfigException {
    LoadContext context = new LoadContext(workingDirectory, environment, legacy);
    YamlSection doc = new YamlSection("", root, diagnostics);
    Node profiles = doc.value("profiles"); // jrunner's; forgejo-runner ignores it
    Profiles.Selected selected =
        profile == null
            ? new Profiles.Selected(Map.of(), PolicySection.open())
            : Profiles.select(doc, profiles, profile);
    CacheSection cache = CacheSection.read(overlaid(doc, selected, "cache"));
    RunnerConfig config =
        new RunnerConfig(
            LogSection.read(doc.section("log"), legacy.logLevel(), context),
            RunnerSection.read(overlaid(doc, selected, "runner"), context),
            profile == null ? cache : cache.forProfile(profile),
            ContainerSection.read(overlaid(doc, selected, "container")),
            HostSection.read(doc.section("host")),
            MetricsSection.read(doc.section("metrics")));
    doc.warnUnknownKeys();
    selected.policy().conflicts(config.container()).forEach(c -> diagnostics.problem(0, c));
    diagnostics.throwIfProblems();
    return new LoadedConfig(config, diagnostics.warnings(), selected.policy());
  }

  private static YamlSection overlaid(YamlSection doc, Profiles.Selected selected, String name) {
    return selected.sections().containsKey(name)
        ? new YamlSection(name, selected.sections().get(name), doc.diagnostics())
        : doc.section(name);
  }

  private static Node compose(String yaml, Diagnostics diagnostics) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(diagnostics.source())
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true) // YamlSection reports duplicates with both lines
            .build();
    try {
      Iterator<Node> documents = new Compose(settings).composeAllFromString(yaml).iterator();
      Node root = documents.hasNext() ? documents.next() : null;
      if (documents.hasNext()) {
        diagnostics.problem(documents.next(), "only one YAML document is allowed");
      }
      return root;
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      diagnostics.problem(line, "invalid YAML: " + e.getProblem() + context);
      return null;
    } catch (YamlEngineException e) {
      diagnostics.problem(0, "invalid YAML: " + e.getMessage());
      return null;
    }
  }
}
