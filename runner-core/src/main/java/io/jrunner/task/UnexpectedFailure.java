// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

/**
 * The job-log line for anything a task's run threw that the engine did not turn into a result (a
 * bug, a {@link StackOverflowError} from hostile input, memory running out): a sentence for the
 * user, never a class name; the daemon's log gets the details. Stateless.
 */
final class UnexpectedFailure {
  private UnexpectedFailure() {}

  static String line(Throwable t) {
    String what =
        switch (t) {
          case StackOverflowError e ->
              "the workflow or its data nest too deeply to be processed (for example a YAML"
                  + " alias that refers to itself); simplify the workflow and run it again";
          case OutOfMemoryError e ->
              "the runner ran out of memory; give it more (-Xmx) or run fewer jobs at once"
                  + " (runner.capacity)";
          default ->
              "an internal error stopped the job; the runner's log has the details (please report"
                  + " it)";
        };
    return "Error: the runner could not run this job: " + what;
  }
}
