#!/usr/bin/env bash
# Side-by-side NAT benchmark in Mininet: natflow vs Open vSwitch ct(nat) vs static set-field
# flows vs iptables MASQUERADE, one network, --runs rounds. Per lane and run: new TCP conns/s,
# connect p50/p99, and the cost per connection (natflow's counters, OVS coverage, datapath
# upcalls and flows, CPU per thread); then the first packet's path (captures, one client
# thread) and a perf profile of ovs-vswitchd. See docs/benchmarks.md. Run as root.
#
#   mininet/bench.sh [--runs 3] [--conns-per-run 10000] [--crr-seconds 60] [--threads 8]
#                    [--first-packet-conns 500] [--profile-seconds 4] [--iperf-seconds 5]
#                    [--no-wait] [--no-lock]
#
# Takes /tmp/natflow-mininet.lock (flock, the lock the Mininet tests run under) for the whole
# run, waiting up to an hour for it (--no-lock: the caller holds it). Under the lock it waits
# (up to 5 min) for a bridge s1 or a listener on natflow.yml's OpenFlow port left by a run that did not take
# the lock to go (--no-wait: don't), then uses its own bridges nb1..nb3 and ports
# 16653/18080/18081. Cleans up by PID and bridge name only. Environment: NATFLOW_JAR (default
# rest-api/target/natflow.jar), JAVA, OUT (default bench-results/mininet-<time>.json), LABEL
# (stored with the results), KEEP_WORK=1 (keep the captures and perf data), ROUTER_EXTRA (one more
# line of the router's config, e.g. "tcpTransitoryTimeout: 4s", for experiments).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"
JAVA=${JAVA:-java}
NATFLOW_JAR=${NATFLOW_JAR:-rest-api/target/natflow.jar}
PY=/usr/bin/python3
OPENFLOW_PORT=16653 REST_PORT=18080 ADMIN_PORT=18081
OUT=${OUT:-bench-results/mininet-$(date +%Y%m%d-%H%M%S).json}
LOCK=/tmp/natflow-mininet.lock
wait_free=true
take_lock=true
args=()
while (($#)); do
  case "$1" in
    --no-wait) wait_free=false ;;
    --no-lock) take_lock=false ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done
say() { printf '[bench.sh] %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/controller.sh
. scripts/lib/controller.sh
[[ $(id -u) -eq 0 ]] || { say "run as root"; exit 1; }
[[ -f "$NATFLOW_JAR" ]] || { say "build first: mvn -B -q install -DskipTests"; exit 1; }
command -v iptables >/dev/null || { say "iptables is missing: apt-get install iptables"; exit 1; }

if $take_lock; then
  exec 9>>"$LOCK"
  say "$(date -Is) waiting for $LOCK (other engineers' Mininet tests)"
  flock -w 3600 9 || { say "$LOCK still held after an hour"; exit 1; }
  say "$(date -Is) holding $LOCK"
fi
if $wait_free; then
  # Under the lock nobody who takes it builds a network, so s1 here is a run without the lock
  # (or a leftover): wait a bounded time for it, then say so rather than starve.
  deadline=$((SECONDS + 300))
  controller_ports natflow.yml DEFAULT_ || exit 1   # what a run.sh or a test run listens on
  default_openflow=$DEFAULT_OPENFLOW_PORT
  busy() { ovs-vsctl br-exists s1 2>/dev/null || ss -Hltn "sport = :$default_openflow" | grep -q 127.0.0.1; }
  free_since=-1
  while :; do
    if busy; then free_since=-1; else ((free_since >= 0)) || free_since=$SECONDS; fi
    ((free_since >= 0 && SECONDS - free_since >= 5)) && break
    ((SECONDS < deadline)) || { say "bridge s1 or 127.0.0.1:$default_openflow still in use after 5 min (a run without $LOCK, or left over)"; exit 1; }
    ((free_since < 0)) && say "another Mininet network runs (bridge s1 or 127.0.0.1:$default_openflow); waiting"
    sleep 1
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
  if [[ -n "${KEEP_WORK:-}" ]]; then say "captures and perf data kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -Wall -pthread -o "$WORK/bench_tool" mininet/bench_tool.c
cat >"$WORK/routers.yml" <<YAML
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
write_controller_config "$WORK/natflow.yml" "$WORK/routers.yml" "$OPENFLOW_PORT" "$REST_PORT" "$ADMIN_PORT" \
  "${ROUTER_EXTRA:-}" || exit 1
start_controller "$WORK/natflow.yml" "$WORK/controller.log" -Xms1g -Xmx2g
wait_controller_listening "$OPENFLOW_PORT" "$WORK/controller.log" || exit 1
say "$(date -Is) controller pid $CONTROLLER_PID; $(uptime)"
mkdir -p "$(dirname "$OUT")"
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
"$PY" mininet/bench_nat.py --controller-port "$OPENFLOW_PORT" --admin-url "http://127.0.0.1:$ADMIN_PORT" \
  --controller-pid "$CONTROLLER_PID" --tool "$WORK/bench_tool" --work "$WORK" \
  --note "label=${LABEL:-}" --note "jar=$NATFLOW_JAR" --note "jar_sha256=$(sha256sum "$NATFLOW_JAR" | cut -c1-16)" \
  --note "worktree_commit=$commit" --note "java=$("$JAVA" -version 2>&1 | head -1)" \
  --note "router_extra=${ROUTER_EXTRA:-}" --note "uptime_before=$(uptime)" --note "started=$(date -Is)" "${args[@]}" >"$OUT.raw" 9>&-
say "$(date -Is) after: $(uptime)"
"$PY" - "$OUT.raw" "$(uptime)" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc['notes']['uptime_after'] = sys.argv[2]
json.dump(doc, open(sys.argv[1], 'w'), indent=1)
PY
"$PY" mininet/bench_report.py "$OUT.raw" | tee "${OUT%.json}.md"
mv "$OUT.raw" "$OUT"
say "raw results: $OUT"
