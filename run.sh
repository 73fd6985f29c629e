#!/usr/bin/env bash
# Run natflow: build the jar if it is missing or older than the sources, start the
# controller in the background, start the Mininet topology (mininet/topo.py) against
# it, show the connected switch, send traffic through the NAT (ping, HTTP, iperf3 from the
# LAN to the server behind the upstream router), then hand over to the Mininet CLI. Everything it
# started is stopped on exit (controller by PID, network by topo.py / bridge name).
#
#   ./run.sh               controller + topology + Mininet CLI ("exit" stops all)
#   ./run.sh --no-cli      start, print the status, stop, exit (also when stdin is no tty)
#   ./run.sh --no-demo     skip the traffic demo
#   ./run.sh --rebuild     rebuild the jar even if it looks up to date
#   ./run.sh status        show the switches of an already running controller
#
# Environment: NATFLOW_JAR (a prebuilt jar, used as is), NATFLOW_CONFIG (default natflow.yml), JAVA (default java),
# NATFLOW_LOG (default var/controller.log). The OpenFlow, REST and admin ports are the config's.
set -euo pipefail

ROOT=$(dirname "$(readlink -f "$0")")
cd "$ROOT"

NATFLOW_JAR=${NATFLOW_JAR:-}
JAR=${NATFLOW_JAR:-rest-api/target/natflow.jar}
CONFIG=${NATFLOW_CONFIG:-natflow.yml}
JAVA=${JAVA:-java}
LOG=${NATFLOW_LOG:-var/controller.log}
DPID=0000000000000001
BRIDGE=s1
PY=/usr/bin/python3            # the system python has the mininet module; pyenv's may not

TOPO_PID=""

say() { printf '[run] %s\n' "$*"; }
die() { printf '[run] ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck source=scripts/lib/controller.sh
. scripts/lib/controller.sh
[[ -f "$CONFIG" ]] || die "config $CONFIG not found (set NATFLOW_CONFIG)"
controller_ports "$CONFIG" || die "cannot read the ports of $CONFIG"
REST=http://127.0.0.1:$REST_PORT
ADMIN=http://127.0.0.1:$ADMIN_PORT
pretty() { if command -v jq >/dev/null; then jq .; else "$PY" -m json.tool; fi; }

# ----------------------------------------------------------------------------- status
# Poll (bounded) until the controller lists our switch, then print what it reports.
show_status() {
  local timeout=${1:-30} deadline body
  deadline=$((SECONDS + timeout))
  until body=$(curl -fsS --max-time 3 "$REST/api/switches" 2>/dev/null) \
        && grep -q "\"$DPID\"" <<<"$body"; do
    ((SECONDS < deadline)) || {
      say "switch $DPID not listed by $REST/api/switches after ${timeout}s; it says: ${body:-nothing}"
      return 1
    }
    sleep 0.5
  done
  say "GET $REST/api/switches"
  pretty <<<"$body"
  say "GET $ADMIN/healthcheck"
  curl -sS --max-time 3 "$ADMIN/healthcheck" | pretty || true
  say "flows in $BRIDGE (ovs-ofctl -O OpenFlow13 dump-flows $BRIDGE):"
  ovs-ofctl -O OpenFlow13 dump-flows "$BRIDGE" 2>/dev/null || true
}

if [[ "${1:-}" == status ]]; then
  show_status "${2:-5}"
  exit $?
fi

# ----------------------------------------------------------------------------- options
cli=true demo=true rebuild=false
for arg in "$@"; do
  case "$arg" in
    --no-cli) cli=false ;;
    --no-demo) demo=false ;;
    --rebuild) rebuild=true ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done
[[ -t 0 ]] || cli=false
[[ $(id -u) -eq 0 ]] || die "run as root (Mininet needs it): sudo ./run.sh"
ovs-vsctl --timeout=5 show >/dev/null 2>&1 || die "Open vSwitch is not running: run ./setup.sh"

# ----------------------------------------------------------------------------- cleanup
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$TOPO_PID" ]] && kill -0 "$TOPO_PID" 2>/dev/null; then
    say "stopping the topology (pid $TOPO_PID)"
    kill -TERM "$TOPO_PID" 2>/dev/null || true
    wait "$TOPO_PID" 2>/dev/null || true
  fi
  if [[ -n "$TOPO_STARTED" ]]; then
    ovs-vsctl --if-exists del-br "$BRIDGE" || true
  fi
  if [[ -n "$CONTROLLER_PID" ]] && kill -0 "$CONTROLLER_PID" 2>/dev/null; then
    say "stopping the controller (pid $CONTROLLER_PID)"
    stop_controller
  fi
  if ((rc != 0)); then
    say "FAILED (exit $rc); controller log: $LOG"
    [[ -f "$LOG" ]] && tail -n 40 "$LOG" | sed 's/^/[controller] /' >&2
  fi
  exit "$rc"
}
TOPO_STARTED=""
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------------------- build
jar_outdated() {
  [[ -f "$JAR" ]] || return 0
  [[ -n $(find pom.xml controller nat-app rest-api -newer "$JAR" \
            \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
            -not -path '*/target/*' -print -quit 2>/dev/null) ]]
}
if [[ -n "${NATFLOW_JAR:-}" ]] && ! $rebuild; then
  [[ -f "$JAR" ]] || die "NATFLOW_JAR=$JAR does not exist"
  say "using NATFLOW_JAR=$JAR as is (no build)"
elif $rebuild || jar_outdated; then
  say "building $JAR (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
  [[ -f "$JAR" ]] || die "build finished but $JAR does not exist"
else
  say "jar up to date: $JAR"
fi

# ----------------------------------------------------------------------------- controller
ports_free "$OPENFLOW_PORT" "$REST_PORT" "$ADMIN_PORT" \
  || die "is another natflow controller running? (ss -ltnp 'sport = :$OPENFLOW_PORT')"
say "starting the controller: $JAVA -jar $JAR server $CONFIG (log: $LOG)"
NATFLOW_JAR=$JAR
start_controller "$CONFIG" "$LOG"
say "controller pid $CONTROLLER_PID; waiting for $REST/api/switches"
wait_controller_rest "$REST" "$LOG" || die "the controller did not start"
say "controller up"

# ----------------------------------------------------------------------------- topology
topo_args=(mininet/topo.py --controller-port "$OPENFLOW_PORT" --on-ready "$ROOT/run.sh status 30")
$demo && topo_args+=(--demo)
TOPO_STARTED=yes
if $cli; then
  say "starting the topology; the Mininet CLI follows (\"exit\" stops everything)"
  "$PY" "${topo_args[@]}"
else
  say "starting the topology (no CLI)"
  "$PY" "${topo_args[@]}" --no-cli &
  TOPO_PID=$!
  wait "$TOPO_PID"
  TOPO_PID=""
fi
say "done"
