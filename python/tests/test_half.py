"""numpy float16 through actlab: every call on every float16 input gives the exact value correctly
rounded (half_reference.py: the float64 result rounded once, mpmath where that is in doubt), but
for results a hair from a rounding boundary, which the library may put on either side (an
expected failure, test_a_hair_from_a_boundary); out= in place, the dtype rules and their
refusals. Values are compared, NaN equal to NaN; the sign of a zero is not (the library does not
promise it for 16-bit results, tests/storage_test.cc)."""
import numpy as np
import pytest

import actlab
from conftest import halves, refused
from half_reference import EXACT, FLOAT16, GATE, mpf, mp, rounded

F16 = np.float16
EVERY = np.arange(1 << 16, dtype=np.uint16).view(F16)  # every float16 bit pattern, NaNs and infinities
FINITE = EVERY[np.isfinite(EVERY)]
SPECS = sorted(EXACT)
GATED = sorted(GATE)


def check(got, f64, exact, x, what=""):
    """got is float16, of f64's shape, and the exact values correctly rounded: f64 (actlab's
    float64 results) rounded once where that is sure, exact(i) (mpmath) deciding elsewhere.
    Where the exact value is a hair (2^-60) from a boundary without being on it, got may be on the
    boundary's other side: the library's last resort, a long double reference, cannot always tell
    (test_a_hair_from_a_boundary)."""
    r = rounded(FLOAT16, f64, exact)
    want = r.bits.view(F16)
    assert got.dtype == F16 and got.shape == want.shape, (got.dtype, got.shape)
    g, w = got.ravel(), want.ravel()
    ok = (g == w) | (np.isnan(g) & np.isnan(w))
    ok[r.hairs] |= g.view(np.uint16)[r.hairs] == r.other
    bad = np.flatnonzero(~ok)[:5]
    assert bad.size == 0, (what, [(float(x.flat[i]), float(g[i]), float(w[i])) for i in bad])


def same_values(a, b):
    """One dtype, the same values, NaN where the other has NaN."""
    return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)


def f64(a):
    return np.asarray(a).astype(np.float64)


def dy_for(n, seed=0):
    """Upstream gradients: float16 values of every magnitude where they matter (1e-4 to 1e3)."""
    rng = np.random.default_rng(seed)
    return (np.sign(rng.standard_normal(n)) * 10.0 ** rng.uniform(-4, 3, n)).astype(F16)


@pytest.mark.parametrize("spec", SPECS)
def test_the_exact_formulas_are_actlabs_functions(spec):
    # The mpmath formulas that decide the doubtful elements are those actlab computes: its
    # float64 results to 1e-13, at kinks, tails and softplus's threshold (20) too.
    act, (f, df, dfy) = actlab.Activation(spec), EXACT[spec]
    x = np.array([-60, -30, -20.5, -19.5, -3, -1, -1e-3, -1e-30, -0.0, 0, 1e-30, 1e-3, 0.5, 1, 3, 19.5, 20.5, 30, 60])

    def close(fn, at, want):
        got = np.array([float(fn(mp.mpf(float(v)))) for v in at])
        assert np.allclose(got, want, rtol=1e-13, atol=1e-300), (at, got, want)

    close(f, x, act.forward(x))
    close(df, x, act.backward(x, np.ones_like(x)))
    if dfy is not None:
        y = act.forward(x)
        close(dfy, y, act.backward_from_output(y, np.ones_like(y)))


def _elementwise(spec):
    """(direction, the float16 result, actlab's float64 result, the exact value of element i, the
    input) of forward, backward and backward from y on every float16 input."""
    act, (f, df, dfy) = actlab.Activation(spec), EXACT[spec]
    dy = dy_for(EVERY.size)
    y = act.forward(EVERY)
    calls = [("forward", y, act.forward(f64(EVERY)), lambda i: f(mpf(EVERY, i)), EVERY),
             ("backward", act.backward(EVERY, dy), act.backward(f64(EVERY), f64(dy)),
              lambda i: mpf(dy, i) * df(mpf(EVERY, i)), EVERY)]
    assert act.has_backward_from_output == (dfy is not None)
    if dfy is not None:  # from the float16 y, as a layer that keeps y has it
        calls.append(("backward_from_output", act.backward_from_output(y, dy),
                      act.backward_from_output(f64(y), f64(dy)), lambda i: mpf(dy, i) * dfy(mpf(y, i)), y))
    return calls


@pytest.mark.parametrize("spec", SPECS)
def test_every_float16_input(spec):
    for name, got, want, exact, x in _elementwise(spec):
        check(got, want, exact, x, name)


def _gated(spec):
    """_elementwise's for the gated on every gate: y, dgate and dup; F.glu's halves give the same."""
    act, (f, df, _) = actlab.Activation(spec), GATE[spec]
    gate, up, dy = EVERY, dy_for(EVERY.size, seed=2), dy_for(EVERY.size, seed=3)
    g = lambda i: mpf(gate, i)  # noqa: E731
    y = act.gated_forward(gate, up)
    dgate, dup = act.gated_backward(gate, up, dy)
    want_dgate, want_dup = act.gated_backward(f64(gate), f64(up), f64(dy))
    # F.glu's halves, rows of 64 up values then 64 gates: the same numbers.
    x = halves(up, gate, 64)
    assert np.array_equal(act.forward(x).ravel(), y, equal_nan=True)
    assert np.array_equal(act.backward(x, dy.reshape(-1, 64)), halves(dup, dgate, 64), equal_nan=True)
    return [("y", y, act.gated_forward(f64(gate), f64(up)), lambda i: mpf(up, i) * f(g(i)), gate),
            ("dgate", dgate, want_dgate, lambda i: mpf(dy, i) * mpf(up, i) * df(g(i)), gate),
            ("dup", dup, want_dup, lambda i: mpf(dy, i) * f(g(i)), gate)]


@pytest.mark.parametrize("spec", GATED)
def test_gated_on_every_float16_gate(spec):
    for name, got, want, exact, x in _gated(spec):
        check(got, want, exact, x, name)


# Some exact values lie a hair from a rounding boundary, closer than a long double's 64 bits
# resolve: where f(gate) is gate less a hair (silu beyond 44, gelu beyond 9), up * f(gate) is
# up * gate, a product of two float16 values that can be a boundary, less a hair: 537 * silu(56)
# = 30072 - 1.4e-20 rounds to 30064, not to the even 30080. Likewise dgate (dy * up * (1 + a
# hair)), and in bfloat16 (test_half_torch.py) glu's dgate near gate 0, dy * up * (1/4 - a hair),
# gelu and silu of a subnormal x, x / 2 + a hair, and sigmoid' from a tiny y, dy * (y - y^2). The
# library's last resort is a long double reference (c.ref in src/narrow_calls.cc, rounded by
# RoundLong in src/narrow.cc), which puts such values on the boundary or on either side; its own
# tests compare with that very reference (tests/storage_test.cc). Run with --runxfail for the count.
class WrongSide(AssertionError):
    """A result a hair from a rounding boundary, rounded to the boundary's other side."""


@pytest.mark.xfail(strict=True, raises=WrongSide, reason="the library's last resort, a long double reference "
                   "(src/narrow_calls.cc), cannot see the side of a boundary a hair away")
def test_a_hair_from_a_boundary():
    hairs, wrong, first = 0, 0, []
    for spec, calls in [(s, _elementwise(s)) for s in SPECS] + [(s, _gated(s)) for s in GATED]:
        for name, got, want, exact, x in calls:
            r = rounded(FLOAT16, want, exact)
            wrong_side = got.view(np.uint16).ravel()[r.hairs] != r.bits.ravel()[r.hairs]
            hairs, wrong = hairs + r.hairs.size, wrong + int(wrong_side.sum())
            first += [f"{spec} {name} at {v}" for v in x.ravel()[r.hairs[wrong_side]][:2]]
    assert hairs > 0, "no result a hair from a boundary: the test tests nothing"  # a failure, not the xfail
    if wrong:
        raise WrongSide(f"{wrong} of {hairs} results a hair from a boundary on its wrong side: {', '.join(first[:6])}")


# Products of float16 values from 2^-4 to 8 are exact in double, and so are sums of a few hundred
# of them: the 16-bit dw (sums in double) is then the exact sum rounded once.
EXACT_SUMS = FINITE[(np.abs(FINITE) >= 2.0**-4) & (np.abs(FINITE) <= 8)]


@pytest.mark.parametrize("shape", [(40, 3, 7), (300,)])
def test_prelu_param_grad_is_the_sum_rounded_once(shape):
    act = actlab.Activation(f"prelu(num_parameters={shape[1] if len(shape) > 1 else 1})")
    rng = np.random.default_rng(1)
    for scale in (2.0**-10, 1.0, 2.0**10):  # sums of 0.02 to 600, then beyond float16's largest (inf)
        x, dy = rng.choice(EXACT_SUMS, shape), (rng.choice(EXACT_SUMS, shape) * scale).astype(F16)
        got = act.param_grad(x, dy)
        by_channel = [a.reshape(shape[0], len(got), -1).swapaxes(0, 1).reshape(len(got), -1) for a in (x, dy)]

        def exact(j):  # sum of dy * x where x < 0, channel j's
            c, d = by_channel[0][j], by_channel[1][j]
            return mp.fsum(mpf(d, k) * mpf(c, k) for k in range(c.size) if c[k] < 0)

        check(got, act.param_grad(f64(x), f64(dy)), exact, np.arange(len(got)))


def test_swish_param_grad_is_within_one_step():
    # d/dbeta's terms come from the float32 kernel (tests/storage_test.cc: within one 16-bit step
    # of float32's sum): not the exact value correctly rounded, within one step of it.
    act = actlab.Activation("swish(beta=1.5)")
    rng = np.random.default_rng(2)
    for scale in (1e-3, 1.0, 30.0):
        x, dy = rng.choice(FINITE[np.abs(FINITE) < 8], (64, 16)), (rng.standard_normal((64, 16)) * scale).astype(F16)
        got = act.param_grad(x, dy)
        assert got.dtype == F16 and got.shape == (1,)
        want = FLOAT16.round(act.param_grad(f64(x), f64(dy)))
        assert abs(int(got.view(np.uint16)[0]) - int(want[0])) <= 1, (scale, got, want.view(F16))


def test_rows_and_groups_in_float16():
    rng = np.random.default_rng(4)
    x = rng.choice(FINITE[np.abs(FINITE) < 12], (50, 10))
    dy = dy_for(x.size).reshape(x.shape)

    def row(a, i):  # element i's row (of 10), exact
        return [mpf(a, k) for k in range(i // 10 * 10, i // 10 * 10 + 10)]

    def softmax_of(i):
        return mp.exp(mpf(x, i)) / mp.fsum(mp.exp(v) for v in row(x, i))

    def softmax_slope(i):  # dx = y (dy - sum(dy y))
        ys = [mp.exp(v) / mp.fsum(mp.exp(u) for u in row(x, i)) for v in row(x, i)]
        return softmax_of(i) * (mpf(dy, i) - mp.fsum(d * y for d, y in zip(row(dy, i), ys)))

    softmax = actlab.Activation("softmax")
    check(softmax.forward(x), softmax.forward(f64(x)), softmax_of, x)
    check(softmax.backward(x, dy), softmax.backward(f64(x), f64(dy)), softmax_slope, x)
    log_softmax = actlab.Activation("log_softmax")
    check(log_softmax.forward(x), log_softmax.forward(f64(x)),
          lambda i: mpf(x, i) - mp.log(mp.fsum(mp.exp(v) for v in row(x, i))), x)
    maxout = actlab.Activation("maxout(k=5)")  # each group's largest, an input: exact
    assert np.array_equal(maxout.forward(x), x.reshape(50, 2, 5).max(axis=-1))
    assert same_values(actlab.softmax(x.T, axis=0), actlab.softmax(x).T)  # a moved axis, the same rows


def test_module_functions_and_layer_keep_float16():
    x = np.random.default_rng(5).choice(EVERY, (64, 64))
    check(actlab.gelu(x), actlab.gelu(f64(x)), lambda i: EXACT["gelu"][0](mpf(x, i)), x)
    assert same_values(actlab.swiglu(x, axis=0), actlab.swiglu(np.ascontiguousarray(x.T)).T)
    layer = actlab.Layer("prelu(num_parameters=64)")
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == F16 and dx.dtype == F16
    assert layer.grad.dtype == np.float64  # the learnable values stay double, float16 gradients added in


def test_out_is_written_in_place():
    act = actlab.Activation("sigmoid")
    out = np.empty_like(EVERY)
    assert act.forward(EVERY, out=out) is out
    assert same_values(out, act.forward(EVERY))
    x = EVERY.copy()
    assert act.forward(x, out=x) is x
    assert same_values(x, out)
    dy = dy_for(EVERY.size)
    dx = dy.copy()
    assert act.backward(EVERY, dx, out=dx) is dx  # dx may be dy's very buffer
    assert same_values(dx, act.backward(EVERY, dy))
    y = np.empty(EVERY.size // 2, F16)
    swiglu = actlab.Activation("swiglu")
    assert swiglu.gated_forward(EVERY[::2], EVERY[1::2], out=y) is y
    assert same_values(y, swiglu.gated_forward(EVERY[::2].copy(), EVERY[1::2].copy()))


def test_inputs_that_are_not_contiguous_are_read_through_a_copy():
    x = EVERY.reshape(256, 256)
    got = actlab.gelu(x.T)
    assert got.flags.c_contiguous and same_values(got, actlab.gelu(np.ascontiguousarray(x.T)))


def test_mixed_dtypes_are_refused_as_for_float32():
    # float32's and float64's rule: every array of a call in one dtype, none converted (lists and
    # Python numbers are float64).
    act = actlab.Activation("gelu")
    x = np.ones(4, F16)
    with pytest.raises(TypeError, match=r"gelu.backward: dy is float32, x is float16"):
        act.backward(x, np.ones(4, np.float32))
    with pytest.raises(TypeError, match=r"gelu.backward: dy is float64, x is float16"):
        act.backward(x, [1.0, 1.0, 1.0, 1.0])
    with pytest.raises(TypeError, match=r"sigmoid.backward_from_output: dy is float16, y is float64"):
        actlab.Activation("sigmoid").backward_from_output(np.ones(4), x)
    with pytest.raises(TypeError, match=r"prelu.param_grad: dy is float64, x is float16"):
        actlab.Activation("prelu").param_grad(x, np.ones(4))
    for out in (np.zeros(4, np.float32), np.zeros(4)):
        refused(TypeError, rf"gelu.forward: out is {out.dtype}, the input is float16",
                lambda: act.forward(x, out=out), out)
    out = np.zeros(4, F16)
    refused(TypeError, r"gelu.forward: out is float16, the input is float32",
            lambda: act.forward(np.ones(4, np.float32), out=out), out)
    refused(TypeError, r"gelu.backward: out is float16, the input is float64",
            lambda: act.backward(np.ones(4), np.ones(4), out=out), out)
    swiglu = actlab.Activation("swiglu")
    refused(TypeError, r"swiglu.gated_forward: up is float16, gate is float32",
            lambda: swiglu.gated_forward(np.ones(4, np.float32), x, out=out), out)
    with pytest.raises(TypeError, match=r"swiglu.gated_backward: dy is float32, gate is float16"):
        swiglu.gated_backward(x, x, np.ones(4, np.float32))


def test_float16_refusals_are_those_of_float32():
    act = actlab.Activation("relu")
    with pytest.raises(TypeError, match=r"x is an array of float16 \(not in the machine's byte order\)"):
        act.forward(np.ones(3, np.dtype(F16).newbyteorder()))
    strided = np.zeros(8, F16)[::2]
    refused(actlab.Error, r"relu.forward: out must be C-contiguous", lambda: act.forward(np.ones(4, F16), out=strided),
            strided)
    buffer = np.linspace(-1, 1, 20).astype(F16)
    refused(actlab.Error, r"y overlaps an input without being the very same buffer",
            lambda: act.forward(buffer[:12], out=buffer[4:16]), buffer)
    with pytest.raises(actlab.Error, match=r"glu: input of shape \(2, 3\) has an odd last axis"):
        actlab.glu(np.ones((2, 3), F16))

