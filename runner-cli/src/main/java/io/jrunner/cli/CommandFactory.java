// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Builds command objects by constructor injection: a command with a {@code (CliContext)}
 * constructor gets the context; anything else is left to picocli's default factory.
 */
final class CommandFactory implements CommandLine.IFactory {
  private final CliContext context;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  CommandFactory(CliContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
      return constructor.newInstance(context);
    } catch (NoSuchMethodException e) {
      return fallback.create(type);
    }
  }
}
