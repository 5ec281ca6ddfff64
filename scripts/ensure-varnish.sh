#!/bin/sh
# The Varnish tests (rotative/core/tests/test_varnish.py) start Debian's varnishd; install it
# when absent and we may (root). Without it they are skipped, unless ROTATIVE_REQUIRE_VARNISH=1.
set -e
if command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation de varnish (Debian) pour les tests du cache…"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null; then
    exit 0
  fi
fi
echo "varnishd absent et installation impossible : les tests de Varnish seront ignorés." >&2
