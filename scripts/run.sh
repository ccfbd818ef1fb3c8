#!/usr/bin/env bash
# Sets up everything on a fresh Debian/Ubuntu machine and serves the portal with demo data
# at http://127.0.0.1:8000 (SQLite and in-process tasks unless DATABASE_URL / REDIS_URL are set).
source "$(dirname "$0")/_common.sh"

apt_install_missing "${RUNTIME_DEBS[@]}"
ensure_venv requirements.txt
export DEBUG="${DEBUG:-true}"
compile_translations
python manage.py migrate --noinput -v 0
python manage.py load_demo

if [ -n "${REDIS_URL:-}" ]; then
  say "Starting a Celery worker (REDIS_URL is set)"
  celery -A portal worker -B --loglevel=warning &
  trap 'kill %1 2>/dev/null || true' EXIT
fi
say "Portal at http://${HOST:-127.0.0.1}:${PORT:-8000}/  (Ctrl-C stops it)"
python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
