#!/usr/bin/env bash
# Controller flow-setup benchmark: natflow on one core, the OpenFlow 1.3 switch emulator
# (io.natflow.bench.emulator) on the other, figures on stdout. Measures; never fails on a time.
#
#   bench/run.sh                               16 switches, window 64, as fast as answered, 10 s + 20 s
#   bench/run.sh --rate 100000                 fixed rate (latency counted from each packet-in's due time)
#   bench/run.sh --switches 4 --window 16 --duration 30 --warmup 5
#   bench/run.sh --jfr var/setup.jfr           also record the controller with JFR
#   CONTROLLER_OPTS="-XX:+UseZGC -Xms8g -Xmx8g" EMULATOR_OPTS="-XX:+UseZGC -Xms4g -Xmx4g" \
#     bench/run.sh --fill 1000000 --max-flows 3000000 --rate 10000
#                                              measure against a controller holding a million live sessions
#
# Options: --switches N  --window W  --rate R (0 = as fast as answered)  --duration S  --warmup S
#          --hosts H (per switch)  --udp-share F  --timeout-ms MS  --jfr FILE  --quiet
#          --fill N (sessions set up before the warm-up)  --max-flows F (flows the emulated switches
#          keep for flow-stats requests, ~300 bytes each, default 100000)  --scrape-ms MS (read the
#          controller's /prometheus every MS during warm-up and measurement, as a Prometheus server would)
#          --list-mappings (a REST client lists every mapping, page by page, in a loop during warm-up
#          and measurement: the setups' latency beside a big listing)
#          --controller-cpu C (default 0)  --emulator-cpu C (default 1)
#          --rules N (each router gets N NAT rules, N - 1 that the traffic passes over before the
#          masquerade rule: the rule decision's worst case; default: natflow's one masquerade rule)
# The controller's /prometheus is always read before and after the measured phase: OpenFlow
# messages per setup.
# Environment: NATFLOW_JAR (default rest-api/target/natflow.jar), BENCH_JAR (default
#   bench/target/benchmarks.jar), JAVA (default java), CONTROLLER_JAVA and EMULATOR_JAVA (the java
#   each JVM runs on, default $JAVA; e.g. CONTROLLER_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#   for generational ZGC, the jars are built for 17), CONTROLLER_OPTS (default -Xms4g -Xmx4g),
#   EMULATOR_OPTS (default -Xms1g -Xmx1g), OPENFLOW_PORT/REST_PORT/ADMIN_PORT (16653/18080/18081:
#   other engineers run the controller on 6653/8080/8081), LOG (default bench/target/controller.log).
# Build first: mvn -B -q -o -pl bench,rest-api -am package -DskipTests
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$ROOT"

JAVA=${JAVA:-java}
CONTROLLER_JAVA=${CONTROLLER_JAVA:-$JAVA}
EMULATOR_JAVA=${EMULATOR_JAVA:-$JAVA}
NATFLOW_JAR=${NATFLOW_JAR:-rest-api/target/natflow.jar}
BENCH_JAR=${BENCH_JAR:-bench/target/benchmarks.jar}
CONTROLLER_OPTS=${CONTROLLER_OPTS:--Xms4g -Xmx4g}
EMULATOR_OPTS=${EMULATOR_OPTS:--Xms1g -Xmx1g}
OPENFLOW_PORT=${OPENFLOW_PORT:-16653}
REST_PORT=${REST_PORT:-18080}
ADMIN_PORT=${ADMIN_PORT:-18081}
LOG=${LOG:-bench/target/controller.log}

switches=16 window=64 rate=0 duration=20 warmup=10 hosts=4096 udp=0.5 timeout=2000 jfr="" quiet=""
fill=0 maxflows=100000 scrape=0 list=()
ccpu=0 ecpu=1 rules=0
while (($#)); do
  case "$1" in
    --switches) switches=$2; shift ;;
    --window) window=$2; shift ;;
    --rate) rate=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --hosts) hosts=$2; shift ;;
    --udp-share) udp=$2; shift ;;
    --timeout-ms) timeout=$2; shift ;;
    --jfr) jfr=$(readlink -f "$2"); shift ;;
    --quiet) quiet=--quiet ;;
    --fill) fill=$2; shift ;;
    --max-flows) maxflows=$2; shift ;;
    --scrape-ms) scrape=$2; shift ;;
    --list-mappings) list=(--list-mappings "http://127.0.0.1:$REST_PORT/api/mappings") ;;
    --controller-cpu) ccpu=$2; shift ;;
    --emulator-cpu) ecpu=$2; shift ;;
    --rules) rules=$2; shift ;;
    -h|--help) sed -n '2,/^# Build first/p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '[bench] %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/controller.sh
. scripts/lib/controller.sh
[[ -f "$NATFLOW_JAR" && -f "$BENCH_JAR" ]] || { say "build first: mvn -B -q -o -pl bench,rest-api -am package -DskipTests"; exit 1; }
ports_free "$OPENFLOW_PORT" "$REST_PORT" "$ADMIN_PORT" || exit 1

mkdir -p "$(dirname "$LOG")"
WORK=$(mktemp -d /tmp/natflow-bench-XXXXXX)
CONFIG=$WORK/natflow.yml
cleanup() {
  stop_controller
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$JAVA" -cp "$BENCH_JAR" io.natflow.bench.emulator.EmulatorMain config --switches "$switches" \
  >"$WORK/routers.yml" 2>/dev/null
rule_list=""
((rules > 0)) && rule_list=$(/usr/bin/python3 scripts/lib/natflow_config.py bench-rules "$rules")
write_controller_config "$CONFIG" "$WORK/routers.yml" "$OPENFLOW_PORT" "$REST_PORT" "$ADMIN_PORT" "$rule_list"

jfr_opts=()
if [[ -n "$jfr" ]]; then
  jfr_opts=(-XX:+FlightRecorder "-XX:StartFlightRecording=delay=$((warmup + 5))s,duration=$((duration > 10 ? duration - 5 : duration))s,settings=profile,filename=$jfr")
fi
CONTROLLER_LAUNCHER=(taskset -c "$ccpu")
# shellcheck disable=SC2086
JAVA=$CONTROLLER_JAVA start_controller "$CONFIG" "$LOG" $CONTROLLER_OPTS ${jfr_opts[@]+"${jfr_opts[@]}"}
wait_controller_listening "$OPENFLOW_PORT" "$LOG" || exit 1

say "$(date -Is) $(nproc) cpus, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
say "controller pid $CONTROLLER_PID on cpu $ccpu ($CONTROLLER_JAVA $CONTROLLER_OPTS), emulator on cpu $ecpu ($EMULATOR_JAVA $EMULATOR_OPTS), rules per router: ${rules/#0/default}"
# shellcheck disable=SC2086
taskset -c "$ecpu" "$EMULATOR_JAVA" $EMULATOR_OPTS -cp "$BENCH_JAR" io.natflow.bench.emulator.EmulatorMain \
  --controller "127.0.0.1:$OPENFLOW_PORT" --switches "$switches" --window "$window" --rate "$rate" \
  --duration "$duration" --warmup "$warmup" --hosts "$hosts" --udp-share "$udp" --timeout-ms "$timeout" $quiet \
  --fill "$fill" --max-flows "$maxflows" --metrics "http://127.0.0.1:$ADMIN_PORT/prometheus" --scrape-ms "$scrape" "${list[@]}" \
  2> >(grep -v '^SLF4J' >&2)
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n "$jfr" ]]; then
  for _ in $(seq 1 50); do [[ -s "$jfr" ]] && break; sleep 0.2; done
  say "JFR recording: $jfr (jfr print --events jdk.ExecutionSample $jfr)"
fi
