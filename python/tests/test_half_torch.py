"""actlab.torch on bfloat16 and float16 tensors: every call on every 16-bit input gives the exact
value correctly rounded (half_reference.py), forward and through autograd, gradients in the
tensor's dtype, but for results a hair from a rounding boundary (test_half.py's expected failure,
here in both formats); the modules, TorchScript, layouts and refusals as for float32. Values are
compared, NaN equal to NaN, the sign of a zero not (tests/storage_test.cc does not promise it)."""
import numpy as np
import pytest
import torch

import actlab
import actlab.torch as at
import actlab.torch.functional as AF
from half_reference import BFLOAT16, EXACT, FLOAT16, GATE, mp, mpf, rounded

op = torch.ops.actlab
FORMATS = {torch.bfloat16: BFLOAT16, torch.float16: FLOAT16}
DTYPES = list(FORMATS)
IDS = ["bf16", "f16"]
EVERY = np.arange(1 << 16, dtype=np.uint16)  # every bit pattern


def tensor(bits, dtype):
    """A 16-bit tensor of these bit patterns (a copy: torch.from_numpy shares the buffer)."""
    return torch.from_numpy(np.ascontiguousarray(bits).view(np.int16).copy()).view(dtype)


def bits_of(t):
    return t.detach().contiguous().view(torch.int16).numpy().view(np.uint16)


def same_bits(a, b):
    return a.dtype == b.dtype and np.array_equal(bits_of(a), bits_of(b))


def values(t):
    """A 16-bit tensor's values, as a float64 numpy array (exactly)."""
    return FORMATS[t.dtype].values(bits_of(t))


def check(got, f64, exact, x, what=""):
    """got (a tensor) is in the format of the test and holds the exact values correctly rounded
    (test_half.check's rule, a hair from a boundary either side)."""
    fmt = FORMATS[got.dtype]
    r = rounded(fmt, f64, exact)
    g, w = values(got).ravel(), fmt.values(r.bits).ravel()
    ok = (g == w) | (np.isnan(g) & np.isnan(w))
    ok[r.hairs] |= bits_of(got).ravel()[r.hairs] == r.other
    bad = np.flatnonzero(~ok)[:5]
    assert bad.size == 0, (what, [(float(x.flat[i]), float(g[i]), float(w[i])) for i in bad])


def dy_for(n, dtype, seed=0):
    """Upstream gradients: values of every magnitude where they matter (1e-4 to 1e3)."""
    rng = np.random.default_rng(seed)
    return torch.from_numpy(np.sign(rng.standard_normal(n)) * 10.0 ** rng.uniform(-4, 3, n)).to(dtype)


def test_the_reference_rounds_once():
    # 1 + 2^-8 is the midpoint of 1 and the next bfloat16; above it by 2^-40, 1 + 2^-7 is
    # nearest. torch's own float64 -> bfloat16 goes through float32, where 2^-40 is lost, and
    # gives 1; float16 too (1 + 2^-11 + 2^-40).
    assert torch.tensor([1 + 2**-8 + 2**-40], dtype=torch.float64).to(torch.bfloat16).item() == 1
    assert BFLOAT16.values(BFLOAT16.round([1 + 2**-8 + 2**-40]))[0] == 1 + 2**-7
    assert torch.tensor([1 + 2**-11 + 2**-40], dtype=torch.float64).to(torch.float16).item() == 1
    assert FLOAT16.values(FLOAT16.round([1 + 2**-11 + 2**-40]))[0] == 1 + 2**-10
    # Otherwise the reference's rounding is torch's from float32 and numpy's from float64: on
    # random float32 patterns, and on every midpoint of two 16-bit values and its neighbours.
    rng = np.random.default_rng(0)
    f32 = rng.integers(0, 1 << 32, 1 << 18, dtype=np.uint64).astype(np.uint32).view(np.float32)
    f32 = f32[~np.isnan(f32)]  # NaN's payloads are no rounding
    assert np.array_equal(BFLOAT16.round(f32.astype(np.float64)), bits_of(torch.from_numpy(f32).to(torch.bfloat16)))
    for fmt in (BFLOAT16, FLOAT16):
        v = fmt.values(EVERY[:fmt.inf_bits])  # zero to the largest finite value
        mid = (v[:-1] + v[1:]) / 2
        below, above = EVERY[:mid.size], EVERY[1:mid.size + 1]
        for m in (mid, np.nextafter(mid, np.inf), np.nextafter(mid, -np.inf)):
            want = np.where(m > mid, above, np.where(m < mid, below, below + below % 2))  # a tie: the even
            assert np.array_equal(fmt.round(m), want), fmt.name
            if fmt is FLOAT16:
                assert np.array_equal(fmt.round(m), m.astype(np.float16).view(np.uint16))


def _elementwise(spec, dtype):
    """(direction, the 16-bit result, actlab's float64 result, the exact value of element i, the
    input) on every bit pattern: the forward, autograd's dx, and in place, autograd's dx from y."""
    act, (f, df, dfy) = actlab.Activation(spec), EXACT[spec]
    x = tensor(EVERY, dtype).requires_grad_()
    y = op.activation(x, spec, None, -1)
    dy = dy_for(x.numel(), dtype)
    y.backward(dy)
    x64, dy64 = values(x), values(dy)
    calls = [("forward", y, act.forward(x64), lambda i: f(mp.mpf(x64[i])), x64),
             ("backward", x.grad, act.backward(x64, dy64), lambda i: mp.mpf(dy64[i]) * df(mp.mpf(x64[i])), x64)]
    if dfy is not None:  # in place, autograd keeps y and differentiates from it
        x.grad, h = None, x * 1
        op.activation_(h, spec, None, -1)
        assert np.array_equal(values(h), values(y), equal_nan=True)  # x * 1 quiets NaN's payloads
        h.backward(dy)
        y64 = values(y)
        calls.append(("in place, from y", x.grad, act.backward_from_output(y64, dy64),
                      lambda i: mp.mpf(dy64[i]) * dfy(mp.mpf(y64[i])), y64))
    return calls


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("spec", sorted(EXACT))
def test_forward_and_autograd_on_every_pattern(spec, dtype):
    for name, got, want, exact, x in _elementwise(spec, dtype):
        assert got.dtype == dtype
        check(got, want, exact, x, name)


def _gated(spec, dtype):
    """(name, the 16-bit result, actlab's float64 result, the exact value) of the two-tensor
    form on every gate, forward and autograd; F.glu's halves give the same numbers."""
    act, (f, df, _) = actlab.Activation(spec), GATE[spec]
    gate = tensor(EVERY, dtype).requires_grad_()
    up = dy_for(gate.numel(), dtype, seed=2).requires_grad_()
    dy = dy_for(gate.numel(), dtype, seed=3)
    y = AF.gated(gate, up, spec)
    y.backward(dy)
    g, u, d = values(gate), values(up), values(dy)
    want_dgate, want_dup = act.gated_backward(g, u, d)
    x = torch.cat([up.detach().reshape(-1, 64), gate.detach().reshape(-1, 64)], 1).t().requires_grad_()
    halves = AF.activation(x, spec, None, 0)  # dim 0 of a transposed tensor: a moved axis
    halves.backward(dy.reshape(-1, 64).t())
    assert np.array_equal(values(halves.t()).ravel(), values(y), equal_nan=True)
    assert np.array_equal(values(x.grad.t()), np.concatenate([values(up.grad).reshape(-1, 64),
                                                             values(gate.grad).reshape(-1, 64)], 1), equal_nan=True)
    G = lambda i: mp.mpf(g[i])  # noqa: E731
    return [("y", y, act.gated_forward(g, u), lambda i: mp.mpf(u[i]) * f(G(i)), g),
            ("dgate", gate.grad, want_dgate, lambda i: mp.mpf(d[i]) * mp.mpf(u[i]) * df(G(i)), g),
            ("dup", up.grad, want_dup, lambda i: mp.mpf(d[i]) * f(G(i)), g)]


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
@pytest.mark.parametrize("spec", sorted(GATE))
def test_gated_on_every_gate(spec, dtype):
    for name, got, want, exact, g in _gated(spec, dtype):
        assert got.dtype == dtype
        check(got, want, exact, g, name)


class WrongSide(AssertionError):
    """A result a hair from a rounding boundary, rounded to the boundary's other side."""


# test_half.test_a_hair_from_a_boundary's, in both formats. bfloat16 has far more: products of
# two 8-bit significands are rounding boundaries more often, gelu, silu and swish of a subnormal x
# are x / 2 (a boundary where x is an odd multiple of the smallest) plus a hair, and float32's
# exponent range makes tiny gates and outputs whose hairs are their own squares.
@pytest.mark.xfail(strict=True, raises=WrongSide, reason="the library's last resort, a long double reference "
                   "(src/narrow_calls.cc), cannot see the side of a boundary a hair away")
@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_a_hair_from_a_boundary(dtype):
    hairs, wrong, first = 0, 0, []
    for spec, calls in ([(s, _elementwise(s, dtype)) for s in sorted(EXACT)] +
                        [(s, _gated(s, dtype)) for s in sorted(GATE)]):
        for name, got, want, exact, x in calls:
            r = rounded(FORMATS[dtype], want, exact)
            wrong_side = bits_of(got).ravel()[r.hairs] != r.bits.ravel()[r.hairs]
            hairs, wrong = hairs + r.hairs.size, wrong + int(wrong_side.sum())
            first += [f"{spec} {name} at {v}" for v in x.ravel()[r.hairs[wrong_side]][:2]]
    assert hairs > 0, "no result a hair from a boundary: the test tests nothing"  # a failure, not the xfail
    if wrong:
        raise WrongSide(f"{wrong} of {hairs} results a hair from a boundary on its wrong side: {', '.join(first[:6])}")


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_prelu_weight_gradient_is_the_sum_rounded_once(dtype):
    # Products of values from 2^-4 to 8 with 8 or 11 significant bits, and sums of a few hundred,
    # are exact in double: the 16-bit dweight (sums in double) is the exact sum rounded once.
    fmt = FORMATS[dtype]
    v = fmt.values(EVERY)
    pool = v[np.isfinite(v) & (np.abs(v) >= 2.0**-4) & (np.abs(v) <= 8)]
    rng = np.random.default_rng(1)
    for scale in (2.0**-10, 1.0, 4.0):
        x = torch.from_numpy(rng.choice(pool, (40, 3, 7))).to(dtype).requires_grad_()
        dy = torch.from_numpy(rng.choice(pool, (40, 3, 7)) * scale).to(dtype)
        weight = torch.tensor([0.25, -0.5, 0.1], dtype=dtype, requires_grad=True)
        op.activation(x, "prelu", weight, -1).backward(dy)
        model, x2 = at.PReLU(3, dtype=dtype), x.detach().clone().requires_grad_()
        with torch.no_grad():
            model.weight.copy_(weight)
        model(x2).backward(dy)  # the module: the same operator, the same bits
        assert same_bits(weight.grad, model.weight.grad) and same_bits(x.grad, x2.grad)
        x64, dy64 = values(x).reshape(40, 3, 7), values(dy).reshape(40, 3, 7)
        act = actlab.Activation("prelu(num_parameters=3)")
        act.set_weights(values(weight))

        def exact(j):
            return mp.fsum(mp.mpf(d) * mp.mpf(c) for c, d in zip(x64[:, j].ravel(), dy64[:, j].ravel()) if c < 0)

        check(weight.grad, act.param_grad(x64, dy64), exact, np.arange(3))
        w = [mp.mpf(float(a)) for a in values(weight)]
        check(x.grad, act.backward(x64, dy64),
              lambda i: mpf(dy64, i) * (1 if mpf(x64, i) > 0 else w[i // 7 % 3]), x64)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_learnable_swish_beta_gradient_is_within_one_step(dtype):
    # d/dbeta's terms come from the float32 kernel (tests/storage_test.cc): within one 16-bit step
    # of the exact sum rounded, not always on it.
    fmt = FORMATS[dtype]
    model = at.Swish(1.5, learnable=True, dtype=dtype)
    rng = np.random.default_rng(2)
    for scale in (1e-3, 1.0, 30.0):
        x = torch.from_numpy(rng.uniform(-8, 8, (64, 16))).to(dtype).requires_grad_()
        dy = torch.from_numpy(rng.standard_normal((64, 16)) * scale).to(dtype)
        model.weight.grad = None
        model(x).backward(dy)
        got = model.weight.grad
        assert got.dtype == dtype and got.shape == (1,)
        act = actlab.Activation("swish(beta=1.5)")
        want = fmt.round(act.param_grad(values(x).reshape(64, 16), values(dy).reshape(64, 16)))
        assert abs(int(bits_of(got)[0]) - int(want[0])) <= 1, (scale, got, fmt.values(want))
        x64, dy64 = values(x), values(dy)
        slope = EXACT["swish(beta=1.5)"][1]
        check(x.grad, act.backward(x64, dy64), lambda i: mp.mpf(dy64[i]) * slope(mp.mpf(x64[i])), x64)


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_modules_and_torchscript_give_the_functional_bits(dtype):
    torch.manual_seed(3)
    model = torch.nn.Sequential(at.GELU(), at.PReLU(4, dtype=dtype), at.SquaredReLU(), at.Sigmoid(), at.SwiGLU())
    x = torch.randn(8, 4, 6, dtype=torch.float64).to(dtype).requires_grad_()
    y = model(x)
    assert y.dtype == dtype and y.shape == (8, 4, 3)
    by_hand = AF.swiglu(AF.sigmoid(AF.squared_relu(AF.prelu(AF.gelu(x), model[1].weight))))
    assert same_bits(y, by_hand)
    scripted = torch.jit.script(model)
    assert same_bits(scripted(x), y)
    y.sum().backward()
    grads = (x.grad.clone(), model[1].weight.grad.clone())
    x.grad, model[1].weight.grad = None, None
    scripted(x).sum().backward()
    assert same_bits(x.grad, grads[0]) and same_bits(model[1].weight.grad, grads[1])
    assert grads[0].dtype == dtype and grads[1].dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_layouts_are_those_of_float32(dtype):
    x = tensor(EVERY, dtype).reshape(256, 256)
    flat = AF.gelu(x.contiguous())
    assert same_bits(AF.gelu(x.t()), flat.t())  # strided: through a copy
    nhwc = x.reshape(4, 16, 32, 32).contiguous(memory_format=torch.channels_last)
    y = AF.gelu(nhwc)
    assert y.is_contiguous(memory_format=torch.channels_last)  # dense: as it is, as float32 keeps it
    assert same_bits(y, AF.gelu(nhwc.contiguous()))
    assert same_bits(AF.softmax(x[:8, :10], 0), AF.softmax(x[:8, :10].t().contiguous(), 1).t())  # rows moved
    inplace = x[:4].clone()
    at.ReLU(inplace=True)(inplace)
    assert same_bits(inplace, AF.relu(x[:4]))


@pytest.mark.parametrize("call, kind, match", [
    (lambda: op.backward(torch.ones(3, dtype=torch.bfloat16), torch.ones(3, dtype=torch.float16), "relu", None, -1),
     TypeError, r"relu.backward: dy is torch.float16, x is torch.bfloat16"),
    (lambda: op.backward(torch.ones(3, dtype=torch.float16), torch.ones(3), "gelu", None, -1),
     TypeError, r"gelu.backward: dy is torch.float32, x is torch.float16"),
    (lambda: op.activation(torch.ones(2, 3, dtype=torch.bfloat16), "prelu", torch.ones(3), -1),
     TypeError, r"prelu.forward: weight is torch.float32, x is torch.bfloat16"),
    (lambda: at.PReLU(3)(torch.ones(2, 3, dtype=torch.float16)),
     TypeError, r"weight is torch.float32, x is torch.float16"),
    (lambda: op.param_grad(torch.ones(3, dtype=torch.float16), torch.ones(3, dtype=torch.bfloat16), "prelu", None, -1),
     TypeError, r"prelu.param_grad: dy is torch.bfloat16, x is torch.float16"),
    (lambda: AF.swiglu_gated(torch.ones(3, dtype=torch.bfloat16), torch.ones(3, dtype=torch.float16)),
     TypeError, r"swiglu.gated: up is torch.float16, gate is torch.bfloat16"),
    (lambda: op.gated_backward(torch.ones(3, dtype=torch.float16), torch.ones(3, dtype=torch.float16),
                               torch.ones(3, dtype=torch.float64), "glu"),
     TypeError, r"glu.gated_backward: dy is torch.float64, gate is torch.float16"),
    (lambda: op.activation_(torch.ones(3, dtype=torch.bfloat16), "gelu", None, -1),
     ValueError, r"in place needs f' as a function of y"),
    (lambda: AF.glu(torch.ones(2, 3, dtype=torch.float16)), ValueError, r"which does not split in halves"),
    (lambda: op.activation(torch.ones(3, dtype=torch.float16, device="meta"), "relu", None, -1),
     ValueError, r"x is on meta; actlab computes on the CPU"),
])
def test_bad_input(call, kind, match):
    with pytest.raises(kind, match=match):
        call()


@pytest.mark.parametrize("dtype", DTYPES, ids=IDS)
def test_refused_calls_write_nothing(dtype):
    x = torch.linspace(-1, 1, 6).to(dtype) * 1
    before = x.clone()
    with pytest.raises(ValueError):
        op.activation_(x, "gelu", None, -1)
    with pytest.raises(ValueError):
        op.activation_(x, "prelu", torch.tensor([1.0, 2.0], dtype=dtype), -1)
    assert same_bits(x, before) and x._version == before._version
