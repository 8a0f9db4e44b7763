#!/bin/sh
# Unit tests of the router and api modules: frontend/test/run.sh
exec node "$(dirname "$0")/run.mjs" "$@"
