#!/usr/bin/env bash
# Runs the whole test suite (lint + pytest) on real PostgreSQL, Redis, a Celery worker and Chromium.
# Installs whatever is missing first. Extra arguments go to pytest.
source "$(dirname "$0")/_common.sh"

apt_install_missing "${RUNTIME_DEBS[@]}" chromium poppler-utils
# docker-compose.yml is validated by `docker compose config`; Debian's docker-compose when v2 is absent.
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || apt_install_missing docker-compose

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
ensure_postgres() {
  local fresh=0
  if ! command -v pg_lsclusters >/dev/null 2>&1; then apt_install_missing postgresql; fresh=1; fi
  if ! pg_up; then
    say "Starting PostgreSQL"
    local v
    for v in $(ls /etc/postgresql); do
      as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true
    done
    for _ in $(seq 30); do pg_up && break; sleep 1; done
    pg_up || die "PostgreSQL did not come up on 127.0.0.1:5432"
  fi
  if [ "$fresh" = 1 ]; then
    # A packaged PostgreSQL asks for a password on TCP; give the postgres role the one we use.
    as_root su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install_missing redis-server
  if ! redis_up 127.0.0.1 6379; then
    say "Starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 20); do redis_up 127.0.0.1 6379 && break; sleep 0.5; done
    redis_up 127.0.0.1 6379 || die "Redis did not come up on 127.0.0.1:6379"
  fi
}

# The suite always runs on PostgreSQL and Redis; local ones are installed/started when needed.
export DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/portal}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}"
case "$DATABASE_URL" in *@127.0.0.1:5432/*|*@localhost:5432/*) ensure_postgres ;; esac
case "$REDIS_URL" in redis://127.0.0.1:6379*|redis://localhost:6379*) ensure_redis ;; esac

ensure_venv requirements.txt requirements-dev.txt
export DJANGO_SETTINGS_MODULE=portal.settings PORTAL_TESTING=1
compile_translations

say "ruff"
ruff check .
ruff format --check .
say "pytest on $(python -c 'import os,urllib.parse as u; p=u.urlparse(os.environ["DATABASE_URL"]); print(p.scheme+"://"+(p.hostname or "")+":"+str(p.port or ""))') + Redis"
exec python -m pytest "$@"
