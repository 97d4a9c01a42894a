"""actlab for numpy: the same bits as the C++ library, every shape and layout, out= in place."""
import math
import pickle
import threading

import numpy as np
import pytest

import actlab
from conftest import SPECS, cli_eval, cli_eval_gated, gated_dim, halves, inputs, same_bits, ulp_error


def _bit_identical_gated(act, spec, dtype):
    """The CLI's gated_forward / gated_backward (every gate with one up), then the same numbers
    through both Python entries: the two arrays, and F.glu's halves [up, gate] of each row."""
    half = gated_dim(act, 24) // 2
    gate = inputs(dtype, n=300)
    gate = gate[: len(gate) // half * half]
    up = np.full_like(gate, -1.75)
    y, dgate, dup = cli_eval_gated(spec, gate, -1.75)
    assert same_bits(act.gated_forward(gate, up), y)
    got_dgate, got_dup = act.gated_backward(gate, up, np.ones_like(gate))
    assert same_bits(got_dgate, dgate) and same_bits(got_dup, dup)
    x = halves(up, gate, half)
    assert same_bits(act.forward(x).ravel(), y)
    assert same_bits(act.backward(x, np.ones((len(x), half), dtype)), halves(dup, dgate, half))


@pytest.mark.parametrize("spec", SPECS)
def test_bit_identical_to_the_cpp_library(spec, dtype):
    act = actlab.Activation(spec)
    if act.info["layout"] == "gated":
        return _bit_identical_gated(act, spec, dtype)
    x = inputs(dtype, n=300)
    if act.info["layout"] == "groups":
        x = x[: len(x) // int(act.param("k")) * int(act.param("k"))]
    y = act.forward(x)
    assert same_bits(y, cli_eval(spec, x, "forward"))
    dx = act.backward(x, np.ones_like(y))
    assert same_bits(dx, cli_eval(spec, x, "backward"))
    if act.has_backward_from_output:
        assert same_bits(act.backward_from_output(y, np.ones_like(y)), cli_eval(spec, x, "from_output"))


@pytest.mark.parametrize("spec", SPECS)
def test_any_shape_is_the_flat_array(spec, dtype):
    act = actlab.Activation(spec)
    layout = act.info["layout"]
    last = gated_dim(act, 12) if layout == "gated" else 12
    x = inputs(dtype, n=100)[: 8 * last].reshape(4, 2, last)
    y = act.forward(x)
    if layout == "rows":  # rows along the last axis: each row alone
        rows = [act.forward(r) for r in x.reshape(-1, 12)]
        assert same_bits(y, np.stack(rows).reshape(x.shape))
    elif layout == "gated":  # each row alone, up its first half, the gate its second
        half = last // 2
        assert y.shape == (4, 2, half)
        rows = [act.forward(r) for r in x.reshape(-1, last)]
        assert same_bits(y, np.stack(rows).reshape(y.shape))
        assert same_bits(y, act.gated_forward(x[..., half:], x[..., :half]))
    elif layout == "groups":
        assert y.shape == (4, 2, 12 // int(act.param("k")))
        assert same_bits(y.ravel(), act.forward(x.ravel()))
    else:
        assert y.shape == x.shape
        assert same_bits(y.ravel(), act.forward(x.ravel()))
    dy = np.linspace(-2, 2, y.size).astype(dtype).reshape(y.shape)
    dx = act.backward(x, dy)
    assert dx.shape == x.shape
    if layout == "gated":
        dgate, dup = act.gated_backward(x[..., last // 2:], x[..., : last // 2], dy)
        assert same_bits(dx, np.concatenate([dup, dgate], axis=-1))
    elif layout != "rows":
        assert same_bits(dx.ravel(), act.backward(x.ravel(), dy.ravel()))


@pytest.mark.parametrize("spec", SPECS)
def test_zero_size_and_zero_dim(spec, dtype):
    act = actlab.Activation(spec)
    layout = act.info["layout"]
    shapes = [(0,), (3, 0), (0, 4)]
    if layout == "gated":  # rows of the spec's dim when it sets one
        shapes = [(0, gated_dim(act, 4)), (3, 0, gated_dim(act, 4))] + ([(0,), (3, 0)] if not act.param("dim") else [])
    for shape in shapes:
        x = np.zeros(shape, dtype)
        if layout == "groups" and shape[-1] % int(act.param("k")):
            continue
        expected = shape[:-1] + (shape[-1] // 2,) if layout == "gated" else None
        assert act.forward(x).shape == act.output_shape(list(shape))
        if expected is not None:
            assert act.output_shape(list(shape)) == expected
        assert act.backward(x, np.zeros(act.output_shape(list(shape)), dtype)).shape == shape
    if layout == "gated":  # a 0-d array has no axis to split in halves
        with pytest.raises(actlab.Error, match=r"input of shape \(\) has no last axis to split in halves"):
            act.forward(np.array(0.5, dtype))
        y = act.gated_forward(np.array(0.5, dtype), np.array(2.0, dtype))  # two arrays: any shape
        assert y.shape == () and y.dtype == dtype
    elif layout != "groups":
        y = act.forward(np.array(0.5, dtype))
        assert y.shape == () and y.dtype == dtype


def test_out_is_written_in_place_without_a_copy(dtype):
    act = actlab.Activation("tanh")
    x = np.linspace(-3, 3, 1001).astype(dtype)
    out = np.empty_like(x)
    y = act.forward(x, out=out)
    assert y is out
    assert same_bits(out, act.forward(x))
    dx = np.empty_like(x)
    assert act.backward(x, np.ones_like(x), out=dx) is dx
    assert act.backward_from_output(y, np.ones_like(x), out=dx) is dx


def test_out_x_is_in_place(dtype):
    x = np.linspace(-3, 3, 4097).astype(dtype)
    expected = actlab.elu(x)
    assert actlab.elu(x, out=x) is x
    assert same_bits(x, expected)
    dy = np.linspace(1, 2, x.size).astype(dtype)
    expected = actlab.Activation("elu").backward_from_output(x, dy)
    actlab.Activation("elu").backward_from_output(x, dy, out=dy)
    assert same_bits(dy, expected)


def test_inputs_that_are_not_contiguous_are_read_through_a_copy(dtype):
    base = np.linspace(-4, 4, 200).astype(dtype).reshape(10, 20)
    for view in (base[:, ::3], base.T, base[::-1]):
        assert same_bits(actlab.gelu(view), actlab.gelu(np.ascontiguousarray(view)))
    act = actlab.Activation("mish")
    dy = np.ones((20, 10), dtype)
    assert same_bits(act.backward(base.T, dy), act.backward(np.ascontiguousarray(base.T), dy))


def test_python_numbers_and_lists_are_float64():
    assert actlab.relu([-1, 2, 3]).dtype == np.float64
    assert actlab.sigmoid(0.0) == 0.5
    assert actlab.leaky_relu([-1.0], negative_slope=0.1)[0] == -0.1


@pytest.mark.parametrize("spec", SPECS)
def test_nan_in_nan_out_and_limits_at_infinity(spec, dtype):
    act = actlab.Activation(spec)
    x = np.array([np.nan, np.inf, -np.inf, 1.0], dtype)
    if act.info["layout"] == "gated":  # a NaN in the gate or in up spoils its own result only
        gate = np.array([np.nan, np.inf, -np.inf, 1.0, 1.0, 0.5], dtype)
        up = np.array([1.0, 2.0, 2.0, np.nan, -3.0, 0.25], dtype)
        y = act.gated_forward(gate, up)
        dgate, dup = act.gated_backward(gate, up, np.ones_like(gate))
        nan = np.array([True, False, False, True, False, False])
        assert np.array_equal(np.isnan(y), nan) and np.array_equal(np.isnan(dgate), nan)
        assert np.array_equal(np.isnan(dup), [True, False, False, False, False, False]), "dup = f(gate)"
        x = halves(up, gate, 3)  # rows [up, gate]: the same through F.glu's layout
        assert same_bits(act.forward(x).ravel(), y)
        assert same_bits(act.backward(x, np.ones((2, 3), dtype)), halves(dup, dgate, 3))
        return
    if act.info["layout"] == "rows":  # a NaN spoils its row only
        y = act.forward(np.stack([x, np.array([1, 2, 3, 4], dtype)]))
        assert np.isnan(y[0]).all() and not np.isnan(y[1]).any()
        return
    if act.info["layout"] == "groups":
        x = np.array([np.nan, 1.0] + [1.0] * (int(act.param("k")) - 2) if int(act.param("k")) >= 2 else [np.nan], dtype)
    y = act.forward(x)
    assert np.isnan(y[0]), "NaN in, NaN out"
    if act.info["name"] == "sine":  # periodic: no limit at +-inf
        dx = act.backward(x, np.ones_like(x))
        assert np.isnan(y[:3]).all() and np.isnan(dx[:3]).all() and np.isfinite(y[3]) and np.isfinite(dx[3])
    elif act.info["name"] == "snake":  # x plus a bounded periodic part: f has limits, f' has none
        dx = act.backward(x, np.ones_like(x))
        assert not np.isnan(y[1:]).any() and np.isnan(dx[:3]).all() and np.isfinite(dx[3])
    elif act.info["layout"] != "groups":
        assert not np.isnan(y[1:]).any(), "a limit at +-inf, not NaN"
        dx = act.backward(x, np.ones_like(x))
        assert np.isnan(dx[0]) and not np.isnan(dx[1:]).any()


def test_prelu_per_channel_on_axis_1(dtype):
    act = actlab.Activation("prelu(num_parameters=3)")
    act.set_weights([0.1, 0.2, 0.3])
    x = -np.ones((2, 3, 4), dtype)
    y = act.forward(x)
    assert np.allclose(y[:, 0], -0.1) and np.allclose(y[:, 1], -0.2) and np.allclose(y[:, 2], -0.3)
    dw = act.param_grad(x, np.ones_like(x))
    assert dw.dtype == dtype and np.allclose(dw, [-8, -8, -8])
    assert np.allclose(actlab.Activation("prelu(num_parameters=3)").forward(-np.ones((5, 3), dtype)), -0.25)


def test_softmax_rows_and_axis(dtype):
    x = np.arange(24, dtype=dtype).reshape(2, 3, 4) / 7
    y = actlab.softmax(x)
    assert np.allclose(y.sum(axis=-1), 1)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    assert np.allclose(actlab.softmax(x, axis=1), e / e.sum(axis=1, keepdims=True), rtol=1e-6)
    assert np.allclose(actlab.log_softmax(x, axis=0), np.log(actlab.softmax(x, axis=0)), rtol=1e-5)
    assert same_bits(actlab.Activation("softmax(dim=4)").forward(x), y)


@pytest.mark.parametrize("spec", ["softmax(tier=fast)", "log_softmax(tier=fast)"])
def test_rows_keep_their_tier(spec):
    """The row length set from the shape keeps the spec's tier: finite rows (a NaN would make every
    result NaN, in either tier), the CLI's fast kernels, not the exact ones."""
    x = np.random.default_rng(3).standard_normal(1000).astype(np.float32) * 4
    fast = actlab.Activation(spec).forward(x.reshape(2, 500))
    exact = actlab.Activation(spec.replace("(tier=fast)", "")).forward(x.reshape(2, 500))
    assert not same_bits(fast, exact), "the tiers differ on these rows"
    assert same_bits(fast[1], cli_eval(spec, x[500:], "forward"))
    import torch  # the same Activation reaches the torch operators (shapes.cc)
    import actlab.torch as _  # noqa: F401  (loads the operators)
    assert same_bits(torch.ops.actlab.activation(torch.from_numpy(x.reshape(2, 500)), spec, None, -1).numpy(), fast)


def test_maxout_groups_the_last_axis(dtype):
    x = np.array([[1, 5, 2, 0], [-1, -2, 7, 7]], dtype)
    assert same_bits(actlab.maxout(x), np.array([[5, 2], [-1, 7]], dtype))
    assert actlab.maxout(np.zeros((2, 6), dtype), k=3).shape == (2, 2)


def test_param_grad_and_weights():
    act = actlab.Activation("swish", beta=1.5)
    assert list(act.weights) == [1.5]
    x = np.linspace(-3, 3, 101)
    dy = np.ones_like(x)
    h = 1e-6
    numeric = (actlab.swish(x, beta=1.5 + h).sum() - actlab.swish(x, beta=1.5 - h).sum()) / (2 * h)
    assert act.param_grad(x, dy)[0] == pytest.approx(numeric, rel=1e-7)
    act.set_weights([2.0])
    assert act.spec == "swish(beta=2)"
    assert same_bits(actlab.swish(x, weights=[2.0]), actlab.swish(x, beta=2.0))


def test_module_functions_follow_the_catalogue():
    for info in actlab.catalog():
        function = getattr(actlab, info["name"])
        assert info["summary"] in function.__doc__
    assert actlab.gelu(np.array([1.0]), approximate="tanh")[0] == actlab.Activation("gelu(approximate=tanh)").forward([1.0])[0]
    assert actlab.hardshrink([0.3, 1.0], lambd=0.5).tolist() == [0, 1]
    assert actlab.threshold([0.2, 0.7], 0.5, -1).tolist() == [-1, 0.7]


def test_info_and_catalogue():
    info = actlab.Activation("leaky_relu(0.1)").info
    assert info["name"] == "leaky_relu" and info["layout"] == "elementwise"
    assert info["params"][0]["name"] == "negative_slope" and info["params"][0]["default"] == 0.01
    assert info["properties"]["monotonic"] is True
    assert {i["name"] for i in actlab.catalog()} >= {"relu", "gelu", "softmax", "maxout", "prelu"}
    assert actlab.Activation("gelu(approximate=tanh)").params == {"approximate": "tanh"}
    assert actlab.Activation("prelu").params["num_parameters"] == 1


def test_pickle_keeps_spec_and_weights():
    act = actlab.Activation("prelu(num_parameters=2)")
    act.set_weights([0.3, -0.7])
    back = pickle.loads(pickle.dumps(act))
    assert back.spec == act.spec and list(back.weights) == [0.3, -0.7]


@pytest.mark.parametrize("spec", ["gelu", "relu", "sigmoid", "softmax(dim=1000)"])
def test_threads_give_the_same_bits(spec, dtype):
    x = inputs(dtype, n=100_000)[:200_000].reshape(200, 1000)
    results = []
    for n in (1, 2, 3):
        actlab.set_num_threads(n)
        assert actlab.num_threads() == n
        act = actlab.Activation(spec)
        results.append((act.forward(x), act.backward(x, np.ones_like(x))))
    for y, dx in results[1:]:
        assert same_bits(y, results[0][0]) and same_bits(dx, results[0][1])


def test_python_threads_share_one_activation():
    act = actlab.Activation("silu")
    x = inputs(np.float32, n=50_000)
    expected = act.forward(x)
    got = [None] * 4

    def work(i):
        for _ in range(5):
            got[i] = act.forward(x)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(same_bits(g, expected) for g in got)


def test_accuracy_of_actlab_and_of_a_python_function():
    own = actlab.accuracy("sigmoid", samples=20_000)
    assert own["count"] == 20_000 and own["max_ulp"] <= actlab.Activation("sigmoid").info["ulp_f32"]
    naive = actlab.accuracy("sigmoid", lambda x: (1 / (1 + np.exp(-x.astype(np.float32)))).astype(np.float32),
                            samples=20_000, lo=-20, hi=20)
    assert naive["max_ulp"] > own["max_ulp"]
    backward = actlab.accuracy("tanh", dtype="float64", direction="backward", samples=10_000)
    assert backward["max_ulp"] <= actlab.Activation("tanh").info["ulp_f64_backward"]


def test_targets():
    targets = actlab.compiled_targets()
    assert actlab.current_target() in targets
    x = inputs(np.float32, n=1000)
    best = actlab.gelu(x)
    try:
        for t in targets:
            actlab.force_target(t)
            assert actlab.current_target() == t
            np.testing.assert_allclose(actlab.gelu(x), best, rtol=1e-6, atol=1e-37)
    finally:
        actlab.force_target("")


# The GLU family's f in float64, y = up * f(gate), for the module functions' checks; gelu's
# 1 + erf(x) and 1 + tanh(z) written as erfc(-x) and 2 sigmoid(2z), which keep their digits at x < 0.
_SIGMOID = lambda g: 1 / (1 + np.exp(-g))  # noqa: E731
_ERFC = np.vectorize(math.erfc)
GATED_FORMULAS = {
    "glu": lambda g: _SIGMOID(g),
    "reglu": lambda g: np.maximum(g, 0),
    "geglu": lambda g: g * _ERFC(-g / math.sqrt(2)) / 2,
    "geglu(approximate=tanh)": lambda g: g * _SIGMOID(2 * math.sqrt(2 / math.pi) * (g + 0.044715 * g**3)),
    "swiglu": lambda g: g * _SIGMOID(g),
    "swiglu(beta=1.7)": lambda g: g * _SIGMOID(1.7 * g),
}


@pytest.mark.parametrize("spec", sorted(GATED_FORMULAS))
def test_gated_module_functions_are_their_formulas(spec, dtype):
    act = actlab.Activation(spec)
    function = getattr(actlab, act.name)
    kwargs = {k: v for k, v in act.params.items() if k != "dim"}
    rng = np.random.default_rng(8)
    x = (rng.standard_normal((5, 3, 8)) * 3).astype(dtype)
    up, gate = x[..., :4].astype(np.float64), x[..., 4:].astype(np.float64)
    expected = up * GATED_FORMULAS[spec](gate)
    y = function(x, **kwargs)
    assert y.shape == (5, 3, 4) and y.dtype == dtype
    assert same_bits(y, act.forward(x))
    if dtype == np.float32:  # float32 in float64 lanes, one rounding: against float64's formula
        assert ulp_error(y, expected).max() <= (act.ulp_bound("float32") or 0.5)
    else:
        np.testing.assert_allclose(y, expected, rtol=1e-13, atol=1e-300)
    # Any axis, as softmax's: moved last, halved, moved back.
    y1 = function(x, **kwargs, axis=-1)
    assert same_bits(y1, y)
    y0 = function(x.transpose(2, 0, 1), **kwargs, axis=0)
    assert y0.shape == (4, 5, 3) and same_bits(y0, y.transpose(2, 0, 1))
    out = np.empty((5, 3, 4), dtype)
    assert function(x, **kwargs, out=out) is out and same_bits(out, y)


def test_gated_forward_and_backward_on_two_arrays(dtype):
    act = actlab.Activation("swiglu")
    rng = np.random.default_rng(9)
    gate, up = (rng.standard_normal((3, 7)).astype(dtype) for _ in range(2))
    s = _SIGMOID(gate.astype(np.float64))
    y = act.gated_forward(gate, up)
    assert y.shape == (3, 7) and y.dtype == dtype
    np.testing.assert_allclose(y, up * gate * s, rtol=1e-6 if dtype == np.float32 else 1e-14)
    dy = rng.standard_normal((3, 7)).astype(dtype)
    dgate, dup = act.gated_backward(gate, up, dy)
    assert dgate.dtype == dup.dtype == dtype
    np.testing.assert_allclose(dup, dy * gate * s, rtol=1e-6 if dtype == np.float32 else 1e-14)
    np.testing.assert_allclose(dgate, dy * up * (s + gate * s * (1 - s)), rtol=1e-5 if dtype == np.float32 else 1e-12,
                               atol=1e-6 if dtype == np.float32 else 1e-14)
    # out= in place over either input; views are read through a copy.
    expected = y.copy()
    assert act.gated_forward(gate, up, out=up) is up and same_bits(up, expected)
    wide = np.repeat(gate, 2, axis=1)  # every column twice: strided views of gate
    assert same_bits(act.gated_forward(wide[:, ::2], wide[:, 1::2]), act.gated_forward(gate, gate))
    assert same_bits(act.gated_forward(gate.T, gate.T), act.gated_forward(gate, gate).T)


def test_gated_layer_keeps_x_and_gives_both_halves(dtype):
    layer = actlab.Layer("reglu")
    x = np.array([[1.0, 2.0, 0.5, -1.0], [3.0, 4.0, 2.0, 2.0]], dtype)  # rows [up | gate]
    y = layer.forward(x)
    assert same_bits(y, np.array([[0.5, 0.0], [6.0, 8.0]], dtype))
    dx = layer.backward(np.ones((2, 2), dtype))  # [dup = relu(gate), dgate = up * (gate > 0)]
    assert same_bits(dx, np.array([[0.5, 0.0, 1.0, 0.0], [2.0, 2.0, 3.0, 4.0]], dtype))
