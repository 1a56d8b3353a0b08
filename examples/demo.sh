#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The README's first command: builds jrunner, starts the bundled fake Forgejo on loopback, registers
# a runner with it, runs the daemon until it has taken and reported the example job, then stops the
# daemon with SIGTERM as systemd would. Needs only a JDK 21+ (found by bin/java-home).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export JAVA_HOME; JAVA_HOME=$(bin/java-home)
if [ ! -f runner-cli/target/jrunner.jar ] || ! ls testkit/target/jrunner-testkit-*-all.jar >/dev/null 2>&1; then
  echo "== building jrunner (./mvnw -q install -DskipTests)"
  ./mvnw -q -B install -DskipTests
fi
fake=$(ls testkit/target/jrunner-testkit-*-all.jar | head -1)

label=demo:host
echo "== jrunner exec: the bundled example workflow (examples/hello.yml) in Docker"
if docker version >/dev/null 2>&1; then
  image=busybox:latest
  docker image inspect runner-test/busybox:latest >/dev/null 2>&1 && image=runner-test/busybox:latest
  bin/jrunner exec -W examples/hello.yml -P "demo=$image"
  label="demo:docker://$image"
else
  echo "   (skipped: no Docker engine answers; start Docker to see jobs run)"
fi

work=$(mktemp -d /tmp/jrunner-demo.XXXXXX)
cleanup() { kill "${daemon_pid:-}" "${server_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== starting the fake Forgejo with the example job (examples/hello.yml, runs-on: demo)"
"$JAVA_HOME/bin/java" -jar "$fake" --job-file examples/hello.yml --job-id build --runs-on demo \
  > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do grep -q 'registration token:' "$work/server.log" 2>/dev/null && break; sleep 0.1; done
url=$(awk '/listening on/ {print $NF}' "$work/server.log")
token=$(awk '/registration token:/ {print $NF}' "$work/server.log")
echo "   $url"

cd "$work"
echo "== jrunner register"
"$root/bin/jrunner" register --no-interactive --instance "$url" --token "$token" --name demo-runner --labels "$label"
printf 'runner:\n  fetch_interval: 500ms\n  shutdown_timeout: 30s\n' > config.yaml

echo "== jrunner daemon (its own log follows)"
"$root/bin/jrunner" daemon -c config.yaml &
daemon_pid=$!
for _ in $(seq 1 300); do grep -q '^task ' "$work/server.log" && break; sleep 0.1; done
echo "== the server's view of the task"
grep '^task ' "$work/server.log" || { echo "no task was reported"; exit 1; }
echo "== stopping the daemon with SIGTERM"
kill -TERM "$daemon_pid"; wait "$daemon_pid" || true
daemon_pid=
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
echo "== done (files in $work)"
