"""actlab: neural-network activation functions for numpy, each within a proven ULP bound.

    import actlab
    y = actlab.gelu(x)                                # any shape, float16, float32 or float64
    act = actlab.Activation("leaky_relu", negative_slope=0.1)
    y = act.forward(x, out=x)                         # in place
    dx = act.backward(x, dy)                          # dy * f'(x)
    y = actlab.swiglu(x)                              # the last axis in halves: up, then the gate
    y = actlab.Activation("swiglu").gated_forward(gate, up)   # up * silu(gate), two arrays
    layer = actlab.Layer("prelu(num_parameters=8)")   # seed 002's Crelu for any activation

Arrays reach the C++ kernels without a copy when they are float16 / float32 / float64 and
C-contiguous (float16 is computed in float32, and wider where that leaves the rounding in doubt,
then rounded once);
`out=` is written in place (and only when the call is accepted). Refused calls raise
actlab.Error (a ValueError) or TypeError, naming the activation, the argument and what is wrong.
PyTorch modules and operators: `import actlab.torch`.
"""
import functools
import inspect

import numpy as np

from ._core import (Activation, Error, catalog, catalog_specs, compiled_targets, current_target,
                    force_target, num_threads, set_num_threads)
from ._core import accuracy as _accuracy
from .layer import Layer

__version__ = "0.1.0"

__all__ = ["Activation", "Error", "Layer", "accuracy", "catalog", "catalog_specs", "compiled_targets",
           "current_target", "force_target", "num_threads", "set_num_threads"]


def accuracy(activation, fn=None, *, dtype="float32", direction="forward", samples=1 << 20,
             lo=-np.inf, hi=np.inf, exhaustive=False):
    """The error of fn (default: actlab itself) against the activation's reference, in ULP.

    fn takes a 1-d array of inputs (x; y for direction="from_output") and returns f(x), f'(x) or
    f' from y as an array of the same dtype. Inputs are `samples` bit patterns evenly spaced over
    [lo, hi], or every float32 when exhaustive. Returns max_ulp, worst_input, mean_ulp, count,
    not_faithful (errors of 1 ULP or more), nan_wrong and nonfinite_for_finite.
    """
    act = activation if isinstance(activation, Activation) else Activation(activation)
    return _accuracy(act, fn, dtype, direction, samples, lo, hi, exhaustive)


# ---- one function per activation, generated from the catalogue ----

# Parameters that the array's shape sets: softmax's and the gated's row length, PReLU's block size.
_SHAPE_PARAMS = {"dim", "inner"}
# The library's parameter names that Python cannot spell (torch's spelling).
_PYTHON_NAMES = {"lambda": "lambd"}


def _python_name(param):
    return _PYTHON_NAMES.get(param["name"], param["name"])


@functools.lru_cache(maxsize=256)
def _cached(name, items):
    return Activation(name, **dict(items))


def _function(info):
    name = info["name"]
    params = [p for p in info["params"] if p["name"] not in _SHAPE_PARAMS]
    # Along an axis (the last by default): softmax's rows, the gated's halves.
    rows = info["layout"] in ("rows", "gated")
    gated = info["layout"] == "gated"
    learnable = bool(info["learnable"])

    def function(x, *args, out=None, **kwargs):
        try:
            bound = signature.bind(x, *args, out=out, **kwargs)
        except TypeError as e:
            raise TypeError(f"{name}: {e}") from None
        given = tuple((_python_name(p), bound.arguments[_python_name(p)]) for p in params
                      if _python_name(p) in bound.arguments)
        act = _cached(name, given)
        weights = bound.arguments.get("weights")
        if weights is not None:
            act = Activation(name, **dict(given))
            act.set_weights(weights)
        axis = bound.arguments.get("axis", -1)
        if not rows or axis == -1:
            return act.forward(x, out)
        if out is not None:
            raise ValueError(f"{name}: out= is for the last axis (axis=-1), got axis={axis}")
        x = np.asarray(x)
        if not -x.ndim <= axis < max(x.ndim, 1):
            raise ValueError(f"{name}: axis {axis} is out of range for an array of {x.ndim} dimension(s)")
        if gated and x.ndim and x.shape[axis] % 2:  # here, before the move, in the caller's terms
            raise Error(f"{name}: input of shape {x.shape} has an odd axis {axis} ({x.shape[axis]}), which does "
                        f"not split in halves (up, then the gate)")
        moved = np.moveaxis(x, axis, -1)
        return np.moveaxis(act.forward(moved), -1, axis)

    parameters = [inspect.Parameter("x", inspect.Parameter.POSITIONAL_ONLY)]
    for p in params:
        parameters.append(inspect.Parameter(_python_name(p), inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                            default=p["default"]))
    if rows:
        parameters.append(inspect.Parameter("axis", inspect.Parameter.KEYWORD_ONLY, default=-1))
    if learnable:
        parameters.append(inspect.Parameter("weights", inspect.Parameter.KEYWORD_ONLY, default=None))
    parameters.append(inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY, default=None))
    signature = inspect.Signature(parameters)
    function.__signature__ = signature
    function.__name__ = function.__qualname__ = name
    extra = ""
    if rows:
        extra += ("\n\n`axis` (default the last, even) split in halves: up, then the gate, as torch's "
                  "F.glu(x, dim); y's is half as long. Two arrays: Activation(name).gated_forward(gate, up)."
                  if gated else "\n\nRows along `axis` (default the last).")
    if learnable:
        extra += f"\n\nweights: {info['learnable']} (default: from the parameters)."
    function.__doc__ = (f"{info['summary']}.\n\n    f(x)  = {info['formula']}\n    f'(x) = {info['derivative']}"
                        f"\n\nParameters: " + (", ".join(f"{_python_name(p)} ({p['doc']})" for p in params) or "none")
                        + extra + "\n\nReturns y (written into `out` when given).")
    return function


for _info in catalog():
    globals()[_info["name"]] = _function(_info)
    __all__.append(_info["name"])
del _info
