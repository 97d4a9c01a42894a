#!/usr/bin/env bash
# The actlab command line: output format, stdin, and errors. Usage: cli_test.sh path/to/actlab
set -u
actlab=$1
failed=0
check() {  # name, expected substring, command...
  local name=$1 expect=$2; shift 2
  local out
  out=$("$@" 2>&1)
  if [[ "$out" != *"$expect"* ]]; then
    echo "FAIL $name: expected '$expect' in:"; echo "$out" | head -20; failed=1
  else
    echo "ok   $name"
  fi
}
check_fails() {  # name, expected substring in stderr, command...
  local name=$1 expect=$2; shift 2
  local out
  if out=$("$@" 2>&1 >/dev/null); then echo "FAIL $name: exit code 0"; failed=1; return; fi
  if [[ "$out" != *"$expect"* ]]; then echo "FAIL $name: expected '$expect' in stderr: $out"; failed=1; else echo "ok   $name"; fi
}
tab=$'\t'
check "list names every activation" "log_softmax" "$actlab" list
check "list shows parameters" "negative_slope=0.01" "$actlab" list
check "eval f32 prints 9 digits" "1${tab}0.731058598" "$actlab" eval sigmoid --x 1:1:1
check "eval f64 prints 17 digits" "1${tab}0.7310585786300049" "$actlab" eval sigmoid --x 1:1:1 --dtype f64
check "relu'(0) = 0" "0${tab}0${tab}0" "$actlab" eval relu --backward --x -1:1:1
check "from output" "2${tab}2${tab}1" "$actlab" eval leaky_relu --from-output --x -2:2:1
check "stdin numbers and specials" "-inf${tab}0" bash -c "printf '0.5\n\nnan\ninf\n-inf\n' | '$actlab' eval sigmoid"
check "stdin nan" "nan${tab}nan" bash -c "printf 'nan\n' | '$actlab' eval sigmoid"
check "spec with parameters" "-1${tab}-0.100000001" "$actlab" eval 'leaky_relu(0.1)' --x -1:0:1
check_fails "malformed stdin line names its number" "line 3" bash -c "printf '1\n2\nabc\n' | '$actlab' eval relu"
check_fails "unknown activation" "unknown activation 'nope'" "$actlab" eval nope --x 0:1:1
check_fails "bad parameter" "negative_slope must be a finite number" "$actlab" eval 'leaky_relu(nan)' --x 0:1:1
check_fails "from-output where undefined" "not a function of y" "$actlab" eval mish --from-output --x 0:1:1
check_fails "bad range" "expected A:B:STEP" "$actlab" eval relu --x 0:1
check_fails "bad dtype" "dtype" "$actlab" eval relu --dtype f16 --x 0:1:1
check_fails "maxout size" "not a multiple of k = 2" "$actlab" eval maxout --x 0:2:1
check "lab lists its experiments" "EXP-21" "$actlab" lab --list
check_fails "lab refuses an unknown experiment" "unknown experiment 'EXP-99'" "$actlab" lab --only EXP-99 --out /tmp/actlab-cli-never
check_fails "plot refuses an unknown activation" "unknown activation 'nope'" "$actlab" plot nope -o /tmp/actlab-cli-plot.svg
check_fails "plot refuses other formats" "must end in .svg or .png" "$actlab" plot relu -o /tmp/actlab-cli-plot.txt
if command -v gnuplot > /dev/null; then
  rm -f /tmp/actlab-cli-plot.svg
  check "plot draws an svg" "wrote /tmp/actlab-cli-plot.svg" "$actlab" plot relu "swish(beta=2)" --derivative -o /tmp/actlab-cli-plot.svg
  [ -s /tmp/actlab-cli-plot.svg ] || { echo "FAIL plot: empty svg"; failed=1; }
fi
if [ $failed -ne 0 ]; then echo "cli_test: FAILED"; exit 1; fi
echo "cli_test: all passed"
