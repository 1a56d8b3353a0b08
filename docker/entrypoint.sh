#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# jrunner's container entrypoint, run by tini (PID 1, forwards signals, reaps zombies).
# act_runner's contract (its scripts/run.sh), documented in docs/container.md:
#  1. as root: add the group that owns the Docker socket, give /data to the runner user, and
#     re-run this script as that user (setpriv); started as another user, skip this step;
#  2. with arguments, run them as the command (`docker run IMAGE jrunner generate-config`);
#  3. without: register from GITEA_/FORGEJO_/JRUNNER_ variables unless /data holds a
#     registration (`jrunner register-from-env`, which retries while the instance boots),
#     remove the registration token from the environment, then exec the daemon
#     (`jrunner one-job --wait` when GITEA_RUNNER_ONCE is set; without --wait when
#     JRUNNER_ONE_JOB_WAIT=false, as the Helm chart's ephemeral pods run it: docs/scale.md).
#     JRUNNER_PROFILE adds `--profile NAME` to both commands.
set -eu

if [ "$(id -u)" = 0 ] && [ "${JRUNNER_RUN_AS_ROOT:-false}" != true ]; then
  uid=$(id -u jrunner)
  gid=$(id -g jrunner)
  groups=$gid
  socket=${DOCKER_HOST:-unix:///var/run/docker.sock}
  case $socket in
    unix://*) socket=${socket#unix://} ;;
    *) socket= ;;
  esac
  if [ -n "$socket" ] && [ -S "$socket" ]; then
    groups="$groups,$(stat -c %g "$socket")"
  fi
  # act_runner ran as root: hand its state (.runner, cache) over to the runner user.
  if [ "$(stat -c %u /data)" != "$uid" ]; then
    echo "entrypoint: /data belongs to $(stat -c %u:%g /data); giving it to jrunner ($uid:$gid)"
    chown -R "$uid:$gid" /data
  fi
  exec setpriv --reuid="$uid" --regid="$gid" --groups="$groups" --inh-caps=-all -- "$0" "$@"
fi

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

cd /data
if [ -n "${CONFIG_FILE:-}" ]; then
  set -- --config "$CONFIG_FILE"
fi
if [ -n "${JRUNNER_PROFILE:-}" ]; then
  set -- "$@" --profile "$JRUNNER_PROFILE"
fi
jrunner register-from-env "$@"

# As act_runner: the daemon (and every job it starts) never sees the registration token.
unset GITEA_RUNNER_REGISTRATION_TOKEN GITEA_RUNNER_REGISTRATION_TOKEN_FILE \
  FORGEJO_RUNNER_REGISTRATION_TOKEN FORGEJO_RUNNER_REGISTRATION_TOKEN_FILE \
  JRUNNER_RUNNER_REGISTRATION_TOKEN JRUNNER_RUNNER_REGISTRATION_TOKEN_FILE \
  JRUNNER_REGISTRATION_TOKEN

once=${JRUNNER_RUNNER_ONCE:-${FORGEJO_RUNNER_ONCE:-${GITEA_RUNNER_ONCE:-}}}
case $once in
  '' | 0 | false | FALSE | False) exec jrunner daemon "$@" ;;
  *)
    case ${JRUNNER_ONE_JOB_WAIT:-true} in
      false | 0) exec jrunner one-job "$@" ;;
      *) exec jrunner one-job --wait "$@" ;;
    esac
    ;;
esac
