"""The GLU family through actlab.torch: torch.nn.functional.glu and the compositions torch users
write (F.silu(gate) * up...), forward and both gradients, on F.glu's halves and on two tensors,
any dim and strides, modules, TorchScript, bad input."""
import io
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import actlab
import actlab.torch as at
import actlab.torch.functional as AF
from conftest import GATED, gated_dim, ulp_error

op = torch.ops.actlab
DTYPES = [torch.float32, torch.float64]

# spec: (the halves form (input, dim), the two-tensor form (gate, up), torch's own (gate, up)).
FORMS = {
    "glu": (AF.glu, AF.glu_gated, lambda g, u: u * torch.sigmoid(g)),
    "reglu": (AF.reglu, AF.reglu_gated, lambda g, u: F.relu(g) * u),
    "geglu": (lambda x, d: AF.geglu(x, dim=d), AF.geglu_gated, lambda g, u: F.gelu(g) * u),
    "geglu(approximate=tanh)": (lambda x, d: AF.geglu(x, "tanh", d), lambda g, u: AF.geglu_gated(g, u, "tanh"),
                                lambda g, u: F.gelu(g, approximate="tanh") * u),
    "swiglu": (lambda x, d: AF.swiglu(x, dim=d), AF.swiglu_gated, lambda g, u: F.silu(g) * u),
    "swiglu(beta=1.7)": (lambda x, d: AF.swiglu(x, 1.7, d), lambda g, u: AF.swiglu_gated(g, u, 1.7),
                         lambda g, u: g * torch.sigmoid(1.7 * g) * u),
}

_C = math.sqrt(2 / math.pi)


def _tanh_gelu(g):  # 1 + tanh(z) = 2 sigmoid(2z): no cancellation where tanh(z) is near -1
    z2 = 2 * _C * (g + 0.044715 * g**3)
    return g * torch.sigmoid(z2), torch.sigmoid(z2) + g * torch.sigmoid(z2) * torch.sigmoid(-z2) * 2 * _C * (
        1 + 3 * 0.044715 * g**2)


# float64 references (f(gate), f'(gate)) written to keep their digits where torch's float64
# compositions lose them: 1 - sigmoid(b) for large b, 1 + erf(x) for negative x (torch's gelu(-8)
# in float64 has hardly a correct digit). erfc and sigmoid(-b) instead.
REFERENCES = {
    "glu": lambda g: (torch.sigmoid(g), torch.sigmoid(g) * torch.sigmoid(-g)),
    "reglu": lambda g: (F.relu(g), (g > 0).to(g.dtype)),
    "geglu": lambda g: (g * torch.erfc(-g / math.sqrt(2)) / 2,
                        torch.erfc(-g / math.sqrt(2)) / 2 + g * torch.exp(-g * g / 2) / math.sqrt(2 * math.pi)),
    "geglu(approximate=tanh)": _tanh_gelu,
    "swiglu": lambda g: (g * torch.sigmoid(g), torch.sigmoid(g) + g * torch.sigmoid(g) * torch.sigmoid(-g)),
    "swiglu(beta=1.7)": lambda g: (g * torch.sigmoid(1.7 * g),
                                   torch.sigmoid(1.7 * g) + 1.7 * g * torch.sigmoid(1.7 * g) * torch.sigmoid(-1.7 * g)),
}


def _reference(spec, gate, up, dy):
    """y, dgate and dup in float64 from the references above."""
    g, u, d = gate.double(), up.double(), dy.double()
    f, df = REFERENCES[spec](g)
    return u * f, d * u * df, d * f


def _grads(fn, inputs, dy):
    """fn(*inputs) and the gradients of <fn(*inputs), dy> with respect to each input."""
    leaves = [t.detach().clone().requires_grad_() for t in inputs]
    y = fn(*leaves)
    y.backward(dy)
    return y.detach(), [t.grad for t in leaves]


# The roots of each gate's f', where dgate = dy up f' is a difference of O(1) terms: there the
# library's bound is in ULPs of |dy up| (as `actlab accuracy` and the C++ sweep measure it).
ROOTS = {"geglu": -0.75179, "geglu(approximate=tanh)": -0.75179, "swiglu": -1.27846, "swiglu(beta=1.7)": -1.27846 / 1.7}


def _within(ours, reference, bound, what, gate=None, scale=None, spec=None):
    """float32 results within `bound` ULP of a float64 reference (0: correctly rounded, half a unit);
    within 1/4 of a root of f', |ours - reference| in float32 ULPs of `scale` (|dy up|)."""
    err = ulp_error(ours.numpy(), reference.numpy())
    if spec in ROOTS:
        near = np.abs(gate.double().numpy() - ROOTS[spec]) < 0.25
        absolute = np.abs(ours.double().numpy() - reference.numpy()) / (np.finfo(np.float32).eps * scale.numpy())
        err = np.where(near, absolute, err)
    assert err.max() <= (bound or 0.5), (what, float(err.max()))


GLU_CASES = [((10,), 0), ((6, 8), -1), ((6, 8), 0), ((3, 4, 10), 1), ((3, 4, 10), -1), ((2, 6, 3, 4), 1),
             ((2, 6, 3, 4), -4)]


@pytest.mark.parametrize("shape, dim", GLU_CASES)
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_glu_is_torch_glu(shape, dim, dtype):
    torch.manual_seed(10)
    x = torch.randn(shape, dtype=dtype) * 3
    dy = torch.randn(F.glu(x, dim).shape, dtype=dtype)
    y, (dx,) = _grads(lambda t: AF.glu(t, dim), [x], dy)
    theirs, (their_dx,) = _grads(lambda t: F.glu(t, dim), [x], dy)
    assert y.shape == theirs.shape and dx.shape == x.shape
    up, gate = x.chunk(2, dim)
    ref, ref_dgate, ref_dup = _reference("glu", gate, up, dy)
    ref_dx = torch.cat([ref_dup, ref_dgate], dim)
    if dtype == torch.float64:
        torch.testing.assert_close(y, theirs, rtol=1e-14, atol=0)
        torch.testing.assert_close(y, ref, rtol=1e-14, atol=0)
        torch.testing.assert_close(dx, ref_dx, rtol=1e-14, atol=1e-300)
        # torch's backward takes 1 - sigmoid(b), which loses digits where b is large.
        torch.testing.assert_close(dx, their_dx, rtol=1e-9, atol=0)
    else:  # actlab's float32 within its bound of float64 (torch's own float32 may be further)
        act = actlab.Activation("glu")
        _within(y, ref, act.ulp_bound("float32"), "forward")
        _within(dx, ref_dx, act.ulp_bound("float32", True), "backward")
        torch.testing.assert_close(y, theirs, rtol=1e-6, atol=1e-6)
        torch.testing.assert_close(dx, their_dx, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("spec", sorted(FORMS))
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_the_family_matches_torch_compositions(spec, dtype):
    halves, two, composition = FORMS[spec]
    act = actlab.Activation(spec)
    torch.manual_seed(11)
    gate, up = torch.randn(64, 16, dtype=dtype) * 3, torch.randn(64, 16, dtype=dtype) * 2
    dy = torch.randn(64, 16, dtype=dtype)
    y, (dgate, dup) = _grads(two, [gate, up], dy)
    ref, ref_dgate, ref_dup = _reference(spec, gate, up, dy)
    if dtype == torch.float64:  # atol: f' has a root (gelu's, silu's) where digits go relative
        torch.testing.assert_close(y, ref, rtol=1e-14, atol=1e-300)
        torch.testing.assert_close(dgate, ref_dgate, rtol=1e-14, atol=1e-13)
        torch.testing.assert_close(dup, ref_dup, rtol=1e-14, atol=1e-300)
    else:  # actlab's float32 within its bound of float64 (torch's own float32 may be further)
        _within(y, ref, act.ulp_bound("float32"), "forward")
        _within(dgate, ref_dgate, act.ulp_bound("float32", True), "dgate", gate, (dy.double() * up.double()).abs(), spec)
        _within(dup, ref_dup, act.ulp_bound("float32", True), "dup")
    # torch's composition, to its own accuracy (see REFERENCES).
    theirs, (their_dgate, their_dup) = _grads(composition, [gate, up], dy)
    tolerance = dict(rtol=1e-9, atol=1e-12) if dtype == torch.float64 else dict(rtol=1e-5, atol=1e-5)
    for ours, their in ((y, theirs), (dgate, their_dgate), (dup, their_dup)):
        torch.testing.assert_close(ours, their, **tolerance)
    # F.glu's halves, along any dim: the same numbers, bit for bit.
    x = torch.cat([up, gate], 1)
    y1, (dx,) = _grads(lambda t: halves(t, -1), [x], dy)
    assert torch.equal(y1, y) and torch.equal(dx, torch.cat([dup, dgate], 1))
    y0, (dx0,) = _grads(lambda t: halves(t, 0), [x.T.contiguous()], dy.T)
    assert torch.equal(y0, y.T) and torch.equal(dx0, dx.T)


@pytest.mark.parametrize("spec", GATED)
def test_gradcheck_both_layouts(spec):
    act = actlab.Activation(spec)
    torch.manual_seed(12)
    n = gated_dim(act, 6)

    def away_from_zero(t):  # reglu's kink
        return torch.where(t.abs() < 1e-2, t + 0.05, t)

    x = away_from_zero(torch.randn(n, 3, n, dtype=torch.float64) * 2).requires_grad_()
    for dim in (0, 2, -1):
        assert torch.autograd.gradcheck(lambda t: op.activation(t, spec, None, dim), (x,))
    gate = away_from_zero(torch.randn(4, 5, dtype=torch.float64) * 2).requires_grad_()
    up = torch.randn(4, 5, dtype=torch.float64).requires_grad_()
    assert torch.autograd.gradcheck(lambda g, u: op.gated(g, u, spec), (gate, up))
    assert torch.autograd.gradcheck(lambda g: op.gated(g, up.detach(), spec), (gate,))  # one needs grad
    assert torch.autograd.gradcheck(lambda u: op.gated(gate.detach(), u, spec), (up,))
    assert torch.autograd.gradcheck(lambda g: op.gated(g, g, spec), (gate,))  # one tensor, both roles


@pytest.mark.parametrize("spec", sorted(FORMS))
def test_nan_in_nan_out(spec):
    halves, two, _ = FORMS[spec]
    gate = torch.tensor([float("nan"), 1.0, 0.5, 2.0], dtype=torch.float64)
    up = torch.tensor([1.0, float("nan"), -1.0, 3.0], dtype=torch.float64)
    y, (dgate, dup) = _grads(two, [gate, up], torch.ones(4, dtype=torch.float64))
    assert torch.isnan(y).tolist() == [True, True, False, False]
    assert torch.isnan(dgate).tolist() == [True, True, False, False]
    assert torch.isnan(dup).tolist() == [True, False, False, False]  # f(gate)
    assert torch.isnan(halves(torch.cat([up, gate]), 0)).tolist() == [True, True, False, False]


def test_limits_at_infinity():
    inf = float("inf")
    x = torch.tensor([[2.0, -3.0, inf, -inf], [inf, -inf, 1.0, 1.0]])  # [up | gate]
    assert torch.equal(AF.glu(x), F.glu(x))
    gate, up = torch.tensor([-inf, inf, -inf]), torch.tensor([2.0, 2.0, inf])
    torch.testing.assert_close(AF.swiglu_gated(gate, up), torch.tensor([0.0, inf, float("nan")]), equal_nan=True)


def test_any_strides_and_dims():
    torch.manual_seed(13)
    base = torch.randn(4, 6, 8, dtype=torch.float64)
    for view, dim in [(base.transpose(0, 2), -1), (base.transpose(0, 2), 1), (base[:, ::2, :], 2),
                      (base.permute(2, 0, 1), 0), (base[..., 1:7], -1), (base.as_strided((4, 4), (48, 2)), 0)]:
        dy = torch.randn(F.glu(view, dim).shape, dtype=view.dtype)
        y, (dx,) = _grads(lambda t: AF.swiglu(t, dim=dim), [view], dy)
        y_c, (dx_c,) = _grads(lambda t: AF.swiglu(t, dim=dim), [view.contiguous()], dy)
        assert torch.equal(y, y_c) and torch.equal(dx, dx_c)
        a, b = view.chunk(2, dim)
        torch.testing.assert_close(y, F.silu(b) * a, rtol=1e-13, atol=1e-300)
    # Two tensors of one shape whatever their strides; a dense gate's layout (channels_last) kept.
    last = torch.randn(2, 3, 4, 5, dtype=torch.float64).to(memory_format=torch.channels_last)
    plain = torch.randn(2, 3, 4, 5, dtype=torch.float64)
    for gate, up in [(last, plain), (plain, last), (base[:, :3].transpose(0, 1), base[:, 3:].transpose(0, 1)),
                     (base[:, ::2], base[:, 1::2])]:
        dy = torch.randn(gate.shape, dtype=gate.dtype)
        y, grads = _grads(AF.geglu_gated, [gate, up], dy)
        y_c, grads_c = _grads(AF.geglu_gated, [gate.contiguous(), up.contiguous()], dy)
        assert torch.equal(y, y_c) and all(torch.equal(g, c) for g, c in zip(grads, grads_c))
    assert AF.reglu_gated(last, plain).is_contiguous(memory_format=torch.channels_last)


def test_gated_backward_operator_is_autograds():
    torch.manual_seed(14)
    gate, up, dy = (torch.randn(3, 5) for _ in range(3))
    _, (dgate, dup) = _grads(lambda g, u: AF.gated(g, u, "swiglu(beta=1.7)"), [gate, up], dy)
    got = op.gated_backward(gate, up, dy, "swiglu(beta=1.7)")
    assert torch.equal(got[0], dgate) and torch.equal(got[1], dup)
    np_dgate, np_dup = actlab.Activation("swiglu(beta=1.7)").gated_backward(gate.numpy(), up.numpy(), dy.numpy())
    assert np.array_equal(np_dgate, dgate.numpy()) and np.array_equal(np_dup, dup.numpy())


def test_kept_inputs_are_version_checked():
    gate = torch.randn(4, requires_grad=True)
    h = gate * 2
    y = AF.swiglu_gated(h, torch.ones(4))
    h.add_(1)  # the backward needs h as the forward saw it
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation"):
        y.sum().backward()


def test_modules_one_tensor_or_two():
    torch.manual_seed(15)
    x = torch.randn(5, 8, 6)
    for dim in (-1, 1, -2):
        torch.testing.assert_close(at.GLU(dim)(x), torch.nn.GLU(dim)(x), rtol=1e-6, atol=1e-7)
    assert repr(at.GLU()) == repr(torch.nn.GLU()) and repr(at.GLU(1)) == repr(torch.nn.GLU(1))
    gate, up = x[..., :3], x[..., 3:]
    for module, two in [(at.GLU(), AF.glu_gated), (at.ReGLU(), AF.reglu_gated),
                        (at.GeGLU("tanh"), lambda g, u: AF.geglu_gated(g, u, "tanh")),
                        (at.SwiGLU(1.7), lambda g, u: AF.swiglu_gated(g, u, 1.7))]:
        assert torch.equal(module(gate, up), two(gate, up))
        assert torch.equal(module(torch.cat([up, gate], -1)), two(gate, up))
    m = at.SwiGLU()
    assert m.spec == "swiglu(beta=1, dim=0)" and repr(m) == "SwiGLU(beta=1.0, dim=-1)"
    m.beta = 2.0  # the spec follows, as for the other modules' arguments
    torch.testing.assert_close(m(gate, up), gate * torch.sigmoid(2 * gate) * up)
    assert at.GeGLU().approximate == "none" and at.GeGLU(dim=0).dim == 0
    with pytest.raises(ValueError, match=r"'cubic' is not a value of approximate \(one of: none, tanh\)"):
        at.GeGLU("cubic")
    with pytest.raises(ValueError, match=r"inplace=True needs f' as a function of y"):
        at.Activation("glu", inplace=True)


class _MLP(torch.nn.Module):
    """A transformer's gated MLP (LLaMA's: down(silu(gate(x)) * up(x))) and a fused projection."""

    def __init__(self):
        super().__init__()
        self.gate, self.up, self.down = torch.nn.Linear(6, 8), torch.nn.Linear(6, 8), torch.nn.Linear(8, 6)
        self.act = at.SwiGLU()
        self.fused, self.glu = torch.nn.Linear(6, 16), at.GeGLU("tanh", dim=1)

    def forward(self, x):
        return self.down(self.act(self.gate(x), self.up(x))) + self.glu(self.fused(x)) @ self.down.weight.T


def test_script_save_load_and_train_a_gated_mlp():
    torch.manual_seed(16)
    model = _MLP().double()
    x = torch.randn(4, 6, dtype=torch.float64)
    expected = model(x)
    scripted = torch.jit.script(model)
    assert torch.equal(scripted(x), expected)
    buffer = io.BytesIO()
    torch.jit.save(scripted, buffer)
    buffer.seek(0)
    loaded = torch.jit.load(buffer)
    assert torch.equal(loaded(x), expected)
    loaded(x).sum().backward()
    model(x).sum().backward()
    for (name, p), q in zip(model.named_parameters(), loaded.parameters()):
        assert torch.equal(p.grad, q.grad), name

    @torch.jit.script
    def mlp(gate: torch.Tensor, up: torch.Tensor) -> torch.Tensor:
        return AF.swiglu_gated(gate, up, 1.5) + AF.reglu(torch.cat([up, gate], -1), -1)

    g, u = torch.randn(3, 4), torch.randn(3, 4)
    assert torch.equal(mlp(g, u), AF.swiglu_gated(g, u, 1.5) + AF.reglu_gated(g, u))


def test_swap_replaces_torch_glu():
    torch.manual_seed(17)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.GLU(), torch.nn.Linear(4, 6), torch.nn.GLU(dim=1))
    x = torch.randn(5, 4)
    before = model(x)
    done = at.swap_activations(model)
    assert [(r.name, type(r.after).__name__) for r in done] == [("1", "GLU"), ("3", "GLU")]
    assert isinstance(model[3], at.GLU) and model[3].dim == 1
    torch.testing.assert_close(model(x), before, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("call, kind, match", [
    (lambda: AF.glu(torch.ones(2, 3)), ValueError,
     r"glu.forward: dim -1 of a tensor of shape \[2, 3\] has size 3, which does not split in halves"),
    (lambda: AF.swiglu(torch.ones(3, 4), dim=0), ValueError, r"dim 0 of a tensor of shape \[3, 4\] has size 3"),
    (lambda: AF.glu(torch.tensor(1.0)), ValueError, r"glu: input of shape \(\) has no last axis to split"),
    (lambda: AF.glu(torch.ones(2, 4), 2), ValueError, r"glu.forward: dim 2 is out of range"),
    (lambda: op.activation(torch.ones(2, 4), "glu(dim=6)", None, -1), ValueError,
     r"has rows of 4 on its last axis, but dim = 6"),
    (lambda: AF.geglu(torch.ones(2, 4), "cubic"), ValueError, r"approximate"),
    (lambda: op.backward(torch.ones(2, 4), torch.ones(2, 4), "glu", None, -1), ValueError,
     r"glu.backward: dy has shape \[2, 4\], expected that of y, \[2, 2\]"),
    (lambda: op.activation_(torch.ones(4), "glu", None, -1), ValueError, r"in place is impossible, y is smaller than x"),
    (lambda: AF.swiglu_gated(torch.ones(2, 3), torch.ones(3, 2)), ValueError,
     r"swiglu.gated: up has shape \[3, 2\], gate has \[2, 3\]; they must be the same"),
    (lambda: AF.swiglu_gated(torch.ones(3), torch.ones(3, dtype=torch.float64)), TypeError,
     r"swiglu.gated: up is torch.float64, gate is torch.float32"),
    (lambda: AF.glu_gated(torch.ones(3, dtype=torch.int64), torch.ones(3)), TypeError,
     r"glu.gated: gate is torch.int64; actlab takes float32, float64, bfloat16 or float16 tensors"),
    (lambda: AF.glu_gated(torch.ones(3), torch.ones(3, device="meta")), ValueError, r"up is on meta"),
    (lambda: AF.gated(torch.ones(3), torch.ones(3), "relu"), ValueError,
     r"relu.gated: is not gated \(glu, reglu, geglu, swiglu are\)"),
    (lambda: op.gated_backward(torch.ones(3), torch.ones(3), torch.ones(4), "glu"), ValueError,
     r"glu.gated_backward: dy has shape \[4\], expected that of y, \[3\]"),
    (lambda: op.gated_backward(torch.ones(3), torch.ones(3), torch.ones(3, dtype=torch.float64), "glu"), TypeError,
     r"dy is torch.float64, gate is torch.float32"),
    (lambda: at.GLU()(torch.ones(2, 4), torch.ones(2, 3)), ValueError, r"up has shape \[2, 3\], gate has \[2, 4\]"),
])
def test_bad_input(call, kind, match):
    with pytest.raises(kind, match=match):
        call()


def test_second_derivatives_are_refused_not_wrong():
    gate, up = (torch.randn(4, dtype=torch.float64, requires_grad=True) for _ in range(2))
    with pytest.raises(NotImplementedError, match=r"second derivatives are not implemented"):
        torch.autograd.grad(AF.swiglu_gated(gate, up).sum(), gate, create_graph=True)
