#!/usr/bin/env bash
# Sets up everything on a fresh Debian/Ubuntu machine and serves the portal with demo data at
# http://$HOST:$PORT/ (127.0.0.1:8000) in the production shape: the web server and, beside it, a Celery worker
# (with beat) for the long work — reports, imports, mail — and the Redis it needs, installed and started here
# when none answers at REDIS_URL. The database is SQLite unless DATABASE_URL is set.
# Ctrl-C (or SIGTERM) stops everything this script started.
source "$(dirname "$0")/_common.sh"

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export DEBUG="${DEBUG:-true}"
RUN_DIR="${RUN_DIR:-$ROOT/var}"  # the worker's log and beat schedule, and our Redis's log

apt_install_missing "${RUNTIME_DEBS[@]}"
ensure_venv requirements.txt
mkdir -p "$RUN_DIR"

# Each child runs in a session of its own (setsid), so that stopping it stops its own children too
# (Django's autoreloader, Celery's pool) and a Ctrl-C reaches only this script, which then stops them in turn.
CHILDREN=()
start_child() {
  setsid "$@" &
  CHILDREN+=("$!")
}
stop_children() {
  trap - EXIT INT TERM
  [ ${#CHILDREN[@]} -eq 0 ] && return 0
  say "Stopping the web server, the worker${STARTED_REDIS:+ and Redis}"
  local pid alive
  for pid in "${CHILDREN[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 100); do
    alive=0
    for pid in "${CHILDREN[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.2
  done
  for pid in "${CHILDREN[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}
trap stop_children EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A Redis of our own when REDIS_URL names this machine and nothing answers there; it lives as long as we do.
STARTED_REDIS=""
if [[ "$REDIS_URL" =~ ^redis://(127\.0\.0\.1|localhost)(:([0-9]+))?(/|$) ]]; then
  redis_host="${BASH_REMATCH[1]}"
  redis_port="${BASH_REMATCH[3]:-6379}"
  command -v redis-server >/dev/null 2>&1 || apt_install_missing redis-server
  if ! redis_up "$redis_host" "$redis_port"; then
    say "Starting Redis on $redis_host:$redis_port"
    start_child redis-server --bind "$redis_host" --port "$redis_port" --save "" --appendonly no \
      --dir "$RUN_DIR" --logfile "$RUN_DIR/redis.log"
    STARTED_REDIS=1
    for _ in $(seq 40); do redis_up "$redis_host" "$redis_port" && break; sleep 0.25; done
    redis_up "$redis_host" "$redis_port" || die "Redis did not start on $redis_host:$redis_port (see $RUN_DIR/redis.log)"
  fi
fi

compile_translations
python manage.py migrate --noinput -v 0
python manage.py load_demo --cases --url "http://$HOST:$PORT/"

say "Starting a Celery worker (log: $RUN_DIR/worker.log)"
start_child celery -A portal worker --beat --schedule "$RUN_DIR/celerybeat-schedule" \
  --concurrency "${WORKER_CONCURRENCY:-2}" --loglevel=INFO >>"$RUN_DIR/worker.log" 2>&1
say "Portal at http://$HOST:$PORT/  (Ctrl-C stops it)"
start_child python manage.py runserver "$HOST:$PORT"

# Until one of them stops (or we are told to stop): then the trap stops the others.
wait -n "${CHILDREN[@]}" || true
die "a part of the portal stopped (see $RUN_DIR/worker.log and the output above); stopping the rest"
