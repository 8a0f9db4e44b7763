#!/usr/bin/env bash
# Installs the named PyPI packages (name==version or name) that python3 cannot import yet.
# Each argument is "import_name:pip_spec".
set -euo pipefail
missing=()
for pair in "$@"; do
  module="${pair%%:*}"; spec="${pair#*:}"
  python3 -c "import $module" 2>/dev/null || missing+=("$spec")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Python packages: ${missing[*]}"
python3 -m pip install -q --disable-pip-version-check "${missing[@]}"
