#!/usr/bin/env bash
# Installs what the browser test (docs/ApiDocsBrowserTest) drives: Debian's chromium, when /usr/bin/chromium is
# missing. A browser build downloaded by a test tool (Playwright's own) cannot be fetched on our machines, Debian's
# package can. CI runs as root; elsewhere sudo is used when it works without a password.
# Exit codes: 0 installed (or already there), 3 apt cannot reach its mirrors, anything else a real failure.
set -uo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-chromium: /usr/bin/chromium is missing and this user cannot run apt-get as root" >&2
  exit 4
fi
export DEBIAN_FRONTEND=noninteractive
# another apt run on the machine holds the lock for a while: wait for it rather than fail
apt_get=("${as_root[@]}" apt-get -q -y -o DPkg::Lock::Timeout=600)

if ! update_log=$("${apt_get[@]}" update 2>&1); then
  echo "$update_log" >&2
  exit 3
fi
if echo "$update_log" | grep -Eq '^(W|E): (Failed to fetch|Some index files failed)'; then
  echo "$update_log" >&2
  exit 3
fi
# fonts-liberation: Chromium's recommended fonts, so that the screenshot shows text as a reader sees it
if ! "${apt_get[@]}" install --no-install-recommends chromium fonts-liberation; then
  exit 1
fi
test -x /usr/bin/chromium
