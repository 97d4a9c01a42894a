"""torch.nn.functional's activations with their signatures, computed by actlab (scriptable).

    import actlab.torch.functional as AF
    y = AF.leaky_relu(x, 0.1)
    y = AF.activation(x, "swish(beta=1.7)")     # any spec of the catalogue
    y = AF.swiglu(x)                            # x's last dim in halves (up, then the gate), as F.glu
    y = AF.swiglu_gated(gate, up)               # up * silu(gate): two tensors of one shape
"""
from typing import Optional

import torch
from torch import Tensor

from . import _eager


def activation(input: Tensor, spec: str, weight: Optional[Tensor] = None, dim: int = -1,
               inplace: bool = False) -> Tensor:
    """Any activation of actlab's catalogue by spec; weight: PReLU's slopes or Swish's beta."""
    if torch.jit.is_scripting():
        if inplace:
            return torch.ops.actlab.activation_(input, spec, weight, dim)
        return torch.ops.actlab.activation(input, spec, weight, dim)
    return _eager_call(input, spec, weight, dim, inplace)


def gated(gate: Tensor, up: Tensor, spec: str) -> Tensor:
    """up * f(gate) for a gated activation of the catalogue (glu, reglu, geglu, swiglu) by spec, on
    two tensors of one shape and dtype; autograd differentiates both."""
    if torch.jit.is_scripting():
        return torch.ops.actlab.gated(gate, up, spec)
    return _eager_gated(gate, up, spec)


@torch.jit.unused
def _eager_gated(gate: Tensor, up: Tensor, spec: str) -> Tensor:
    return _eager.gated(gate, up, spec)


@torch.jit.unused
def _eager_call(input: Tensor, spec: str, weight: Optional[Tensor], dim: int, inplace: bool) -> Tensor:
    # The same operators as torch.ops.actlab's, entered without torch.ops' per-call schema
    # matching (python/src/torch_eager.cc).
    return (_eager.activation_ if inplace else _eager.activation)(input, spec, weight, dim)


# str(float) round-trips: Python gives the shortest form, TorchScript 17 digits; the library
# reads either back to the same double.
def relu(input: Tensor, inplace: bool = False) -> Tensor:
    return activation(input, "relu", None, -1, inplace)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    return activation(input, "leaky_relu(negative_slope=" + str(negative_slope) + ")", None, -1, inplace)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    return activation(input, "prelu", weight)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    return activation(input, "elu(alpha=" + str(alpha) + ")", None, -1, inplace)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    return activation(input, "selu", None, -1, inplace)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    return activation(input, "celu(alpha=" + str(alpha) + ")", None, -1, inplace)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    return activation(input, "gelu(approximate=" + approximate + ")")


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    return activation(input, "silu", None, -1, inplace)


def swish(input: Tensor, beta: float = 1.0) -> Tensor:
    return activation(input, "swish(beta=" + str(beta) + ")")


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    return activation(input, "mish", None, -1, inplace)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    return activation(input, "hardswish", None, -1, inplace)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    return activation(input, "hardsigmoid", None, -1, inplace)


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    spec = "hardtanh(min_val=" + str(min_val) + ", max_val=" + str(max_val) + ")"
    return activation(input, spec, None, -1, inplace)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    return activation(input, "relu6", None, -1, inplace)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    return activation(input, "softplus(beta=" + str(beta) + ", threshold=" + str(threshold) + ")")


def squared_relu(input: Tensor, inplace: bool = False) -> Tensor:
    return activation(input, "squared_relu", None, -1, inplace)


def squareplus(input: Tensor, b: float = 4.0) -> Tensor:
    return activation(input, "squareplus(b=" + str(b) + ")")


def bent_identity(input: Tensor) -> Tensor:
    return activation(input, "bent_identity")


def gaussian(input: Tensor) -> Tensor:
    return activation(input, "gaussian")


def arctan(input: Tensor) -> Tensor:
    return activation(input, "arctan")


def sine(input: Tensor, w0: float = 1.0) -> Tensor:
    return activation(input, "sine(w0=" + str(w0) + ")")


def snake(input: Tensor, alpha: float = 1.0) -> Tensor:
    return activation(input, "snake(alpha=" + str(alpha) + ")")


# RReLU's training slopes come from a counter-based hash of (seed, the element's index in the
# call): each training call draws a seed from torch's default generator (torch.manual_seed makes
# it reproducible), and the autograd node keeps the call's spec, seed included, so the backward
# uses the slopes its forward drew. An explicit seed makes a training call a fixed function.
def _draw_seed() -> int:
    """A seed for rrelu's training slopes, from torch's default generator: [0, 2^53)."""
    return int(torch.randint(0, 9007199254740992, [1], dtype=torch.int64).item())


def _rrelu_spec(lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
               seed: Optional[int] = None) -> str:
    """The library spec of rrelu: the mean slope, or (training) the slopes of `seed` (drawn if None)."""
    spec = "rrelu(lower=" + str(lower) + ", upper=" + str(upper)
    if not training:
        return spec + ")"
    if seed is None:
        seed = _draw_seed()
    return spec + ", mode=train, seed=" + str(seed) + ")"


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,
          inplace: bool = False, seed: Optional[int] = None) -> Tensor:
    return activation(input, _rrelu_spec(lower, upper, training, seed), None, -1, inplace)


def heaviside(input: Tensor, value: float = 0.0) -> Tensor:
    return activation(input, "heaviside(value=" + str(value) + ")")


def softsign(input: Tensor) -> Tensor:
    return activation(input, "softsign")


def tanhshrink(input: Tensor) -> Tensor:
    return activation(input, "tanhshrink")


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    return activation(input, "softshrink(lambda=" + str(lambd) + ")")


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    return activation(input, "hardshrink(lambda=" + str(lambd) + ")")


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    spec = "threshold(threshold=" + str(threshold) + ", value=" + str(value) + ")"
    return activation(input, spec, None, -1, inplace)


def logsigmoid(input: Tensor) -> Tensor:
    return activation(input, "logsigmoid")


def sigmoid(input: Tensor) -> Tensor:
    return activation(input, "sigmoid")


def tanh(input: Tensor) -> Tensor:
    return activation(input, "tanh")


def maxout(input: Tensor, k: int, dim: int = -1) -> Tensor:
    return activation(input, "maxout(k=" + str(k) + ")", None, dim)


def softmax(input: Tensor, dim: int) -> Tensor:
    return activation(input, "softmax", None, dim)


def log_softmax(input: Tensor, dim: int) -> Tensor:
    return activation(input, "log_softmax", None, dim)


# The GLU family (Dauphin et al. 2017; Shazeer 2020). On one tensor, as torch.nn.functional.glu:
# input's `dim` (even) split in halves, a (up) then b (the gate), y = a * f(b), dim half as long.
def glu(input: Tensor, dim: int = -1) -> Tensor:
    return activation(input, "glu", None, dim)


def reglu(input: Tensor, dim: int = -1) -> Tensor:
    return activation(input, "reglu", None, dim)


def geglu(input: Tensor, approximate: str = "none", dim: int = -1) -> Tensor:
    return activation(input, "geglu(approximate=" + approximate + ")", None, dim)


def swiglu(input: Tensor, beta: float = 1.0, dim: int = -1) -> Tensor:
    return activation(input, "swiglu(beta=" + str(beta) + ")", None, dim)


# On two tensors of one shape, as a transformer's MLP holds its gate and up projections
# (y = up * f(gate), e.g. LLaMA's w2(silu(w1 x) * w3 x) = w2(swiglu_gated(w1 x, w3 x))): the gate first.
def glu_gated(gate: Tensor, up: Tensor) -> Tensor:
    return gated(gate, up, "glu")


def reglu_gated(gate: Tensor, up: Tensor) -> Tensor:
    return gated(gate, up, "reglu")


def geglu_gated(gate: Tensor, up: Tensor, approximate: str = "none") -> Tensor:
    return gated(gate, up, "geglu(approximate=" + approximate + ")")


def swiglu_gated(gate: Tensor, up: Tensor, beta: float = 1.0) -> Tensor:
    return gated(gate, up, "swiglu(beta=" + str(beta) + ")")
