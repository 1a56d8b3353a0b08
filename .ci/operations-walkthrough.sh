#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/operations.md followed literally, on a scratch machine (a CI container): its install block and
# its register block run as written (only INSTANCE and LABELS get values for the test), against the
# standalone fake Forgejo; then the installed unit's ExecStart= runs as the service user in its
# WorkingDirectory=, and the daemon must take the queued task and report it. Everything created is
# removed at the end. Needs root, the built jars (./mvnw package) and a free `jrunner` user name.
# Where sudo is missing, `sudo -u U cmd` runs as `runuser -u U -- cmd` and `sudo cmd` as `cmd`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

[ "$(id -u)" = 0 ] || { echo "walkthrough: needs root (a scratch machine)" >&2; exit 1; }
for p in /var/lib/jrunner /etc/jrunner /opt/jrunner /usr/local/bin/jrunner /var/cache/jrunner \
    /etc/systemd/system/jrunner.service; do
  [ ! -e "$p" ] || { echo "walkthrough: $p exists: not a scratch machine" >&2; exit 1; }
done
! id jrunner >/dev/null 2>&1 || { echo "walkthrough: user jrunner exists" >&2; exit 1; }
getent group docker >/dev/null || { echo "walkthrough: no docker group (install Docker)" >&2; exit 1; }
command -v systemd-analyze >/dev/null || { echo "walkthrough: no systemd-analyze (apt-get install systemd)" >&2; exit 1; }
testkit=$(ls testkit/target/jrunner-testkit-*-all.jar)
[ -f runner-cli/target/jrunner.jar ] || { echo "walkthrough: build first (./mvnw package)" >&2; exit 1; }

if ! command -v sudo >/dev/null; then
  sudo() { if [ "$1" = -u ]; then local u=$2; shift 2; runuser -u "$u" -- "$@"; else "$@"; fi; }
fi

work=$(mktemp -d)
fake_pid="" daemon_pid=""
cleanup() {
  [ -z "$daemon_pid" ] || kill "$daemon_pid" 2>/dev/null || true
  [ -z "$fake_pid" ] || kill "$fake_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  userdel jrunner 2>/dev/null || true
  rm -rf /var/lib/jrunner /etc/jrunner /opt/jrunner /usr/local/bin/jrunner /var/cache/jrunner \
    /etc/systemd/system/jrunner.service "$repo/registration-token" "$work"
}
trap cleanup EXIT

# A documented block between <!-- NAME:start --> and <!-- NAME:end -->, without the fences.
block() { awk "/<!-- $1:start/{f=1;next} /<!-- $1:end/{f=0} f" docs/operations.md | sed '/^```/d'; }

: >"$work/fake.log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$(bin/java-home)/bin/java" -jar "$testkit" --port "$port" --token "$token" --job-file examples/hello.yml \
  --job-id build --runs-on demo --exit-after-jobs >"$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/fake.log" && break; sleep 0.2; done
grep -q "listening on" "$work/fake.log" || { cat "$work/fake.log" >&2; exit 1; }
printf '%s\n' "$token" > registration-token

echo "walkthrough: install block"
eval "$(block walkthrough-install)"
echo "walkthrough: register block"
eval "$(block walkthrough | sed -e "s|^INSTANCE=.*|INSTANCE=http://127.0.0.1:$port/|" \
  -e "s|^LABELS=.*|LABELS='demo:host'|")"
[ ! -e /var/lib/jrunner/registration-token ] || { echo "walkthrough: token file left" >&2; exit 1; }
[ "$(stat -c %U /var/lib/jrunner/.runner)" = jrunner ]

unit=/etc/systemd/system/jrunner.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
workdir=$(sed -n 's/^WorkingDirectory=//p' "$unit")
java_opts=$(sed -n 's/^Environment="JRUNNER_JAVA_OPTS=\(.*\)"$/\1/p' "$unit")
cache_dir=$(sed -n 's/^CacheDirectory=//p' "$unit")
[ -n "$exec_start" ] && [ -n "$workdir" ]
# What systemd does for CacheDirectory=: /var/cache/NAME owned by the service user, in $CACHE_DIRECTORY.
env_args=()
[ -z "$java_opts" ] || env_args+=("JRUNNER_JAVA_OPTS=$java_opts")
if [ -n "$cache_dir" ]; then
  install -d -o jrunner -g jrunner -m 0700 "/var/cache/$cache_dir"
  env_args+=("CACHE_DIRECTORY=/var/cache/$cache_dir")
fi
echo "walkthrough: $exec_start (as jrunner in $workdir)"
# shellcheck disable=SC2086 # ExecStart= is split on spaces, as systemd does
(cd "$workdir" && exec runuser -u jrunner -- env "${env_args[@]}" $exec_start) \
  >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 300); do kill -0 "$fake_pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$fake_pid" 2>/dev/null || ! wait "$fake_pid"; then
  echo "walkthrough: the daemon did not take and report the task" >&2
  cat "$work/fake.log" "$work/daemon.log" >&2
  exit 1
fi
fake_pid=""
grep "finished: RESULT_SUCCESS" "$work/fake.log"
grep -q "hello from jrunner" "$work/fake.log"
grep -q "task 1 finished: success" "$work/daemon.log" || { cat "$work/daemon.log" >&2; exit 1; }
echo "walkthrough: OK"
