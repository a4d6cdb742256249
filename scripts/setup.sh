#!/bin/sh
# Set up trialscout in a virtual environment of its own (.venv), with the Debian packages it uses.
#
#   scripts/setup.sh [EXTRAS]      EXTRAS: the pip extras to install, "test" by default
#
# Nothing is installed outside .venv but Debian packages, and those only when run as root with apt-get;
# otherwise the script says which packages are missing and the command that installs them.
set -eu

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
EXTRAS=${1:-test}
# chromium: the report tests open the HTML in a headless browser; tesseract-ocr: the figure digitizer reads
# tick labels and numbers at risk with it.
DEBIAN_PACKAGES=${DEBIAN_PACKAGES:-"chromium tesseract-ocr tesseract-ocr-eng"}

say() { printf 'trialscout setup: %s\n' "$*" >&2; }

is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  # apt_install PKG...: install Debian packages when we may, else say what to run
  if is_root && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian packages: $*"
    if [ -z "${TRIALSCOUT_APT_UPDATED:-}" ]; then
      apt-get update -qq || say "apt-get update failed; trying the install anyway"
      TRIALSCOUT_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    say "missing Debian packages: $*"
    say "install them with: sudo apt-get install $*"
    return 1
  fi
}

missing_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || printf '%s ' "$p"
  done
}

command -v "$PYTHON" >/dev/null 2>&1 || { say "no '$PYTHON' on PATH: trialscout needs Python 3.11 or newer"; exit 1; }
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { say "$("$PYTHON" --version 2>&1) is too old: trialscout needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }

# 1. The virtual environment. Debian splits venv/ensurepip into python3-venv (python3.X-venv).
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if ! apt_install python3-venv "python$ver-venv"; then
      say "could not create $VENV with '$PYTHON -m venv'"
      exit 1
    fi
    "$PYTHON" -m venv "$VENV"
  fi
fi

# 2. Debian packages (optional ones: the project runs without them, the tests that need them say so).
missing=$(missing_debs $DEBIAN_PACKAGES)
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086
  apt_install $missing || say "continuing without: $missing"
fi

# 3. trialscout itself, editable, with its extras, into the venv only.
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[$EXTRAS]"
say "ready: $VENV/bin/trialscout ($("$VENV/bin/trialscout" --version))"
