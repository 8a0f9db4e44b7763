#!/usr/bin/env bash
# Hardening tests against the real server binary ($HELPDESK_BIN, default .build/debug/helpdesk).
# Optional: TEST_DATABASE_URL=postgres://... for the PostgreSQL durability test.
# Extra arguments go to pytest, e.g. `tests/hardening/run.sh -k tokens -x`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

# aiosmtpd (the SMTP sink of the mail tests) comes from Debian's python3-aiosmtpd for the system python;
# another python (a pyenv one, say) gets it from PyPI like the rest.
if ! "$python" -c 'import pytest, requests, jwt, schemathesis, aiosmtpd' >/dev/null 2>&1; then
    "$python" -m pip install --quiet --disable-pip-version-check pytest requests pyjwt schemathesis aiosmtpd
fi

cd "$here"
set +e
"$python" -m pytest "$@"
status=$?
set -e
# 5 is "no tests collected": that is a failure here, never a pass.
if [ "$status" -eq 5 ]; then
    echo "run.sh: no tests were collected" >&2
    exit 1
fi
exit "$status"
