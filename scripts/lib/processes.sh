# Starting, waiting for and stopping the processes a script runs: sourced by bench/ and monitoring/ scripts, never
# run on its own. A script starts a process in the background, hands its pid to `track`, and calls
# `stop_tracked_on_exit` once: whatever ends the script (its last line, a failed command under set -e, Ctrl-C or a
# TERM) stops every tracked process, newest first, before the script's own cleanup runs. Every wait is bounded.
# shellcheck shell=bash

TRACKED_PIDS=()

# track PID...: stop these on exit.
track() {
  TRACKED_PIDS+=("$@")
}

# untrack PID: it ended on its own (a step waited for), nothing to stop.
untrack() {
  local left=() p
  for p in "${TRACKED_PIDS[@]}"; do [ "$p" = "$1" ] || left+=("$p"); done
  TRACKED_PIDS=("${left[@]}")
}

# stop_process PID [SECONDS]: TERM, up to SECONDS (default 30) to go, then KILL; reaps it when it is our child and
# stops tracking it. Returns at once when it has already gone.
stop_process() {
  local pid=$1 seconds=${2:-30}
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 $((seconds * 2))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  untrack "$pid"
}

# stop_tracked: every tracked process, newest first (a generator before the server it loads).
stop_tracked() {
  local i
  for ((i = ${#TRACKED_PIDS[@]} - 1; i >= 0; i--)); do stop_process "${TRACKED_PIDS[i]}"; done
}

# stop_tracked_on_exit [CLEANUP]: on exit, stops every tracked process, then runs the script's CLEANUP function (if
# any) with the exit status as its argument (to show logs on failure, remove a work directory), and exits with that
# status. INT and TERM exit with 130, so they take the same path.
stop_tracked_on_exit() {
  PROCESSES_CLEANUP=${1:-}
  trap processes_exit EXIT
  trap 'exit 130' INT TERM
}

processes_exit() {
  local status=$?
  trap - EXIT
  stop_tracked
  if [ -n "${PROCESSES_CLEANUP:-}" ]; then "$PROCESSES_CLEANUP" "$status" || true; fi
  exit "$status"
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND (output discarded) every half second until it succeeds, at most
# SECONDS; then says what it gave up waiting for and fails.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq 1 $((seconds * 2))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "gave up after ${seconds}s waiting for $what" >&2
  return 1
}

# wait_for_process PID SECONDS WHAT COMMAND...: wait_for, but gives up at once, saying so, when PID has ended (a
# process that died at start-up is not waited for until the time is up).
wait_for_process() {
  local pid=$1 seconds=$2 what=$3
  shift 3
  for _ in $(seq 1 $((seconds * 2))); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "process $pid ended while waiting for $what" >&2; return 1; }
    sleep 0.5
  done
  echo "gave up after ${seconds}s waiting for $what" >&2
  return 1
}

# free_ports N: N TCP ports of 127.0.0.1 free now, bound all at once so that they differ, on one line.
free_ports() {
  python3 - "$1" <<'PYTHON'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PYTHON
}

# cpu_ticks PID: the CPU time the process has used so far, user and system, in clock ticks (getconf CLK_TCK a second).
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# micros_per_message TICKS MESSAGES_PER_SECOND SECONDS: CPU µs per message, from the ticks a process used over SECONDS
# at that rate, to two decimals.
micros_per_message() {
  awk -v t="$1" -v r="$2" -v s="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz * 1e6 / (r * s)}'
}
