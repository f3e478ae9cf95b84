#!/usr/bin/env bash
# Install Debian's chromium for the browser tests, when it is missing and we are allowed to (root + apt).
# Playwright never downloads a browser here: the tests drive /usr/bin/chromium.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: chromium is missing and cannot be installed here (needs root and apt-get)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
command -v chromium
