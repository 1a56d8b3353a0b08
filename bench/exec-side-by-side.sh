#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `exec` of a one-step Docker job, jrunner against forgejo-runner, run alternately (docs/benchmarks.md,
# "Where it stands"): wall time of each run and the medians.
#   bench/exec-side-by-side.sh [ROUNDS] [--forgejo-runner PATH]     (default 9, /work/tools/forgejo-runner)
# Two jrunner runs first put its AOT cache for `exec` in place (record, then assemble).
# Needs runner-test/busybox:latest and a built jar (./mvnw -q -pl runner-cli -am package -DskipTests).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=9
fr=/work/tools/forgejo-runner
while [ $# -gt 0 ]; do
  case $1 in
    --forgejo-runner) fr=$2; shift 2 ;;
    *) rounds=$1; shift ;;
  esac
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'on: push\njobs:\n  one:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n' >"$dir/one.yml"
cd "$dir"
wall() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1 || echo "failed: $*" >&2
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
for _ in 1 2; do
  "$here/bin/jrunner" exec -W one.yml -i runner-test/busybox:latest >/dev/null 2>&1
  sleep 6 # the assembly of the cache runs detached
done
f=()
j=()
for _ in $(seq 1 "$rounds"); do
  f+=("$(wall "$fr" exec -W one.yml -i runner-test/busybox:latest)")
  j+=("$(wall "$here/bin/jrunner" exec -W one.yml -i runner-test/busybox:latest)")
done
echo "forgejo-runner exec, ms: ${f[*]}; median $(median "${f[@]}")"
echo "jrunner exec, ms:        ${j[*]}; median $(median "${j[@]}")"
