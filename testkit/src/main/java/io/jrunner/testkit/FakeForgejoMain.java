// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import io.jrunner.testkit.Views.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake Forgejo standalone, so any runner binary (jrunner or forgejo-runner) can be pointed
 * at it for manual checks and benchmarks:
 *
 * <pre>
 * java -jar jrunner-testkit.jar [--port N] [--token T] [--job-file ci.yml --job-id ID
 *     --runs-on a,b [--count N]] [--zombie-timeout 10m-in-seconds] [--exit-after-jobs]
 * </pre>
 *
 * It prints the URL and the registration token, enqueues the jobs, and prints one line per task as
 * it finishes. It runs until interrupted, or with {@code --exit-after-jobs} until every enqueued
 * job has finished.
 */
public final class FakeForgejoMain {
  private FakeForgejoMain() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    String token = null;
    Path jobFile = null;
    String jobId = "build";
    List<String> runsOn = List.of("docker");
    int count = 1;
    long zombieSeconds = 0;
    boolean exitAfterJobs = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--token" -> token = args[++i];
        case "--job-file" -> jobFile = Path.of(args[++i]);
        case "--job-id" -> jobId = args[++i];
        case "--runs-on" -> runsOn = List.of(args[++i].split(","));
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--zombie-timeout" -> zombieSeconds = Long.parseLong(args[++i]);
        case "--exit-after-jobs" -> exitAfterJobs = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    try (FakeForgejoServer server = FakeForgejoServer.start(port, token, Clock.systemUTC())) {
      System.out.println("fake Forgejo listening on " + server.url());
      System.out.println("registration token: " + server.registrationToken());
      System.out.println(
          "register with: jrunner register --no-interactive --instance "
              + server.url()
              + " --token "
              + server.registrationToken()
              + " --labels <name>:host");
      int jobs = 0;
      if (jobFile != null) {
        String yaml = Files.readString(jobFile);
        for (int i = 0; i < count; i++) {
          server.enqueueJob(FakeJob.fromYaml(jobId, runsOn, yaml));
          jobs++;
        }
        System.out.println("enqueued " + jobs + " job(s) " + jobId + " for runs-on " + runsOn);
      }
      System.out.flush();
      CountDownLatch forever = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
      Set<Long> reported = new HashSet<>();
      while (!forever.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (zombieSeconds > 0) {
          server.reapZombies(Duration.ofSeconds(zombieSeconds));
        }
        for (TaskView t : server.tasks()) {
          if (t.done() && t.archived() && reported.add(t.id())) {
            System.out.println(
                "task "
                    + t.id()
                    + " ("
                    + t.jobId()
                    + ") finished: "
                    + t.result()
                    + ", "
                    + t.log().size()
                    + " log line(s): "
                    + String.join(" | ", t.lines()));
            System.out.flush();
          }
        }
        if (exitAfterJobs && jobs > 0 && reported.size() >= jobs) {
          return;
        }
      }
    }
  }
}
