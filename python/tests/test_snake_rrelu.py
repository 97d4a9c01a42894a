"""actlab.torch's Snake (alpha learnable) and RReLU (torch.nn.RReLU's drop-in, a seed per training forward)."""
import inspect
import math

import mpmath
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import actlab.torch as at
import actlab.torch.functional as AF
from half_reference import BFLOAT16, FLOAT16, rounded

LOWER, UPPER = 1.0 / 8, 1.0 / 3


def _away_from_zero(x):
    return torch.where(x.abs() < 1e-3, x + 0.01, x)


def _snake_numpy(x, alpha):
    x = np.asarray(x, dtype=np.float64)
    return x + np.sin(alpha * x) ** 2 / alpha


# Snake

@pytest.mark.parametrize("alpha", [1.0, 0.5, 7.3])
def test_snake_forward_against_a_float64_formula(alpha):
    rng = np.random.default_rng(0)
    x = np.concatenate([np.linspace(-20, 20, 4001), rng.standard_normal(2000) * 5, [0.0, -0.0, 1e-300, -1e-8]])
    ref = _snake_numpy(x, alpha)
    for y in (AF.snake(torch.from_numpy(x), alpha), at.Snake(alpha, learnable=False)(torch.from_numpy(x)),
              at.Snake(alpha, dtype=torch.float64)(torch.from_numpy(x)).detach()):
        # numpy's own formula cancels where x + s^2 / alpha is small: the tolerance is its.
        np.testing.assert_allclose(y.numpy(), ref, rtol=1e-14, atol=1e-15)
    x32 = x.astype(np.float32)
    y32 = AF.snake(torch.from_numpy(x32), alpha).numpy()
    ref32 = _snake_numpy(x32, alpha)
    # within 1 ULP of float32 (the library's bound), measured against float64's value
    assert (np.abs(y32 - ref32) <= np.spacing(np.abs(ref32).astype(np.float32)) + 1e-37).all()
    assert AF.snake(torch.tensor([math.inf, -math.inf]), alpha).tolist() == [math.inf, -math.inf]


def test_snake_gradcheck_input_and_alpha():
    torch.manual_seed(0)
    x = (torch.randn(5, 7, dtype=torch.float64) * 3).requires_grad_()
    for a0 in (1.0, 0.5, 7.3):
        alpha = torch.tensor([a0], dtype=torch.float64, requires_grad=True)
        assert torch.autograd.gradcheck(lambda t, a: AF.activation(t, "snake", a), (x, alpha))
        assert torch.autograd.gradcheck(lambda t: AF.snake(t, a0), (x,))
    m = at.Snake(0.7).double()  # the module: its parameter's gradient is the operator's
    assert torch.autograd.gradcheck(lambda t, a: AF.activation(t, m.spec, a), (x, m.weight))


def test_snake_module_learns_alpha_as_swish_learns_beta():
    m = at.Snake(0.5)
    assert [n for n, _ in m.named_parameters()] == ["weight"] and m.weight.shape == (1,)
    assert m.weight.item() == 0.5 and m.alpha == 0.5 and m.spec == "snake(alpha=0.5)"
    assert list(at.Snake(0.5, learnable=False).parameters()) == []
    assert [n for n, _ in at.Swish(0.5, learnable=True).named_parameters()] == ["weight"]  # the same shape
    torch.manual_seed(1)
    x = torch.randn(64, dtype=torch.float64)
    dy = torch.randn(64, dtype=torch.float64)
    m = m.double()
    m(x).backward(dy)
    a = 0.5
    expected = (dy * (x * torch.sin(2 * a * x) / a - torch.sin(a * x) ** 2 / a ** 2)).sum()
    torch.testing.assert_close(m.weight.grad, expected.reshape(1), rtol=1e-13, atol=1e-13)
    # alpha is the parameter's value at each call, not the constructor's
    with torch.no_grad():
        m.weight.fill_(2.0)
    torch.testing.assert_close(m(x), torch.from_numpy(_snake_numpy(x.numpy(), 2.0)), rtol=1e-14, atol=1e-15)
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    before = m.weight.item()
    opt.zero_grad()
    m(x).sum().backward()
    opt.step()
    assert m.weight.item() != before


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_snake_16_bit(dtype):
    torch.manual_seed(2)
    x = (torch.randn(200) * 4).to(dtype)
    m = at.Snake(0.8).to(dtype)
    x.requires_grad_()
    y = m(x)
    assert y.dtype == dtype
    fmt = BFLOAT16 if dtype == torch.bfloat16 else FLOAT16
    ref = _snake_numpy(x.detach().double().numpy(), float(m.weight.double()))
    assert (_bits(y) == fmt.round(ref)).all()  # rounded once (none of these near a midpoint)
    y.sum().backward()
    assert x.grad.dtype == dtype and m.weight.grad.dtype == dtype


# RReLU

def test_rrelu_takes_torch_nn_arguments_and_defaults():
    ours = inspect.signature(at.RReLU.__init__).parameters
    for name, p in inspect.signature(torch.nn.RReLU.__init__).parameters.items():
        assert name in ours and ours[name].default == p.default, name
    ours = inspect.signature(AF.rrelu).parameters
    for name, p in inspect.signature(F.rrelu).parameters.items():
        assert name in ours and ours[name].default == p.default, name
    assert repr(at.RReLU(0.1, 0.3, inplace=True)) == repr(torch.nn.RReLU(0.1, 0.3, inplace=True))
    m = at.RReLU()
    m.lower = 0.2  # the spec follows, as torch.nn reads its arguments at each call
    assert m.spec.startswith("rrelu(lower=0.2, ")


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_rrelu_eval_equals_torch(dtype):
    torch.manual_seed(3)
    x = torch.cat([torch.randn(5000, dtype=dtype) * 10,
                   torch.tensor([0.0, -0.0, 1e-30, -1e-30, math.inf, -math.inf, 3e38, -3e38], dtype=dtype)])
    for lower, upper in ((LOWER, UPPER), (0.01, 0.5), (0.3, 0.3), (0.125, 0.375)):
        theirs = F.rrelu(x, lower, upper, training=False)
        mean = (lower + upper) / 2
        for ours in (AF.rrelu(x, lower, upper), AF.rrelu(x, lower, upper, training=False),
                     at.RReLU(lower, upper).eval()(x)):
            assert torch.equal(torch.signbit(ours), torch.signbit(theirs))
            if dtype == torch.float64 or float(torch.tensor(mean, dtype=dtype)) == mean:
                assert torch.equal(ours, theirs)
            else:
                # torch rounds the mean slope to float32, then its product: two roundings (27% of
                # the negatives differ by 1 ULP at the defaults); actlab rounds the double product.
                assert torch.equal(ours, torch.where(x > 0, x, (x.double() * mean).to(dtype)))
                torch.testing.assert_close(ours, theirs, rtol=1.2e-7, atol=0)
    xg = x[torch.isfinite(x)].clone().requires_grad_()
    xt = xg.detach().clone().requires_grad_()
    dy = torch.randn_like(xg)
    AF.rrelu(xg).backward(dy)
    F.rrelu(xt).backward(dy)
    if dtype == torch.float64:
        assert torch.equal(xg.grad, xt.grad)
    else:
        torch.testing.assert_close(xg.grad, xt.grad, rtol=1.2e-7, atol=0)
    torch.manual_seed(4)
    expected = torch.randn(3)
    torch.manual_seed(4)
    at.RReLU().eval()(x)
    assert torch.equal(torch.randn(3), expected)  # eval mode draws nothing


def test_rrelu_gradcheck_eval_and_train():
    torch.manual_seed(5)
    x = _away_from_zero(torch.randn(6, 5, dtype=torch.float64) * 3).requires_grad_()
    assert torch.autograd.gradcheck(lambda t: AF.rrelu(t, 0.1, 0.4), (x,))
    assert torch.autograd.gradcheck(lambda t: AF.rrelu(t, 0.1, 0.4, True, False, 12345), (x,))
    assert torch.autograd.gradcheck(lambda t: AF.rrelu(t, training=True, seed=2 ** 53 - 1), (x,))


def _slopes(x, y):
    neg = x < 0
    return (y[neg] / x[neg]).double()


def test_rrelu_train_slopes():
    torch.manual_seed(6)
    x = -torch.rand(200000, dtype=torch.float64) - 0.5  # every element negative: y / x is its slope
    m = at.RReLU()
    a = _slopes(x, m(x))
    assert (a >= LOWER).all() and (a < UPPER).all()
    assert abs(a.mean().item() - (LOWER + UPPER) / 2) < 5 * (UPPER - LOWER) / math.sqrt(12 * a.numel())
    assert abs(a.var().item() - (UPPER - LOWER) ** 2 / 12) < 0.02 * (UPPER - LOWER) ** 2 / 12
    assert a.unique().numel() > 0.99 * a.numel()  # a slope per element
    b = _slopes(x, m(x))
    assert (a != b).float().mean() > 0.999  # a new draw at each forward
    # a fixed seed is a fixed function; lower = upper is leaky_relu
    y = AF.rrelu(x, 0.05, 0.6, True, False, 7)
    assert torch.equal(y, AF.rrelu(x, 0.05, 0.6, True, False, 7))
    assert not torch.equal(y, AF.rrelu(x, 0.05, 0.6, True, False, 8))
    assert torch.equal(AF.rrelu(x, 0.2, 0.2, training=True), F.leaky_relu(x, 0.2))


def test_rrelu_train_reproducible_under_manual_seed():
    x = torch.randn(1000, dtype=torch.float64)
    m = at.RReLU()
    torch.manual_seed(7)
    y1, y2 = m(x), AF.rrelu(x, training=True)
    torch.manual_seed(7)
    assert torch.equal(m(x), y1) and torch.equal(AF.rrelu(x, training=True), y2)
    assert not torch.equal(y1, y2)
    scripted = torch.jit.script(torch.nn.Sequential(at.RReLU(), at.Snake()))
    eager = torch.nn.Sequential(at.RReLU(), at.Snake())
    torch.manual_seed(8)
    expected = eager(x.float())
    torch.manual_seed(8)
    assert torch.equal(scripted(x.float()), expected)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("inplace", [False, True])
def test_rrelu_train_backward_uses_the_forwards_slopes(dtype, inplace):
    torch.manual_seed(9)
    x0 = torch.randn(3, 1000, dtype=dtype).requires_grad_()
    dy = torch.randn(3, 1000, dtype=dtype)
    m = at.RReLU(0.05, 0.9, inplace=inplace)
    x = x0 * 1 if inplace else x0  # in place on a non-leaf, as torch requires
    y = m(x)
    _ = torch.randn(100)  # the generator moves on between forward and backward
    y.backward(dy)
    xd, yd = x0.detach().double(), y.detach().double()
    slope = torch.where(xd > 0, torch.ones_like(xd), yd / xd)
    expected = torch.where(xd > 0, dy.double(), slope * dy.double())
    rtol = 1e-15 if dtype == torch.float64 else 2e-7
    torch.testing.assert_close(x0.grad.double(), expected, rtol=rtol, atol=0)
    neg = xd < 0
    assert ((slope[neg] >= 0.05) & (slope[neg] < 0.9 * (1 + rtol))).all()


def _bits(t):
    return t.detach().contiguous().view(torch.int16).numpy().view(np.uint16)


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_rrelu_16_bit(dtype):
    """Train and eval modes on 16-bit tensors: the exact a x correctly rounded, a the slopes the
    same seed draws in float64 (where a x = -a for x = -1)."""
    fmt = BFLOAT16 if dtype == torch.bfloat16 else FLOAT16
    torch.manual_seed(10)
    x = torch.randn(4000).to(dtype)
    xd = x.double().numpy()
    minus_one = -torch.ones(4000, dtype=torch.float64)
    for training, slopes in ((True, -AF.rrelu(minus_one, training=True, seed=99).numpy()),
                             (False, np.full(4000, (LOWER + UPPER) / 2))):
        y = AF.rrelu(x, training=training, seed=99)
        assert y.dtype == dtype
        ref = rounded(fmt, np.where(xd > 0, xd, slopes * xd),
                      lambda i: mpmath.mpf(float(xd[i])) * (1 if xd[i] > 0 else mpmath.mpf(float(slopes[i]))))
        assert (_bits(y) == ref.bits).all()
    xg = x.clone().requires_grad_()
    torch.manual_seed(11)
    at.RReLU()(xg).backward(torch.ones_like(x))
    torch.manual_seed(11)
    slopes = -at.RReLU()(minus_one).numpy()  # the same draw, in float64
    assert (_bits(xg.grad) == fmt.round(np.where(xd > 0, 1.0, slopes))).all()
