#!/usr/bin/env bash
# The local AWS emulator for posture's tests and demo: moto's server, patched
# by launcher.py, seeded with the fixture accounts by seed.py.
#
#   emulator.sh install            create localstack/.venv (quick when up to date)
#   emulator.sh start              start on a free loopback port; print its URL
#   emulator.sh seed [ENDPOINT]    reset the emulator and seed the fixture accounts
#   emulator.sh verify [ENDPOINT]  read the fixtures back through the audit role
#   emulator.sh stop               stop the emulator started from this state dir
#   emulator.sh status             print the URL if running (exit 1 if not)
#   emulator.sh demo               start + seed + print what an audit needs
#
# Environment:
#   PORT                  port to bind (default: a free one)
#   POSTURE_EMULATOR_DIR  state dir: pid, endpoint, log, seed.json (default localstack/.run);
#                         give each parallel test run its own
#   PYTHON                interpreter to build the virtualenv with (default python3)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="$HERE/.venv"
VPY="$VENV/bin/python"
REQUIREMENTS="$HERE/requirements.txt"
STAMP="$VENV/.requirements.sha256"
STATE="${POSTURE_EMULATOR_DIR:-$HERE/.run}"
PID_FILE="$STATE/moto.pid"
ENDPOINT_FILE="$STATE/endpoint"
PORT_FILE="$STATE/port"
LOG_FILE="$STATE/moto.log"
START_TIMEOUT=30

die() {
  echo "emulator.sh: $*" >&2
  exit 1
}

note() {
  echo "emulator.sh: $*" >&2
}

requirements_hash() {
  sha256sum "$REQUIREMENTS" | cut -d' ' -f1
}

cmd_install() {
  if [[ -x "$VPY" && -f "$STAMP" && "$(cat "$STAMP")" == "$(requirements_hash)" ]]; then
    return 0
  fi
  local python="${PYTHON:-python3}"
  command -v "$python" >/dev/null 2>&1 || die "$python not found: install Python 3.9+ or set PYTHON"
  if [[ ! -x "$VPY" ]]; then
    note "creating virtualenv $VENV"
    "$python" -m venv "$VENV" || die "could not create $VENV (on Debian: apt-get install python3-venv)"
  fi
  note "installing $(basename "$REQUIREMENTS") into $VENV"
  "$VPY" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS" >&2 \
    || die "pip install -r $REQUIREMENTS failed (see above)"
  requirements_hash >"$STAMP"
}

# The PID in the state dir, if that process is alive and is our launcher.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "launcher.py" || return 1
  fi
  echo "$pid"
}

answers() {
  local url="$1/moto-api/"
  if command -v curl >/dev/null 2>&1; then
    curl --silent --fail --max-time 2 --output /dev/null "$url"
  else
    "$VPY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url" 2>/dev/null
  fi
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    note "already running (pid $pid) for state dir $STATE"
    if [[ -n "${PORT:-}" && "$(cat "$PORT_FILE" 2>/dev/null)" != "$PORT" ]]; then
      note "warning: PORT=$PORT asked, but the running emulator uses $(cat "$PORT_FILE" 2>/dev/null)"
    fi
    cat "$ENDPOINT_FILE"
    return 0
  fi
  cmd_install
  mkdir -p "$STATE"
  rm -f "$PID_FILE" "$ENDPOINT_FILE" "$PORT_FILE"
  local port="${PORT:-0}"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"

  # Detached from this shell's stdin/stdout so `$(emulator.sh start)` returns.
  nohup "$VPY" "$HERE/launcher.py" --host 127.0.0.1 --port "$port" --port-file "$PORT_FILE" \
    </dev/null >"$LOG_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"

  local endpoint="" waited=0
  while ((waited < START_TIMEOUT * 10)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 20 "$LOG_FILE" >&2 || true
      die "the emulator exited during start-up (log: $LOG_FILE)"
    fi
    if [[ -z "$endpoint" && -s "$PORT_FILE" ]]; then
      endpoint="http://127.0.0.1:$(cat "$PORT_FILE")"
    fi
    if [[ -n "$endpoint" ]] && answers "$endpoint"; then
      echo "$endpoint" >"$ENDPOINT_FILE"
      echo "$endpoint"
      return 0
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  kill "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  tail -n 20 "$LOG_FILE" >&2 || true
  die "the emulator did not answer within ${START_TIMEOUT}s (log: $LOG_FILE)"
}

endpoint_arg() {
  if [[ $# -gt 0 && -n "$1" ]]; then
    echo "${1%/}"
  elif [[ -s "$ENDPOINT_FILE" ]]; then
    cat "$ENDPOINT_FILE"
  else
    die "no endpoint given and none in $ENDPOINT_FILE: run 'emulator.sh start' first"
  fi
}

cmd_seed() {
  cmd_install
  local endpoint
  endpoint="$(endpoint_arg "$@")"
  answers "$endpoint" || die "nothing answers at $endpoint: run 'emulator.sh start' first"
  # seed.py's summary (the accounts' ids) is kept in the state dir as seed.json.
  mkdir -p "$STATE"
  "$VPY" "$HERE/seed.py" --endpoint "$endpoint" >"$STATE/seed.json" || die "seeding $endpoint failed (see above)"
  note "seeded $endpoint"
}

cmd_verify() {
  cmd_install
  local endpoint
  endpoint="$(endpoint_arg "$@")"
  answers "$endpoint" || die "nothing answers at $endpoint: run 'emulator.sh start' first"
  "$VPY" "$HERE/verify.py" --endpoint "$endpoint"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE" "$ENDPOINT_FILE" "$PORT_FILE"
    note "not running (state dir $STATE)"
    return 0
  fi
  kill "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null && ((waited < 100)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    note "pid $pid ignored SIGTERM for 10s; sending SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE" "$ENDPOINT_FILE" "$PORT_FILE"
  note "stopped pid $pid"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    cat "$ENDPOINT_FILE"
  else
    note "not running (state dir $STATE)"
    return 1
  fi
}

cmd_demo() {
  local endpoint
  endpoint="$(cmd_start)"
  cmd_seed "$endpoint"
  cat <<EOF
# The emulator runs at $endpoint with two fixture accounts:
#   startup  111111111111  (the guide's Startup-Ready defaults)
#   hardened 222222222222  (the guide fully applied)
# Any credentials work; posture reaches each account through its role.
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
# posture audit --endpoint-url $endpoint --region us-east-1 --role-arn arn:aws:iam::111111111111:role/posture-audit
# posture audit --endpoint-url $endpoint --region us-east-1 --role-arn arn:aws:iam::222222222222:role/posture-audit
# Stop it with: bash $(basename "$HERE")/emulator.sh stop
EOF
}

main() {
  local command="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$command" in
    install) cmd_install "$@" ;;
    start) cmd_start "$@" ;;
    seed) cmd_seed "$@" ;;
    verify) cmd_verify "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    demo) cmd_demo "$@" ;;
    -h | --help | help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' ;;
    "") die "missing command: install | start | seed [ENDPOINT] | verify [ENDPOINT] | stop | status | demo" ;;
    *) die "unknown command '$command': install | start | seed [ENDPOINT] | verify [ENDPOINT] | stop | status | demo" ;;
  esac
}

main "$@"
