#!/usr/bin/env bash
# nginx for the test of the shipped proxy configuration (deploy/nginx/quizbot.conf, docs/deploy.md): called by
# tests/QuizBot.Tests/DeployConfigTests.cs, or by hand:
#
#   tests/nginx.sh path   installs nginx from the OS packages if it is missing; prints the nginx binary as its last line
#
# The test runs only `nginx -t` (a syntax and consistency check that starts no server). Where nginx is missing the script
# installs Debian's package (apt-get install nginx), as root, which is how CI runs. Where it cannot (not root, no
# apt-get), it exits non-zero with the reason on stderr: the test then fails with it, it is never skipped.
set -euo pipefail

fail() { echo "tests/nginx.sh: $*" >&2; exit 1; }

binary() {
  local candidate
  for candidate in "$(command -v nginx 2>/dev/null || true)" /usr/sbin/nginx; do
    [ -n "$candidate" ] && [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

install_nginx() {
  binary >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || fail "nginx is not installed and this is not root: install it (Debian: sudo apt-get install -y nginx), then run the tests again"
  command -v apt-get >/dev/null || fail "nginx is not installed and apt-get is missing: install nginx with this system's packages"
  echo "tests/nginx.sh: installing nginx from the OS packages (apt-get install nginx)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || fail "apt-get update failed"
  apt-get install -y -qq nginx >&2 || fail "apt-get install nginx failed"
  binary >/dev/null || fail "apt-get installed nginx but no nginx binary is on PATH or in /usr/sbin"
}

case "${1:-}" in
  path) install_nginx; binary ;;
  *) fail "usage: tests/nginx.sh path" ;;
esac
