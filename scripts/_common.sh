# Shared set-up steps for scripts/run.sh and scripts/test.sh (sourced, not executed).
# Every step is idempotent: it installs only what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
cd "$ROOT"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1; then sudo "$@";
  else die "need root (or sudo) to run: $*"; fi
}

APT_UPDATED=0
apt_install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing system packages (${missing[*]}) and no apt-get to install them"
  say "Installing Debian packages: ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Django 6 needs Python >= 3.12. Take the first interpreter that qualifies.
python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
find_python() {
  local c
  for c in "${PYTHON:-}" python3.12 python3.13 python3.14 python3; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && python_ok "$(command -v "$c")" && { command -v "$c"; return 0; }
  done
  for c in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    [ -x "$c" ] && python_ok "$c" && { echo "$c"; return 0; }
  done
  return 1
}
ensure_python() {
  PY="$(find_python)" && return 0
  local pkg
  for pkg in python3.12 python3.13; do
    if apt-cache show "$pkg" >/dev/null 2>&1; then
      apt_install_missing "$pkg" "$pkg-venv"
      PY="$(find_python)" && return 0
    fi
  done
  die "Python >= 3.12 is required (Django 6). Install python3.12 and re-run, or set PYTHON=/path/to/python3.12."
}

# Libraries WeasyPrint needs, CJK fonts for the PDFs, gettext for the translations.
RUNTIME_DEBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext)

requirements_hash() { cat "$@" constraints.txt 2>/dev/null | sha256sum | cut -d' ' -f1; }

ensure_venv() {
  # $@: requirement files
  ensure_python
  if [ ! -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
    say "Creating virtualenv with $PY"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.requirements.sha" want have
  want="$(requirements_hash "$@")"
  have="$(cat "$stamp" 2>/dev/null || true)"
  # A virtualenv set up by test.sh (runtime + dev requirements) serves run.sh (runtime only) as it is.
  if [ "$have" != "$want" ] && { [ "$*" != requirements.txt ] || [ "$have" != "$(requirements_hash requirements.txt requirements-dev.txt)" ]; }; then
    say "Installing Python packages ($*)"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    local args=()
    for f in "$@"; do args+=(-r "$f"); done
    "$VENV/bin/python" -m pip install -q -c constraints.txt "${args[@]}"
    echo "$want" >"$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

compile_translations() {
  python manage.py compilemessages --ignore '.venv' -v 0
}

# Redis answering PING on host $1, port $2.
redis_up() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2; printf 'PING\\r\\n' >&3; head -c 5 <&3" 2>/dev/null | grep -q PONG
}
