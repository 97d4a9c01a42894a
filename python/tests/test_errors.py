"""Every refused call: its exception type, its message, and nothing written."""
import numpy as np
import pytest

import actlab
from conftest import refused


def test_error_is_a_value_error():
    assert issubclass(actlab.Error, ValueError)


@pytest.mark.parametrize("spec, match", [
    ("relux", r"unknown activation 'relux'"),
    ("", r"expected an activation name"),
    ("leaky_relu(0.1", r"missing '\)'"),
    ("leaky_relu(slope=0.1)", r"unknown parameter 'slope' of leaky_relu"),
    ("elu(alpha=nan)", r"alpha"),
    ("softplus(beta=0)", r"beta must be in \(0"),
    ("gelu(approximate=cubic)", r"approximate"),
    ("maxout(k=2.5)", r"k must be a whole number"),
    ("relu(1)", r"relu takes 0 parameter"),
])
def test_bad_specs(spec, match):
    with pytest.raises(actlab.Error, match=match):
        actlab.Activation(spec)


def test_bad_keyword_parameters():
    with pytest.raises(actlab.Error, match=r"leaky_relu: unknown parameter 'slope'"):
        actlab.Activation("leaky_relu", slope=0.1)
    with pytest.raises(actlab.Error, match=r"not both"):
        actlab.Activation("leaky_relu(0.1)", negative_slope=0.2)
    with pytest.raises(TypeError, match=r"leaky_relu: negative_slope must be a number, got str"):
        actlab.Activation("leaky_relu", negative_slope="big")
    with pytest.raises(actlab.Error, match=r"gelu: approximate must be one of none, tanh, got 'cubic'"):
        actlab.Activation("gelu", approximate="cubic")
    with pytest.raises(actlab.Error, match=r"negative_slope must be a finite number"):
        actlab.leaky_relu([1.0], negative_slope=float("inf"))
    with pytest.raises(TypeError, match=r"leaky_relu: .*unexpected keyword argument 'slope'"):
        actlab.leaky_relu([1.0], slope=0.2)


@pytest.mark.parametrize("dtype, name", [(np.int32, "int32"), (np.int64, "int64"), (np.uint16, "uint16"),
                                         (np.complex64, "complex64"), (np.bool_, "bool"), (np.longdouble, "float128")])
def test_unsupported_dtypes(dtype, name):
    x = np.ones(4, dtype)
    with pytest.raises(TypeError, match=rf"relu: x is an array of {name}; actlab takes float16, float32 or float64"):
        actlab.relu(x)


def test_byte_swapped_arrays():
    with pytest.raises(TypeError, match=r"not in the machine's byte order"):
        actlab.relu(np.ones(3, dtype=np.dtype(np.float32).newbyteorder()))


def test_mixed_dtypes():
    act = actlab.Activation("tanh")
    x = np.ones(4, np.float32)
    with pytest.raises(TypeError, match=r"tanh.backward: dy is float64, x is float32"):
        act.backward(x, np.ones(4))
    out = np.zeros(4)
    refused(TypeError, r"tanh.forward: out is float64, the input is float32", lambda: act.forward(x, out=out), out)


def test_out_must_be_writable_contiguous_and_the_right_shape():
    act = actlab.Activation("sigmoid")
    x = np.linspace(-1, 1, 12)
    strided = np.zeros(24)[::2]
    refused(actlab.Error, r"sigmoid.forward: out must be C-contiguous", lambda: act.forward(x, out=strided), strided)
    frozen = np.zeros(12)
    frozen.flags.writeable = False
    refused(actlab.Error, r"sigmoid.forward: out is read-only", lambda: act.forward(x, out=frozen), frozen)
    wrong = np.zeros(11)
    refused(actlab.Error, r"out has shape \(11,\), expected \(12,\)", lambda: act.forward(x, out=wrong), wrong)
    reshaped = np.zeros((3, 4))
    refused(actlab.Error, r"out has shape \(3, 4\), expected \(12,\)", lambda: act.forward(x, out=reshaped), reshaped)
    with pytest.raises(TypeError, match=r"out must be a numpy array, got list"):
        act.forward(x, out=[0.0] * 12)


def test_out_partly_overlapping_an_input():
    buffer = np.linspace(-1, 1, 20)
    x, out = buffer[:12], buffer[4:16]
    refused(actlab.Error, r"y overlaps an input without being the very same buffer",
            lambda: actlab.Activation("relu").forward(x, out=out), buffer)
    dy = np.ones(12)
    refused(actlab.Error, r"dx overlaps an input", lambda: actlab.Activation("relu").backward(x, dy, out=out), buffer)


def test_shape_mismatches():
    act = actlab.Activation("elu")
    with pytest.raises(actlab.Error, match=r"elu.backward: dy has shape \(3,\), expected \(4,\)"):
        act.backward(np.ones(4), np.ones(3))
    with pytest.raises(actlab.Error, match=r"elu.backward_from_output: dy has shape \(2, 2\), expected \(4,\)"):
        act.backward_from_output(np.ones(4), np.ones((2, 2)))
    with pytest.raises(actlab.Error, match=r"maxout: input of shape \(2, 3\) does not split its last axis into groups of k = 2"):
        actlab.maxout(np.ones((2, 3)))
    with pytest.raises(actlab.Error, match=r"prelu: input of shape \(2, 4\) has 4 channel\(s\) on axis 1, but there are 3 slopes"):
        actlab.Activation("prelu(num_parameters=3)").forward(np.ones((2, 4)))
    with pytest.raises(actlab.Error, match=r"softmax: input of shape \(2, 5\) has rows of 5 on its last axis, but dim = 4"):
        actlab.Activation("softmax(dim=4)").forward(np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"softmax: axis 2 is out of range"):
        actlab.softmax(np.ones((2, 5)), axis=2)


def test_directions_that_do_not_exist():
    with pytest.raises(actlab.Error, match=r"mish.backward_from_output: f' is not a function of y; use backward from x"):
        actlab.Activation("mish").backward_from_output(np.ones(3), np.ones(3))
    with pytest.raises(actlab.Error, match=r"leaky_relu.backward_from_output: f' is not a function of y for these parameters"):
        actlab.Activation("leaky_relu(-0.5)").backward_from_output(np.ones(3), np.ones(3))
    with pytest.raises(actlab.Error, match=r"relu.param_grad: has no learnable parameters"):
        actlab.Activation("relu").param_grad(np.ones(3), np.ones(3))


def test_bad_weights():
    act = actlab.Activation("prelu(num_parameters=2)")
    with pytest.raises(actlab.Error, match=r"prelu.set_weights: got 3 values, expected 2"):
        act.set_weights([1, 2, 3])
    with pytest.raises(actlab.Error, match=r"prelu.set_weights: weights must be finite, got inf"):
        act.set_weights([1, np.inf])
    with pytest.raises(actlab.Error, match=r"swish.set_weights: beta must be in \[0"):
        actlab.Activation("swish").set_weights([-1.0])
    assert list(act.weights) == [0.25, 0.25], "a refused set_weights changes nothing"


def test_accuracy_refusals():
    with pytest.raises(actlab.Error, match=r"not elementwise"):
        actlab.accuracy("softmax")
    with pytest.raises(actlab.Error, match=r"fn returned \(3,\) of float32 for"):
        actlab.accuracy("relu", lambda x: np.zeros(3, np.float32), samples=100)
    with pytest.raises(ZeroDivisionError):
        actlab.accuracy("relu", lambda x: 1 / 0, samples=100)
    with pytest.raises(actlab.Error, match=r"direction must be forward, backward or from_output"):
        actlab.accuracy("relu", direction="sideways")


def test_layer_backward_before_forward():
    with pytest.raises(ValueError, match=r"relu: Layer.backward before forward"):
        actlab.Layer("relu").backward(np.ones(3))


def test_gated_shapes():
    with pytest.raises(actlab.Error, match=r"glu: input of shape \(2, 3\) has an odd last axis \(3\), which does not "
                                           r"split in halves \(up, then the gate\)"):
        actlab.glu(np.ones((2, 3)))
    with pytest.raises(actlab.Error, match=r"swiglu: input of shape \(\) has no last axis to split in halves"):
        actlab.swiglu(1.0)
    with pytest.raises(actlab.Error, match=r"glu: input of shape \(2, 4\) has rows of 4 on its last axis, but dim = 6"):
        actlab.Activation("glu(dim=6)").forward(np.ones((2, 4)))
    with pytest.raises(actlab.Error, match=r"glu: dim must be even \(rows split in halves\), got 3"):
        actlab.Activation("glu(dim=3)")
    with pytest.raises(actlab.Error, match=r"reglu: input of shape \(3, 4\) has an odd axis 0 \(3\), which does not"):
        actlab.reglu(np.ones((3, 4)), axis=0)
    with pytest.raises(ValueError, match=r"geglu: axis 2 is out of range for an array of 2 dimension\(s\)"):
        actlab.geglu(np.ones((2, 4)), axis=2)
    out = np.zeros((2, 2))
    refused(ValueError, r"glu: out= is for the last axis \(axis=-1\), got axis=0",
            lambda: actlab.glu(np.ones((4, 2)), axis=0, out=out), out)
    refused(actlab.Error, r"glu.forward: out has shape \(2, 2\), expected \(2, 1\)",
            lambda: actlab.glu(np.ones((2, 2)), out=out), out)
    act = actlab.Activation("glu")
    with pytest.raises(actlab.Error, match=r"glu.backward: dy has shape \(2, 4\), expected \(2, 2\)"):
        act.backward(np.ones((2, 4)), np.ones((2, 4)))
    with pytest.raises(actlab.Error, match=r"glu.backward_from_output: f' is not a function of y; use backward from x"):
        act.backward_from_output(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(actlab.Error, match=r"glu.param_grad: has no learnable parameters"):
        act.param_grad(np.ones((2, 4)), np.ones((2, 2)))


def test_gated_two_arrays():
    act = actlab.Activation("swiglu")
    out = np.zeros(4)
    refused(actlab.Error, r"swiglu.gated_forward: up has shape \(3,\), gate has \(4,\); they must be the same",
            lambda: act.gated_forward(np.ones(4), np.ones(3), out=out), out)
    refused(actlab.Error, r"up has shape \(2, 3\), gate has \(3, 2\)",  # one size is not enough
            lambda: act.gated_forward(np.ones((3, 2)), np.ones((2, 3)), out=out.reshape(2, 2)), out)
    refused(TypeError, r"swiglu.gated_forward: up is float64, gate is float32",
            lambda: act.gated_forward(np.ones(4, np.float32), np.ones(4), out=out), out)
    with pytest.raises(TypeError, match=r"swiglu: gate is an array of int32; actlab takes float16, float32 or float64"):
        act.gated_forward(np.ones(4, np.int32), np.ones(4, np.int32))
    with pytest.raises(TypeError, match=r"swiglu: up is an array of uint16"):
        act.gated_forward(np.ones(4), np.ones(4, np.uint16))
    refused(TypeError, r"swiglu.gated_forward: out is float32, the input is float64",
            lambda: act.gated_forward(np.ones(4), np.ones(4), out=out.astype(np.float32)), out)
    refused(actlab.Error, r"swiglu.gated_forward: out has shape \(4,\), expected \(2, 2\)",
            lambda: act.gated_forward(np.ones((2, 2)), np.ones((2, 2)), out=out), out)
    buffer = np.linspace(-1, 1, 8)
    refused(actlab.Error, r"y overlaps an input without being the very same buffer",
            lambda: act.gated_forward(buffer[:4], buffer[4:], out=buffer[2:6]), buffer)
    with pytest.raises(actlab.Error, match=r"swiglu.gated_backward: dy has shape \(3,\), expected that of gate, \(4,\)"):
        act.gated_backward(np.ones(4), np.ones(4), np.ones(3))
    with pytest.raises(TypeError, match=r"swiglu.gated_backward: dy is float32, gate is float64"):
        act.gated_backward(np.ones(4), np.ones(4), np.ones(4, np.float32))
    with pytest.raises(actlab.Error, match=r"swiglu.gated_backward: up has shape \(5,\), gate has \(4,\)"):
        act.gated_backward(np.ones(4), np.ones(5), np.ones(4))
    with pytest.raises(actlab.Error, match=r"relu.gated_forward: is not gated \(glu, reglu, geglu, swiglu are\)"):
        actlab.Activation("relu").gated_forward(np.ones(4), np.ones(4))
    with pytest.raises(actlab.Error, match=r"relu.gated_backward: is not gated"):
        actlab.Activation("relu").gated_backward(np.ones(4), np.ones(4), np.ones(4))
