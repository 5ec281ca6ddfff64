#!/bin/sh
# Creates the virtual environment. Debian ships venv support separately (python3-venv):
# install it when it is missing and we may (root), else say what to install.
set -e
PYTHON="${1:-python3}"
VENV="${2:-.venv}"
[ -x "$VENV/bin/python" ] && exit 0
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Rotative needs Python 3.11 or newer ($PYTHON is $("$PYTHON" -V 2>&1))." >&2; exit 1; }
if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
  rm -rf "$VENV"
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de python3-venv (Debian)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$PYTHON" -m venv "$VENV"
  else
    echo "Python cannot create a virtual environment: install python3-venv (sudo apt install python3-venv)." >&2
    exit 1
  fi
fi
