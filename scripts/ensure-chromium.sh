#!/bin/sh
# Browser tests drive Debian's chromium; install it when absent and we may (root).
set -e
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation de chromium (Debian) pour les tests navigateur…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
else
  echo "chromium absent et installation impossible (pas root) : les tests navigateur seront ignorés." >&2
fi
