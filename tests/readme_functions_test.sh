#!/usr/bin/env bash
# README.md's table under "## Functions" is `actlab list --markdown`, character for character: a
# change to the catalogue fails here until the table is made again with the command.
# Usage: readme_functions_test.sh path/to/actlab path/to/README.md
set -u
actlab=$1
readme=$2
table=$(awk '/^## Functions$/ { found = 1; next } found && /^\|/ { print; started = 1; next } started { exit }' "$readme")
if [ -z "$table" ]; then echo "FAIL: no table under '## Functions' in $readme"; exit 1; fi
if ! listed=$("$actlab" list --markdown); then echo "FAIL: actlab list --markdown failed"; exit 1; fi
if [ "$table" != "$listed" ]; then
  echo "FAIL: the table under '## Functions' in $readme differs from actlab list --markdown (< README, > command):"
  diff <(printf '%s\n' "$table") <(printf '%s\n' "$listed")
  exit 1
fi
echo "readme_functions_test: the README's table is actlab list --markdown"
