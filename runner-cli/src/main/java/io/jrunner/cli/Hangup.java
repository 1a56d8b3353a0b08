// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP: jrunner does not reload its configuration (a running job keeps the settings it started
 * with, and the poller's labels are declared once), so a hangup is ignored with a log line instead
 * of the JVM's default, an exit with 129. To apply a new config: {@code systemctl restart jrunner}
 * (a graceful stop, then a start). Documented in docs/operations.md.
 */
final class Hangup {
  private static final Logger LOG = LoggerFactory.getLogger(Hangup.class);

  private Hangup() {}

  /**
   * Installs the handler; where the platform has no SIGHUP (Windows) or the JDK no {@code
   * sun.misc.Signal} (module {@code jdk.unsupported}), the default stays. Reached by reflection:
   * javac warns about the proprietary API on any direct use, and the build allows no warnings.
   */
  static void ignoreWithALogLine() {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object handler =
          java.lang.reflect.Proxy.newProxyInstance(
              Hangup.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  LOG.info(
                      "SIGHUP ignored: jrunner does not reload its configuration; restart it to"
                          + " apply changes (systemctl restart jrunner stops gracefully)");
                  return null;
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> "SIGHUP handler";
                };
              });
      Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("SIGHUP keeps its default: {}", e.toString());
    }
  }
}
