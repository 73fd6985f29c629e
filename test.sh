#!/usr/bin/env bash
# natflow's test command: unit tests of every module (mvn verify, which also builds
# rest-api/target/natflow.jar), then the Mininet end-to-end tests against that jar.
# Needs root (Mininet) and ./setup.sh done once. Fails loudly on the first failure.
#
#   ./test.sh                    everything
#   ./test.sh -k restart         extra arguments go to pytest
#
# Environment: NATFLOW_JAR (default rest-api/target/natflow.jar), NATFLOW_CONFIG
# (default natflow.yml), MVN_ARGS (extra arguments for mvn, e.g. "-o").
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")"

step=""
on_exit() {
  local rc=$?
  if ((rc != 0)); then
    printf '\n[test] FAILED (exit %d) during: %s\n' "$rc" "${step:-startup}" >&2
  fi
}
trap on_exit EXIT

[[ $(id -u) -eq 0 ]] || { echo "[test] run as root (Mininet needs it): sudo ./test.sh" >&2; exit 1; }

start=$SECONDS
step="unit tests + build: mvn -B verify"
echo "[test] === $step"
# Root and a running ovs-vswitchd are given here (setup.sh): also run the unit test of OpenFlow
# roles against the real switch (bridge nfroles0, deleted by name).
export NATFLOW_OVS_TESTS=1
# shellcheck disable=SC2086
mvn -B ${MVN_ARGS:-} verify
echo "[test] unit tests passed ($((SECONDS - start)) s)"

step="end-to-end tests: /usr/bin/python3 -m pytest -v mininet/"
echo "[test] === $step"
e2e_start=$SECONDS
export NATFLOW_E2E_REQUIRED=1   # never silently skip the Mininet tests here
/usr/bin/python3 -m pytest -v -p no:cacheprovider mininet/ "$@"
echo "[test] end-to-end tests passed ($((SECONDS - e2e_start)) s)"
step=""
echo "[test] ALL PASSED in $((SECONDS - start)) s"
