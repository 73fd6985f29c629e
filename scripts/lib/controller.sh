# Sourced by run.sh, bench/run.sh and mininet/bench.sh: the natflow controller as a background
# process of the script, on ports checked free first, stopped by its PID only, with its config
# made or read one way (natflow_config.py). The sourcing script defines say() and sets
# NATFLOW_JAR and JAVA; CONTROLLER_LAUNCHER (an array, e.g. (taskset -c 0)) prefixes the java
# command when set.

NATFLOW_SCRIPTS_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONTROLLER_PID=""

# controller_ports CONFIG [PREFIX]: sets ${PREFIX}OPENFLOW_PORT, ${PREFIX}REST_PORT and
# ${PREFIX}ADMIN_PORT to the ports CONFIG sets.
controller_ports() {
  local ports openflow rest admin
  ports=$(/usr/bin/python3 "$NATFLOW_SCRIPTS_LIB/natflow_config.py" ports "$1") \
    || { say "cannot read the ports of $1"; return 1; }
  read -r openflow rest admin <<<"$ports"
  printf -v "${2:-}OPENFLOW_PORT" %s "$openflow"
  printf -v "${2:-}REST_PORT" %s "$rest"
  printf -v "${2:-}ADMIN_PORT" %s "$admin"
}

# write_controller_config OUT ROUTERS OPENFLOW_PORT REST_PORT ADMIN_PORT [ROUTER_EXTRA]: OUT is
# natflow.yml with those ports, quiet logs and the routers of the YAML file ROUTERS; ROUTER_EXTRA
# ("key: value") is added to every router.
write_controller_config() {
  /usr/bin/python3 "$NATFLOW_SCRIPTS_LIB/natflow_config.py" generate --out "$1" --routers "$2" \
    --openflow-port "$3" --rest-port "$4" --admin-port "$5" --router-extra "${6:-}"
}

# Fails (after saying which) if anything listens on one of the given 127.0.0.1 ports.
ports_free() {
  local port
  for port; do
    if nc -z 127.0.0.1 "$port" 2>/dev/null; then say "127.0.0.1:$port is in use"; return 1; fi
  done
}

# start_controller CONFIG LOG [JVM_OPTION...]: starts the jar with CONFIG in the background (Java thread
# priorities reach the OS: the router loops above Netty above the REST threads, see BackgroundPriorityFilter),
# output to LOG, no stdin, fd 9 (a lock the caller may hold) closed; sets CONTROLLER_PID.
start_controller() {
  local config=$1 log=$2
  shift 2
  mkdir -p "$(dirname "$log")"
  ${CONTROLLER_LAUNCHER[@]+"${CONTROLLER_LAUNCHER[@]}"} "$JAVA" -XX:ThreadPriorityPolicy=1 "$@" -jar "$NATFLOW_JAR" server "$config" \
    >"$log" 2>&1 </dev/null 9>&- &
  CONTROLLER_PID=$!
}

# wait_controller_listening PORT LOG: polls (60 s at most) until the controller listens on
# PORT; fails at once, with the end of LOG, if it exits.
wait_controller_listening() {
  local port=$1 log=$2 deadline=$((SECONDS + 60))
  until nc -z 127.0.0.1 "$port" 2>/dev/null; do
    kill -0 "$CONTROLLER_PID" 2>/dev/null || { say "controller exited; log: $log"; tail -20 "$log" >&2; return 1; }
    ((SECONDS < deadline)) || { say "controller did not listen on $port within 60 s; log: $log"; return 1; }
    sleep 0.3
  done
}

# wait_controller_rest URL LOG: polls (60 s at most) until GET URL/api/switches answers.
wait_controller_rest() {
  local url=$1 log=$2 deadline=$((SECONDS + 60))
  until curl -fsS --max-time 2 -o /dev/null "$url/api/switches" 2>/dev/null; do
    kill -0 "$CONTROLLER_PID" 2>/dev/null || { say "controller exited during startup; log: $log"; return 1; }
    ((SECONDS < deadline)) || { say "the controller REST API at $url did not answer within 60 s; log: $log"; return 1; }
    sleep 0.5
  done
}

# SIGTERM, up to 15 s to exit, then SIGKILL; for the scripts' EXIT trap.
stop_controller() {
  if [[ -n "$CONTROLLER_PID" ]] && kill -0 "$CONTROLLER_PID" 2>/dev/null; then
    kill -TERM "$CONTROLLER_PID" 2>/dev/null || true
    for _ in $(seq 1 75); do kill -0 "$CONTROLLER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$CONTROLLER_PID" 2>/dev/null && kill -KILL "$CONTROLLER_PID" 2>/dev/null
    wait "$CONTROLLER_PID" 2>/dev/null || true
  fi
  CONTROLLER_PID=""
}
