#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# systemd-analyze verify on the user units of --check-trusted, with the built
# certview in place of the installed one: verify wants the command to exist.
# Usage: check-systemd-units.sh SERVICE TIMER CERTVIEW
set -eu

service=$1
timer=$2
certview=$3

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -m 0700 "$dir/runtime"

grep -q '^ExecStart=.*/certview --check-trusted --notify$' "$service"
sed "s|^ExecStart=[^ ]*|ExecStart=$certview|" "$service" > "$dir/$(basename "$service")"
cp "$timer" "$dir/"

cd "$dir"
XDG_RUNTIME_DIR="$dir/runtime" systemd-analyze --user verify \
  "$(basename "$service")" "$(basename "$timer")"
