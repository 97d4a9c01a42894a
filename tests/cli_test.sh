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
check_usage_error() {  # name, expected substring in stderr, command...: a usage error exits 1
  local name=$1 expect=$2; shift 2
  local out status
  out=$("$@" 2>&1 >/dev/null)
  status=$?
  if [ $status -ne 1 ]; then echo "FAIL $name: exit status $status, expected 1: $out"; failed=1
  elif [[ "$out" != *"$expect"* ]]; then echo "FAIL $name: expected '$expect' in stderr: $out"; failed=1
  else echo "ok   $name"; fi
}
tab=$'\t'
x40=$(printf 'x%.0s' {1..40})
check "list names every activation" "log_softmax" "$actlab" list
check "list shows parameters" "negative_slope=0.01" "$actlab" list
check "eval f32 prints 9 digits" "1${tab}0.731058598" "$actlab" eval sigmoid --x 1:1:1
check "eval f64 prints 17 digits" "1${tab}0.7310585786300049" "$actlab" eval sigmoid --x 1:1:1 --dtype f64
check "eval bf16 prints the values stored" "-2${tab}-0.200195312" "$actlab" eval "leaky_relu(0.1)" --x -2:-2:1 --dtype bf16
check "eval f16 rounds inputs beyond its range to inf" "inf${tab}inf" "$actlab" eval relu --x 70000:70000:1 --dtype f16
check "accuracy bf16 over every input" "0.5" "$actlab" accuracy sigmoid --direction forward --dtype bf16
check_usage_error "accuracy bf16 is always exhaustive" "is for f32 only" "$actlab" accuracy relu --exhaustive --dtype bf16
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
check_fails "bad dtype" "dtype" "$actlab" eval relu --dtype f8 --x 0:1:1
check_fails "a long malformed line is quoted cut" "line 2: not a number: '$x40...'" bash -c "printf '1\n%0300d\n' 0 | tr 0 x | '$actlab' eval relu"
check_fails "stdin overflow" "line 1: out of range for f64: '1e999'" bash -c "printf '1e999\n' | '$actlab' eval relu --dtype f64"
check_fails "stdin beyond float32" "line 2: out of range for f32: '-1e39'" bash -c "printf '1\n-1e39\n' | '$actlab' eval relu"
check "stdin underflow rounds to zero" "0${tab}0" bash -c "printf '1e-400\n' | '$actlab' eval relu --dtype f64"
check_usage_error "--x overflow" "--x: out of range for f32: '1e999'" "$actlab" eval relu --x 0:1e999:1
check_usage_error "--x B below A" "--x: expected A <= B, got '2:1:1'" "$actlab" eval relu --x 2:1:1
check_usage_error "--x not numbers" "--x: expected A:B:STEP, got 'a:b'" "$actlab" eval relu --x a:b
check_usage_error "--x step 0" "STEP positive" "$actlab" eval relu --x 0:1:0
check_usage_error "--x too many points" "gives 2000001 points (at most 1e6)" "$actlab" eval relu --x 0:2e6:1
check_usage_error "--x a long text is quoted cut" "got '0:1:${x40:4}...'" "$actlab" eval relu --x "0:1:${x40}"
check_usage_error "accuracy --range overflow" "--range: out of range for f64: '1e999'" "$actlab" accuracy relu --range 1e999:2
check_usage_error "plot --x overflow" "--x: out of range for f64: '-1e999'" "$actlab" plot relu --x -1e999:1 -o /tmp/actlab-cli-plot.svg
check_usage_error "a missing argument is a usage error" "spec is required" "$actlab" eval
check "bench prints a row per case" "relu                     forward     f32" "$actlab" bench relu --size 4096 --direction forward --repeats 1
check "bench --dram names the cache it exceeds" "MiB here" "$actlab" bench --help
check_usage_error "bench --dram and --size exclude each other" "excludes" "$actlab" bench relu --dram --size 5
h1=$("$actlab" hash sigmoid --dtype f64 --samples 100000 2>&1); h2=$("$actlab" hash sigmoid --dtype f64 --samples 100000 2>&1)
h3=$("$actlab" hash tanh --dtype f64 --samples 100000 2>&1 | sed "s/^tanh   /sigmoid/")
if [[ "$h1" == "$h2" && "$h1" != "$h3" && "$h1" == *"sigmoid                      from_output f64       100000  "* ]]; then echo "ok   hash: the same outputs, the same listing; others, another"
else echo "FAIL hash: $h1 / $h2 / $h3"; failed=1; fi
check "hash: rows and groups take normal samples" "maxout(k=2)                  forward     f64         1000" "$actlab" hash maxout --dtype f64 --samples 1000
check "hash: whole rows of dim" "softmax(dim=1000)            backward    f64         5000" "$actlab" hash "softmax(dim=1000)" --dtype f64 --samples 5999
check_fails "hash: an unknown name is refused before hashing" "unknown" "$actlab" hash relu nosuch
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
