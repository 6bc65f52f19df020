#!/usr/bin/env bash
# Installs what is missing on a Debian machine that has Go, builds chibo and opens its window.
# With no data yet, the window starts on a demo cell (passphrase: chibo-demo).
set -euo pipefail
cd "$(dirname "$0")"
. ./scripts/deps.sh
need_packages gcc libgl1-mesa-dev xorg-dev
go build -o chibo .
exec ./chibo "$@"
