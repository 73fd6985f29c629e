#!/usr/bin/env bash
# Side-by-side NAT benchmark in Mininet: natflow vs Open vSwitch ct(nat) vs iptables MASQUERADE
# (and static set-field flows as the throughput baseline), one network, one run. Figures: new TCP
# connections/s, connect time vs established round trip, ping RTT, iperf3; medians of --runs runs
# and the ratios natflow/ct and natflow/iptables. See docs/benchmarks.md. Run as root.
#
#   mininet/bench.sh [--runs 3] [--crr-seconds 5] [--threads 8] [--iperf-seconds 5] [--no-wait]
#
# Waits (up to 30 min) until no other Mininet network runs (bridge s1 absent, nothing on
# 127.0.0.1:6653), then uses its own bridges nb1..nb3 and ports 16653/18080/18081. Cleans up by
# PID and bridge name only. Environment: NATFLOW_JAR (default rest-api/target/natflow.jar),
# JAVA, OUT (default bench-results/mininet-<time>.json).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
JAVA=${JAVA:-java}
NATFLOW_JAR=${NATFLOW_JAR:-rest-api/target/natflow.jar}
PY=/usr/bin/python3
OPENFLOW_PORT=16653 REST_PORT=18080 ADMIN_PORT=18081
OUT=${OUT:-bench-results/mininet-$(date +%Y%m%d-%H%M%S).json}
wait_free=true
args=()
while (($#)); do
  case "$1" in
    --no-wait) wait_free=false ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done
say() { printf '[bench.sh] %s\n' "$*" >&2; }
# shellcheck source=bench/lib/controller.sh
. bench/lib/controller.sh
[[ $(id -u) -eq 0 ]] || { say "run as root"; exit 1; }
[[ -f "$NATFLOW_JAR" ]] || { say "build first: mvn -B -q install -DskipTests"; exit 1; }
command -v iptables >/dev/null || { say "iptables is missing: apt-get install iptables"; exit 1; }

if $wait_free; then
  deadline=$((SECONDS + 1800))
  busy() { ovs-vsctl br-exists s1 2>/dev/null || ss -Hltn 'sport = :6653' | grep -q 127.0.0.1; }
  # Free for 30 s in a row: test suites tear s1 down and build it again between tests.
  free_since=-1
  while :; do
    if busy; then free_since=-1; else ((free_since >= 0)) || free_since=$SECONDS; fi
    ((free_since >= 0 && SECONDS - free_since >= 30)) && break
    ((SECONDS < deadline)) || { say "another Mininet network is still running after 30 min"; exit 1; }
    ((free_since < 0)) && say "another Mininet network runs (bridge s1 or 127.0.0.1:6653); waiting"
    sleep 5
  done
fi
ports_free "$OPENFLOW_PORT" "$REST_PORT" "$ADMIN_PORT" || exit 1
for br in nb1 nb2 nb3; do
  if ovs-vsctl br-exists "$br"; then say "bridge $br exists: a run of this script is going on, or left over"; exit 1; fi
done

WORK=$(mktemp -d /tmp/natflow-mnbench-XXXXXX)
cleanup() {
  stop_controller
  for br in nb1 nb2 nb3; do ovs-vsctl --if-exists del-br "$br" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -Wall -pthread -o "$WORK/bench_tool" mininet/bench_tool.c
cat >"$WORK/natflow.yml" <<YAML
openflow: {bindAddress: 127.0.0.1, port: $OPENFLOW_PORT, handshakeTimeout: 10s, echoInterval: 5s, echoMisses: 3, requestTimeout: 10s}
server:
  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: $REST_PORT}]
  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: $ADMIN_PORT}]
logging: {level: WARN, loggers: {io.natflow: INFO, io.natflow.mappings: "OFF"}}
routers:
  - datapathId: "00000000000000b1"
    lanPrefix: 10.0.0.0/24
    routerAddress: 10.0.0.1
    routerMac: "02:00:00:00:00:01"
    lanPorts: [nb1-eth1]
    wanPort: nb1-eth2
    publicAddresses: [203.0.113.1]
    gateway: 203.0.113.254
    portRange: 1024-65535
    perHostQuota: 65536
YAML
"$JAVA" -Xms1g -Xmx2g -jar "$NATFLOW_JAR" server "$WORK/natflow.yml" >"$WORK/controller.log" 2>&1 </dev/null &
CONTROLLER_PID=$!
wait_controller_listening "$OPENFLOW_PORT" "$WORK/controller.log" || exit 1
say "$(date -Is) controller pid $CONTROLLER_PID; load average $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$(dirname "$OUT")"
"$PY" mininet/bench_nat.py --controller-port "$OPENFLOW_PORT" --tool "$WORK/bench_tool" "${args[@]}" >"$OUT.raw"
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" mininet/bench_report.py "$OUT.raw" | tee "${OUT%.json}.txt"
mv "$OUT.raw" "$OUT"
say "raw results: $OUT"
