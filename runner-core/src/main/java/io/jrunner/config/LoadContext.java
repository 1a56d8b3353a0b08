// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * What one load needs besides the YAML: where relative paths start, the process environment (for
 * dotenv {@code $VAR} expansion) and the legacy environment overrides.
 */
record LoadContext(Path workingDirectory, Map<String, String> environment, LegacyEnv legacy) {}
