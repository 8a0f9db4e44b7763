#!/bin/sh
# Browser tests against the real server: tests/browser/run.sh [pytest arguments]
#   HELPDESK_BIN  server binary (default .build/debug/helpdesk)
#   CHROMIUM      browser binary (default /usr/bin/chromium)
set -e
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if ! python3 -c 'import playwright, pytest' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check playwright pytest
fi
if [ ! -f "$repo/frontend/dist/index.html" ]; then
    node "$repo/frontend/build.mjs"
fi

cd "$here"
set +e
python3 -m pytest "$@"
exit $?
