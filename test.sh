#!/usr/bin/env bash
# Installs what the tests need on a Debian machine that has Go, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"
. ./scripts/deps.sh
need_packages gcc libgl1-mesa-dev xorg-dev xvfb xauth poppler-utils minisign age
go vet ./...
# The real window needs a display; xvfb-run gives the tests one.
xvfb-run -a -s "-screen 0 1366x768x24" go test -count=1 ./... "$@"
