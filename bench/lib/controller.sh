# Sourced by bench/run.sh and mininet/bench.sh: the natflow controller as a background process
# of the script, on ports checked free first, and stopped by its PID only. The sourcing script
# defines say(), starts the jar itself (its own options and config) and sets CONTROLLER_PID.

CONTROLLER_PID=""

# Fails (after saying which) if anything listens on one of the given 127.0.0.1 ports.
ports_free() {
  local port
  for port; do
    if nc -z 127.0.0.1 "$port" 2>/dev/null; then say "127.0.0.1:$port is in use"; return 1; fi
  done
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

# SIGTERM, up to 10 s to exit, then SIGKILL; for the scripts' EXIT trap.
stop_controller() {
  if [[ -n "$CONTROLLER_PID" ]] && kill -0 "$CONTROLLER_PID" 2>/dev/null; then
    kill -TERM "$CONTROLLER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$CONTROLLER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$CONTROLLER_PID" 2>/dev/null || true
  fi
}
