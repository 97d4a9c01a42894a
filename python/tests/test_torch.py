"""actlab.torch: the library's bits through PyTorch, autograd, modules, TorchScript, bad input."""
import inspect
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import actlab
import actlab.torch as at
import actlab.torch.functional as AF
from conftest import ELEMENTWISE, SPECS, gated_dim, inputs, same_bits, special_values

op = torch.ops.actlab


def dtype_of(np_dtype):
    return torch.float32 if np_dtype == np.float32 else torch.float64


@pytest.mark.parametrize("spec", SPECS)
def test_bit_identical_to_numpy(spec, dtype):
    """The torch layer adds nothing: forward, autograd's dx and dweight equal the numpy calls."""
    act = actlab.Activation(spec)
    x_np = inputs(dtype, n=200)[:240].reshape(-1, gated_dim(act, 24) if act.info["layout"] == "gated" else 24)
    x = torch.from_numpy(x_np.copy()).requires_grad_()
    weight = None
    if act.weights.size:  # a float32 weight holds float32 values: numpy's call gets the same
        weight = torch.tensor(act.weights, dtype=dtype_of(dtype), requires_grad=True)
        act.set_weights(weight.detach().double().numpy())
    y = op.activation(x, spec, weight, -1)
    assert same_bits(y.detach().numpy(), act.forward(x_np))
    dy = torch.linspace(-2, 2, y.numel(), dtype=y.dtype).reshape(y.shape)
    y.backward(dy)
    if act.info["layout"] == "rows":
        expected = act.backward_from_output(act.forward(x_np), dy.numpy())
    else:
        expected = act.backward(x_np, dy.numpy())
    assert same_bits(x.grad.numpy(), expected)
    if weight is not None:
        assert same_bits(weight.grad.numpy(), act.param_grad(x_np, dy.numpy()))


def _torch_batch(spec, direction, dtype):
    """A function of a 1-d numpy array that computes through actlab.torch (autograd for f')."""
    def fn(v):
        t = torch.from_numpy(v.copy())
        if direction == "forward":
            return op.activation(t, spec, None, -1).numpy()
        if direction == "from_output":
            return op.backward_from_output(t, torch.ones_like(t), spec, None, -1).numpy()
        t.requires_grad_()
        op.activation(t, spec, None, -1).backward(torch.ones_like(t))
        return t.grad.numpy()
    return fn


@pytest.mark.parametrize("spec", ELEMENTWISE)
def test_within_the_declared_bounds_of_the_reference(spec, dtype):
    act = actlab.Activation(spec)
    name = "float32" if dtype == np.float32 else "float64"
    directions = ["forward", "backward"] + (["from_output"] if act.has_backward_from_output else [])
    for direction in directions:
        bound = act.ulp_bound(name, direction != "forward") or 0.5  # 0: correctly rounded, within half a unit
        r = actlab.accuracy(act, _torch_batch(spec, direction, dtype), dtype=name, direction=direction,
                            samples=1 << 14)
        assert r["max_ulp"] <= bound, (direction, r)
        assert r["nan_wrong"] == 0 and r["nonfinite_for_finite"] == 0, (direction, r)


# torch's own where both are exact: piecewise functions whose results are exact in the format.
# NaN is left out: torch's backward gives a branch's slope at NaN (and softshrink(NaN) = 0).
EXACT_IN_TORCH = {
    "identity": lambda x: x * 1,
    "relu": torch.relu,
    "leaky_relu(-0.5)": lambda x: F.leaky_relu(x, -0.5),
    "prelu": lambda x: F.prelu(x, torch.tensor([0.25], dtype=x.dtype)),
    "relu6": F.relu6,
    "hardtanh": F.hardtanh,
    "hardtanh(min_val=-2, max_val=3)": lambda x: F.hardtanh(x, -2.0, 3.0),
    "hardshrink": F.hardshrink,
    "hardshrink(1)": lambda x: F.hardshrink(x, 1.0),
    "softshrink": F.softshrink,
    "softshrink(0.25)": lambda x: F.softshrink(x, 0.25),
    "threshold": lambda x: F.threshold(x, 0.0, 0.0),
    "threshold(threshold=0.5, value=-1)": lambda x: F.threshold(x, 0.5, -1.0),
    "squared_relu": lambda x: torch.relu(x) * torch.relu(x),
}


@pytest.mark.parametrize("spec", sorted(EXACT_IN_TORCH))
def test_equal_to_torch_where_both_are_exact(spec, dtype):
    x_np = np.concatenate([special_values(dtype), np.arange(-80, 81, dtype=dtype) / 8])
    x_np = x_np[~np.isnan(x_np)]
    ours, theirs = (torch.from_numpy(x_np.copy()).requires_grad_() for _ in range(2))
    y1, y2 = op.activation(ours, spec, None, -1), EXACT_IN_TORCH[spec](theirs)
    if spec in ("relu", "relu6"):  # relu(-0) is +0 here, -0 in torch (README: conventions)
        y2 = y2 + 0.0
    assert same_bits(y1.detach().numpy(), y2.detach().numpy())
    y1.backward(torch.ones_like(y1))
    y2.backward(torch.ones_like(y2))
    assert same_bits(ours.grad.numpy(), theirs.grad.numpy()), "kink conventions"


def test_deliberate_differences_from_torch():
    """The README's table: where actlab's convention is not torch 1.13's."""
    nan, inf = float("nan"), float("inf")
    assert not AF.relu(torch.tensor([-0.0])).signbit().item() and torch.relu(torch.tensor([-0.0])).signbit().item()
    x = torch.tensor([nan], requires_grad=True)
    op.activation(x, "relu", None, -1).backward(torch.ones(1))
    assert torch.isnan(x.grad).all()                               # torch: 1
    assert torch.isnan(AF.softshrink(torch.tensor([nan]))).all()   # torch: 0
    big = torch.tensor([-inf, inf])
    assert AF.silu(big).tolist() == [0, inf] and AF.mish(big).tolist() == [0, inf]  # torch: NaN at -inf
    assert AF.gelu(big).tolist() == [0, inf] and AF.softsign(big).tolist() == [-1, 1]
    assert torch.isnan(F.silu(big)).any() and torch.isnan(F.softsign(big)).all()
    x = torch.tensor([-3.0], requires_grad=True)
    AF.hardswish(x).backward(torch.ones(1))
    assert x.grad.item() == 0                                      # torch 1.13: -0.5; torch 2: 0
    top = torch.tensor([torch.finfo(torch.float32).max])
    assert torch.equal(AF.hardswish(top), top) and F.hardswish(top).item() == float("inf")
    x = torch.tensor([20.0], requires_grad=True)
    AF.sigmoid(x).backward(torch.ones(1))
    assert x.grad.item() == pytest.approx(2.0611536e-09, rel=1e-6)  # torch, from y = 1: 0
    x = torch.tensor([20.0], requires_grad=True)
    torch.sigmoid(x).backward(torch.ones(1))
    assert x.grad.item() == 0


def _away_from_kinks(x):
    kinks = torch.tensor([0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 6.0, 10.0, 20.0])
    kinks = torch.cat([kinks, -kinks]).to(x.dtype)
    near = ((x[..., None] - kinks).abs() < 1e-3).any(-1)
    return torch.where(near, x + 0.01, x)


@pytest.mark.parametrize("spec", SPECS)
def test_gradcheck(spec):
    act = actlab.Activation(spec)
    torch.manual_seed(0)
    last = gated_dim(act, 4) if act.info["layout"] == "gated" else 4  # the gated: [up, gate] halves
    x = _away_from_kinks(torch.randn(6, last, dtype=torch.float64) * 3).requires_grad_()
    inputs_ = [x]
    weight = None
    if act.weights.size and act.weights.min() > 0:  # beta = 0 is the edge of swish's range
        weight = torch.tensor(act.weights, dtype=torch.float64, requires_grad=True)
        inputs_.append(weight)
    assert torch.autograd.gradcheck(lambda *t: op.activation(t[0], spec, t[1] if len(t) > 1 else None, -1),
                                    tuple(inputs_))


def test_gradcheck_parameters():
    torch.manual_seed(1)
    x = _away_from_kinks(torch.randn(5, 3, 4, dtype=torch.float64)).requires_grad_()
    slopes = torch.tensor([0.1, -0.2, 0.3], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda a, w: op.activation(a, "prelu", w, -1), (x, slopes))
    beta = torch.tensor([1.3], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda a, b: op.activation(a, "swish", b, -1), (x, beta))
    assert torch.autograd.gradcheck(lambda a: op.activation(a, "softmax", None, 1), (x,))
    assert torch.autograd.gradcheck(lambda a: op.activation(a, "log_softmax", None, 0), (x,))
    assert torch.autograd.gradcheck(lambda a: op.activation(a, "maxout(k=3)", None, 1), (x,))


def test_prelu_module_learns_per_channel_slopes_like_torch():
    torch.manual_seed(2)
    x = torch.randn(8, 3, 5)
    ours, theirs = at.PReLU(3), torch.nn.PReLU(3)
    assert isinstance(ours.weight, torch.nn.Parameter) and ours.weight.shape == theirs.weight.shape
    dy = torch.randn(8, 3, 5)
    ours(x).backward(dy)
    theirs(x).backward(dy)
    torch.testing.assert_close(ours.weight.grad, theirs.weight.grad, rtol=1e-6, atol=1e-6)


INPLACE = ["ReLU", "LeakyReLU", "ELU", "SELU", "CELU", "Hardsigmoid", "Hardtanh", "ReLU6"]


@pytest.mark.parametrize("name", INPLACE)
def test_inplace_modules_under_autograd(name):
    torch.manual_seed(3)
    a = torch.randn(7, 9, dtype=torch.float64, requires_grad=True)
    module = getattr(at, name)(inplace=True)
    h = a * 1.5
    y = module(h)
    assert y.data_ptr() == h.data_ptr() and h._version == 1
    (y * y).sum().backward()
    b = a.detach().clone().requires_grad_()
    (getattr(at, name)()(b * 1.5) ** 2).sum().backward()
    torch.testing.assert_close(a.grad, b.grad, rtol=1e-12, atol=1e-12)


def test_inplace_refusals():
    for name in ["SiLU", "Mish", "Hardswish"]:
        with pytest.raises(ValueError, match=r"inplace=True needs f' as a function of y"):
            getattr(at, name)(inplace=True)
    with pytest.raises(ValueError, match=r"relu: in place on a leaf tensor that requires grad"):
        at.ReLU(inplace=True)(torch.ones(3, requires_grad=True))
    with torch.no_grad():  # allowed there, as in torch (initialising weights)
        w = torch.ones(3, requires_grad=True)
        at.ReLU(inplace=True)(w)
    with pytest.raises(ValueError, match=r"in place is impossible, y is smaller than x"):
        op.activation_(torch.ones(4), "maxout", None, -1)
    slopes = torch.ones(1, requires_grad=True)
    with pytest.raises(ValueError, match=r"in place overwrites x, which the weight's gradient needs"):
        op.activation_(torch.ones(4) * 1, "prelu", slopes, -1)


def test_noncontiguous_and_channels_last():
    torch.manual_seed(4)
    base = torch.randn(2, 3, 4, 5, dtype=torch.float64)
    last = base.to(memory_format=torch.channels_last)
    for spec in ["gelu", "leaky_relu(0.2)", "mish"]:
        y = op.activation(last, spec, None, -1)
        assert y.is_contiguous(memory_format=torch.channels_last), "elementwise keeps the layout"
        assert torch.equal(y, op.activation(base, spec, None, -1))
        view = base[:, ::2, 1:]
        assert torch.equal(op.activation(view, spec, None, -1), op.activation(view.contiguous(), spec, None, -1))
        a, b = last.clone().requires_grad_(), base.clone().requires_grad_()
        op.activation(a, spec, None, -1).sum().backward()
        op.activation(b, spec, None, -1).sum().backward()
        assert torch.equal(a.grad, b.grad)
    slopes = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)
    torch.testing.assert_close(at.functional.prelu(last, slopes), F.prelu(last, slopes))
    torch.testing.assert_close(AF.softmax(last, 1), F.softmax(base, 1))
    x = base.transpose(1, 3).requires_grad_()
    AF.log_softmax(x, 2).sum().backward()
    y = base.transpose(1, 3).detach().requires_grad_()
    F.log_softmax(y, 2).sum().backward()
    torch.testing.assert_close(x.grad, y.grad)


def _every_module():
    """Each module of actlab.torch in one shape-compatible model (input (4, 6))."""
    return torch.nn.Sequential(
        at.ReLU(), at.LeakyReLU(0.1), at.PReLU(6), at.ELU(), at.SELU(), at.CELU(0.5), at.GELU(),
        at.GELU("tanh"), at.SiLU(), at.Mish(), at.Hardswish(), at.Hardsigmoid(), at.Hardtanh(-2, 2),
        at.ReLU6(), at.Softplus(2, 10), at.Softsign(), at.Tanhshrink(), at.Softshrink(0.1),
        at.Hardshrink(0.1), at.Threshold(0.1, -1), at.LogSigmoid(), at.Sigmoid(), at.Tanh(),
        at.Identity(54), at.Swish(1.5, learnable=True), at.Swish(0.5), at.Activation("softsign"),
        at.ReLU(inplace=True), at.Tanh(), at.LeakyReLU(0.2, inplace=True), at.Softmax(dim=1), at.LogSoftmax(dim=1),
        at.SquaredReLU(), at.Squareplus(0.5), at.BentIdentity(), at.Gaussian(), at.Arctan(),
        at.Heaviside(0.5), at.Arctan(inplace=True), at.Sine(30.0), at.Maxout(2))


def test_script_save_load_every_module(tmp_path):
    torch.manual_seed(5)
    model = _every_module().double()
    x = torch.randn(4, 6, dtype=torch.float64)
    expected = model(x)
    path = str(tmp_path / "model.pt")
    scripted = torch.jit.script(model)
    assert torch.equal(scripted(x), expected)
    scripted.save(path)
    torch.save(x, str(tmp_path / "x.pt"))
    torch.save(expected, str(tmp_path / "y.pt"))
    # A fresh process: loading needs only `import actlab.torch` for the operators.
    check = (f"import torch, actlab.torch\nm = torch.jit.load({path!r})\nx = torch.load({str(tmp_path / 'x.pt')!r})\n"
             f"y = m(x)\nassert torch.equal(y, torch.load({str(tmp_path / 'y.pt')!r}))\ny.sum().backward()\n"
             f"print('ok', sum(1 for p in m.parameters() if p.grad is not None))")
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["ok", "2"]  # PReLU's slopes and Swish's beta


def test_modules_take_torch_nn_arguments_and_defaults():
    pairs = {"ReLU": "ReLU", "LeakyReLU": "LeakyReLU", "ELU": "ELU", "SELU": "SELU", "CELU": "CELU",
             "GELU": "GELU", "SiLU": "SiLU", "Mish": "Mish", "Hardswish": "Hardswish",
             "Hardsigmoid": "Hardsigmoid", "ReLU6": "ReLU6", "Softplus": "Softplus", "Softsign": "Softsign",
             "Tanhshrink": "Tanhshrink", "Softshrink": "Softshrink", "Hardshrink": "Hardshrink",
             "Threshold": "Threshold", "LogSigmoid": "LogSigmoid", "Sigmoid": "Sigmoid", "Tanh": "Tanh",
             "Softmax": "Softmax", "LogSoftmax": "LogSoftmax", "PReLU": "PReLU"}
    for ours, theirs in pairs.items():
        a = inspect.signature(getattr(at, ours).__init__).parameters
        b = inspect.signature(getattr(torch.nn, theirs).__init__).parameters
        for name, p in b.items():
            assert name in a, (ours, name)
            assert a[name].default == p.default, (ours, name)
    a = inspect.signature(at.Hardtanh.__init__).parameters
    assert a["min_val"].default == -1.0 and a["max_val"].default == 1.0 and a["inplace"].default is False
    m = at.LeakyReLU(0.3)
    assert m.negative_slope == 0.3 and m.spec == "leaky_relu(negative_slope=0.3)"
    m.negative_slope = 0.5  # read at each call by torch.nn: here the spec follows
    assert m(torch.tensor([-2.0])).item() == -1.0
    assert repr(at.LeakyReLU(0.1, inplace=True)) == repr(torch.nn.LeakyReLU(0.1, inplace=True))
    assert repr(at.PReLU(3)) == repr(torch.nn.PReLU(3))


def test_newer_activations_match_their_torch_compositions(dtype):
    x_np = np.concatenate([special_values(dtype), np.linspace(-30, 30, 481, dtype=dtype)])
    x = torch.from_numpy(x_np[~np.isnan(x_np)])  # torch.heaviside(NaN) is 0, actlab's NaN
    assert torch.isnan(AF.heaviside(torch.tensor([math.nan]))).all()
    for value in (0.0, 0.5, 1.0):  # torch.heaviside has no backward: the forward, bit for bit
        theirs = torch.heaviside(x, torch.tensor([value], dtype=x.dtype))
        assert same_bits(AF.heaviside(x, value).numpy(), theirs.numpy())
        assert same_bits(at.Heaviside(value)(x).numpy(), theirs.numpy())
    finite = torch.from_numpy(np.linspace(-30, 30, 481, dtype=dtype))  # torch's forms overflow beyond
    for ours, theirs in ((at.Arctan(), torch.atan), (at.Gaussian(), lambda v: torch.exp(-v * v)),
                         (at.Squareplus(), lambda v: (v + torch.sqrt(v * v + 4)) / 2),
                         (at.BentIdentity(), lambda v: (torch.sqrt(v * v + 1) - 1) / 2 + v),
                         (at.Sine(), torch.sin), (at.Sine(30.0), lambda v: torch.sin(30.0 * v.double()).to(v.dtype))):
        torch.testing.assert_close(ours(finite), theirs(finite), rtol=1e-5, atol=1e-6)
    # The whole range, against torch's float64 sine.
    big = torch.tensor([1e30, -3e38, 1e22, 355.0], dtype=torch.float64)
    torch.testing.assert_close(AF.sine(big), torch.sin(big), rtol=0, atol=1e-15)
    assert torch.isnan(AF.sine(torch.tensor([math.inf, -math.inf]))).all()
    assert at.Sine(30.0).spec == "sine(w0=30)"
    assert AF.arctan(torch.tensor([-math.inf, math.inf], dtype=torch.float64)).tolist() == [-math.pi / 2, math.pi / 2]
    assert at.Squareplus(b=1.0).spec == "squareplus(b=1)" and AF.squareplus(torch.tensor([0.0]), 1.0).item() == 0.5


def test_softmax_implicit_dim_warns_as_torch():
    x = torch.randn(2, 3)
    with pytest.warns(UserWarning, match="Implicit dimension choice"):
        y = at.Softmax()(x)
    torch.testing.assert_close(y, F.softmax(x, 1))


def test_swap_activations():
    torch.manual_seed(6)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(inplace=True), torch.nn.Linear(8, 8),
                                torch.nn.Sequential(torch.nn.GELU(approximate="tanh"), torch.nn.SiLU(inplace=True)),
                                torch.nn.PReLU(8, init=0.1), torch.nn.Linear(8, 3), torch.nn.LogSoftmax(dim=1),
                                torch.nn.RReLU())
    model.eval()
    x = torch.randn(16, 4)
    before = model(x)
    done = at.swap_activations(model)
    names = [(r.name, type(r.after).__name__ if r.after is not None else None) for r in done]
    assert names == [("1", "ReLU"), ("3.0", "GELU"), ("3.1", "SiLU"), ("4", "PReLU"), ("6", "LogSoftmax"),
                     ("7", None)]
    assert "inplace=True dropped" in str(done[2]) and "no equivalent" in str(done[5])
    assert isinstance(model[1], at.ReLU) and model[1].inplace
    assert model[4].weight.data_ptr() != 0 and torch.equal(model[4].weight, torch.full((8,), 0.1))
    assert not model[4].training
    torch.testing.assert_close(model(x), before, rtol=1e-5, atol=1e-6)
    assert at.swap_activations(model)[-1].after is None  # a second pass finds only what it cannot swap


def test_threads_setting_is_shared_with_numpy():
    at.set_num_threads(1)
    assert actlab.num_threads() == 1 and at.num_threads() == 1
    actlab.set_num_threads(2)
    assert at.num_threads() == 2
    with pytest.raises(ValueError, match=r"n must be in \[0, 1024\]"):
        at.set_num_threads(-1)


@pytest.mark.parametrize("call, kind, match", [
    (lambda: op.activation(torch.zeros(3, device="meta"), "relu", None, -1), ValueError,
     r"relu.forward: x is on meta; actlab computes on the CPU"),
    (lambda: op.activation(torch.zeros(3, dtype=torch.int64), "relu", None, -1), TypeError,
     r"relu.forward: x is torch.int64; actlab takes float32, float64, bfloat16 or float16 tensors"),
    (lambda: op.activation(torch.zeros(3, dtype=torch.int16), "gelu", None, -1), TypeError, r"torch.int16"),
    (lambda: op.activation(torch.zeros(3, dtype=torch.complex64), "gelu", None, -1), TypeError, r"torch.complex64"),
    (lambda: op.activation(torch.zeros(3).to_sparse(), "relu", None, -1), ValueError, r"x has layout Sparse; actlab takes dense"),
    (lambda: op.activation(torch.zeros(3), "relux", None, -1), ValueError, r"unknown activation 'relux'"),
    (lambda: op.activation(torch.zeros(3), "elu(alpha=inf)", None, -1), ValueError, r"alpha must be a finite number"),
    (lambda: op.activation(torch.zeros(3), "relu", torch.ones(1), -1), ValueError, r"relu.forward: takes no weight"),
    (lambda: op.activation(torch.zeros(2, 4), "prelu", torch.ones(3), -1), ValueError,
     r"prelu: input of shape \(2, 4\) has 4 channel\(s\) on axis 1, but there are 3 slopes"),
    (lambda: op.activation(torch.zeros(2, 4), "prelu", torch.ones(4, dtype=torch.float64), -1), TypeError,
     r"weight is torch.float64, x is torch.float32"),
    (lambda: op.activation(torch.zeros(2, 4), "prelu", torch.tensor([1.0, float("nan"), 1, 1]), -1), ValueError,
     r"weights must be finite"),
    (lambda: op.activation(torch.zeros(2, 4), "softmax", None, 2), ValueError, r"dim 2 is out of range"),
    (lambda: op.activation(torch.zeros(2, 3), "maxout", None, -1), ValueError, r"groups of k = 2"),
    (lambda: op.backward(torch.zeros(3), torch.zeros(4), "relu", None, -1), ValueError,
     r"relu.backward: dy has shape \[4\], expected that of y"),
    (lambda: op.backward(torch.zeros(3), torch.zeros(3, dtype=torch.float64), "relu", None, -1), TypeError,
     r"dy is torch.float64, x is torch.float32"),
    (lambda: op.backward_from_output(torch.zeros(3), torch.zeros(3), "gelu", None, -1), ValueError,
     r"f' is not a function of y"),
    (lambda: op.param_grad(torch.zeros(3), torch.zeros(3), "relu", None, -1), ValueError, r"no learnable parameters"),
    (lambda: op.activation_(torch.zeros(3), "gelu", None, -1), ValueError, r"in place needs f' as a function of y"),
    (lambda: at.LeakyReLU("big"), ValueError, r"unknown parameter|not a number|expected"),
    (lambda: at.Activation("swish(beta=-1)"), ValueError, r"beta must be in \[0"),
])
def test_bad_input(call, kind, match):
    with pytest.raises(kind, match=match):
        call()


def test_refused_inplace_writes_nothing():
    x = torch.linspace(-1, 1, 5) * 1
    before = x.clone()
    with pytest.raises(ValueError):
        op.activation_(x, "gelu", None, -1)
    with pytest.raises(ValueError):
        op.activation_(x, "prelu", torch.tensor([1.0, 2.0]), -1)
    assert torch.equal(x, before) and x._version == before._version


def test_second_derivatives_are_refused_not_wrong():
    x = torch.randn(4, dtype=torch.float64, requires_grad=True)
    y = AF.gelu(x).sum()
    (g,) = torch.autograd.grad(y, x, create_graph=False)
    assert g.shape == x.shape
    with pytest.raises(NotImplementedError, match=r"second derivatives are not implemented"):
        torch.autograd.grad(AF.gelu(x).sum(), x, create_graph=True)


def test_zero_size_and_special_values():
    for spec in ["relu", "gelu", "softmax", "prelu"]:
        empty = torch.zeros(0, 3, requires_grad=True)
        y = op.activation(empty, spec, None, 1 if spec == "softmax" else -1)
        assert y.shape == (0, 3)
        y.sum().backward()
    y = AF.gelu(torch.tensor([float("nan"), float("inf"), -float("inf")]))
    assert torch.isnan(y[0]) and y[1] == float("inf") and y[2] == 0
