"""Shared by the Python tests: the specs to sweep, inputs with every special value, the CLI.

Run from the build: PYTHONPATH=build/python /usr/bin/python3 -m pytest python/tests (ctest does,
with ACTLAB_CLI naming the actlab program)."""
import os
import subprocess

import numpy as np
import pytest

import actlab

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.environ.get("ACTLAB_CLI", os.path.join(HERE, "..", "..", "build", "actlab"))

# Every activation at its defaults, then the variants the catalogue names, then the fast tier of
# those with fast math of their own and of their variants (the C++ sweep's).
SPECS = actlab.catalog_specs()
ELEMENTWISE = [s for s in SPECS if actlab.Activation(s).info["layout"] in ("elementwise", "channels")]
GATED = [s for s in SPECS if actlab.Activation(s).info["layout"] == "gated"]
DTYPES = [np.float32, np.float64]


def special_values(dtype):
    """Zeros, subnormals, kinks of the catalogue's functions, overflow points, infinities, NaN."""
    info = np.finfo(dtype)
    points = [0.0, info.smallest_subnormal, info.tiny, 1e-30, 1e-8, 1e-3, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0,
              5.0, 6.0, 10.0, 20.0, 30.0, 88.7, 100.0, 710.0, 1e10, 1e30, float(info.max), np.inf]
    values = [v for p in points for v in (p, -p)]
    values += [np.nextafter(dtype(p), dtype(np.inf)) for p in (1, 3, 6, 0.5, 20)]
    values += [np.nextafter(dtype(p), dtype(-np.inf)) for p in (1, 3, 6, 0.5, 20)]
    return np.array(values + [np.nan], dtype=dtype)


def inputs(dtype, n=2000, seed=0):
    """The special values and n more spread over every magnitude, both signs."""
    rng = np.random.default_rng(seed)
    spread = np.sign(rng.standard_normal(n)) * 10.0 ** rng.uniform(-6, 3 if dtype == np.float32 else 6, n)
    return np.concatenate([special_values(dtype), spread.astype(dtype), rng.standard_normal(n).astype(dtype)])


def cli_eval(spec, x, direction):
    """actlab eval over standard input: y (forward) or dy/dx for dy = 1 (backward, from_output)."""
    dtype = "f32" if x.dtype == np.float32 else "f64"
    flags = {"forward": [], "backward": ["--backward"], "from_output": ["--from-output"]}[direction]
    text = "\n".join(repr(float(v)) if np.isfinite(v) else str(float(v)) for v in x)
    out = subprocess.run([CLI, "eval", spec, "--dtype", dtype, *flags], input=text, capture_output=True,
                         text=True, check=True).stdout.splitlines()[1:]
    column = 1 if direction == "forward" else 2
    cells = [line.split("\t")[column] for line in out]
    return np.array([c for c in cells if c != ""], dtype=x.dtype)


def cli_eval_gated(spec, gate, up):
    """actlab eval of a gated activation, every gate paired with the one number `up` (--up):
    y, dy/dgate and dy/dup for dy = 1."""
    dtype = "f32" if gate.dtype == np.float32 else "f64"
    text = "\n".join(repr(float(v)) if np.isfinite(v) else str(float(v)) for v in gate)
    out = subprocess.run([CLI, "eval", spec, "--dtype", dtype, "--backward", "--up", repr(float(up))], input=text,
                         capture_output=True, text=True, check=True).stdout.splitlines()[1:]
    rows = [line.split("\t") for line in out]
    return tuple(np.array([r[c] for r in rows], dtype=gate.dtype) for c in (2, 3, 4))


def halves(up, gate, half):
    """F.glu's layout of two equal 1-d arrays: rows of `half` elements of up, then `half` of the gate."""
    return np.concatenate([up.reshape(-1, half), gate.reshape(-1, half)], axis=1)


def gated_dim(act, default):
    """The row length a gated activation's spec asks for (its dim), else `default`."""
    return int(act.param("dim")) or default


def ulp_error(got, ref):
    """|got - ref| in units in the last place of got's dtype at ref, for a reference ref far more
    exact than that (float64 for float32 results): 0.5 at most where got is correctly rounded."""
    got, ref = np.asarray(got), np.asarray(ref, np.float64)
    info = np.finfo(got.dtype)
    _, e = np.frexp(np.abs(ref))  # |ref| in [2^(e-1), 2^e)
    ulp = np.maximum(np.ldexp(1.0, e - info.nmant - 1), float(info.smallest_subnormal))
    ulp = np.where(ref == 0, float(info.smallest_subnormal), ulp)
    return np.abs(got.astype(np.float64) - ref) / ulp


def same_bits(a, b):
    """Equal element for element, -0 apart from +0, NaN equal to NaN (whatever its payload:
    the CLI prints every NaN as nan)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    nan = np.isnan(a)
    return bool(np.array_equal(nan, np.isnan(b)) and np.array_equal(a[~nan], b[~nan]) and
                np.array_equal(np.signbit(a[~nan]), np.signbit(b[~nan])))


def refused(kind, match, call, *outputs):
    """call() raises `kind` with `match` in its message and leaves every output as it was."""
    before = [o.copy() for o in outputs]
    with pytest.raises(kind, match=match):
        call()
    for o, b in zip(outputs, before):
        assert o.tobytes() == b.tobytes(), "a refused call wrote to its output"


@pytest.fixture(params=DTYPES, ids=["f32", "f64"])
def dtype(request):
    return request.param


@pytest.fixture(autouse=True)
def _restore_threads():
    yield
    actlab.set_num_threads(0)
