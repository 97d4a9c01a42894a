"""torch.nn drop-ins: the names, arguments, defaults and attributes of torch.nn's activations,
computed by actlab. Each module is scriptable (torch.jit.script) and calls one operator,
actlab::activation (activation_ when inplace=True; functional.activation) with a spec built once
from its arguments, and rebuilt when an argument attribute is assigned."""
import warnings
from typing import Optional

import torch
from torch import Tensor

import actlab
from . import _eager
from .functional import activation, _rrelu_spec

# The library's parameter names that Python cannot spell (torch's spelling on the left).
_LIBRARY_NAMES = {"lambd": "lambda"}


def spec_of(name, params):
    """The library spec of an activation with these (torch-spelled) parameters."""
    if not params:
        return name
    items = ", ".join(f"{_LIBRARY_NAMES.get(k, k)}={v!r}" if not isinstance(v, str) else
                      f"{_LIBRARY_NAMES.get(k, k)}={v}" for k, v in params.items())
    return f"{name}({items})"


class Activation(torch.nn.Module):
    """Any activation of actlab's catalogue as a module: Activation("swish(beta=1.7)").

    inplace=True overwrites the input and differentiates from the output, so it needs f' as a
    function of y (refused otherwise: silu, mish, gelu...). dim is the axis of softmax's rows and
    maxout's groups.
    """
    __constants__ = ["spec", "dim", "inplace"]
    _param_names = ()

    def __init__(self, spec: str, inplace: bool = False, dim: int = -1):
        super().__init__()
        library = actlab.Activation(spec)  # refuses unknown names and bad parameters here
        if inplace and not library.has_backward_from_output:
            raise ValueError(f"{library.name}: inplace=True needs f' as a function of y, which "
                             f"{library.spec} does not have; use inplace=False")
        self.spec = library.spec
        self.inplace = inplace
        self.dim = dim
        self.register_parameter("weight", None)

    def forward(self, input: Tensor) -> Tensor:
        if torch.jit.is_scripting():
            return activation(input, self.spec, self.weight, self.dim, self.inplace)
        # Eager: straight to the operator's entry, one Python frame less (the same operator), and
        # the weight from the parameter dict (self.weight goes through nn.Module.__getattr__:
        # 0.35 µs, a tenth of a call).
        return (_eager.activation_ if self.inplace else _eager.activation)(
            input, self.spec, self._parameters["weight"], self.dim)

    def extra_repr(self):
        return repr(self.spec) + (", inplace=True" if self.inplace else "")


class _Named(Activation):
    """A torch.nn activation's arguments kept as attributes (as torch.nn keeps them)."""

    def __init__(self, name, inplace=False, dim=-1, **params):
        object.__setattr__(self, "_name", name)
        super().__init__(spec_of(name, params), inplace, dim)
        for k, v in params.items():
            object.__setattr__(self, k, v)
        object.__setattr__(self, "_param_names", tuple(params))

    def __setattr__(self, key, value):
        # torch.nn modules read their arguments at each call; these read the spec made of them.
        if key in self.__dict__.get("_param_names", ()):
            params = {k: (value if k == key else getattr(self, k)) for k in self._param_names}
            library = actlab.Activation(spec_of(self._name, params))  # refuses bad values
            object.__setattr__(self, key, value)
            super().__setattr__("spec", library.spec)
            return
        super().__setattr__(key, value)

    def extra_repr(self):
        parts = [f"{k}={getattr(self, k)!r}" if isinstance(getattr(self, k), str) else
                 f"{k}={getattr(self, k)}" for k in self._param_names]
        if self.inplace:
            parts.append("inplace=True")
        return ", ".join(parts)


class ReLU(_Named):
    def __init__(self, inplace: bool = False):
        super().__init__("relu", inplace)


class LeakyReLU(_Named):
    def __init__(self, negative_slope: float = 1e-2, inplace: bool = False):
        super().__init__("leaky_relu", inplace, negative_slope=negative_slope)


class ELU(_Named):
    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__("elu", inplace, alpha=alpha)


class SELU(_Named):
    def __init__(self, inplace: bool = False):
        super().__init__("selu", inplace)


class CELU(_Named):
    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__("celu", inplace, alpha=alpha)


class GELU(_Named):
    def __init__(self, approximate: str = "none"):
        super().__init__("gelu", approximate=approximate)


class SiLU(_Named):
    def __init__(self, inplace: bool = False):
        super().__init__("silu", inplace)


class Mish(_Named):
    def __init__(self, inplace: bool = False):
        super().__init__("mish", inplace)


class Hardswish(_Named):
    def __init__(self, inplace: bool = False):
        super().__init__("hardswish", inplace)


class Hardsigmoid(_Named):
    def __init__(self, inplace: bool = False):
        super().__init__("hardsigmoid", inplace)


class Hardtanh(_Named):
    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False):
        super().__init__("hardtanh", inplace, min_val=min_val, max_val=max_val)


class ReLU6(_Named):
    def __init__(self, inplace: bool = False):
        super().__init__("relu6", inplace)


class Softplus(_Named):
    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__("softplus", beta=beta, threshold=threshold)


class Softsign(_Named):
    def __init__(self):
        super().__init__("softsign")


class Tanhshrink(_Named):
    def __init__(self):
        super().__init__("tanhshrink")


class Softshrink(_Named):
    def __init__(self, lambd: float = 0.5):
        super().__init__("softshrink", lambd=lambd)


class Hardshrink(_Named):
    def __init__(self, lambd: float = 0.5):
        super().__init__("hardshrink", lambd=lambd)


class Threshold(_Named):
    def __init__(self, threshold: float, value: float, inplace: bool = False):
        super().__init__("threshold", inplace, threshold=threshold, value=value)


class LogSigmoid(_Named):
    def __init__(self):
        super().__init__("logsigmoid")


class Sigmoid(_Named):
    def __init__(self):
        super().__init__("sigmoid")


class Tanh(_Named):
    def __init__(self):
        super().__init__("tanh")


class Identity(_Named):
    """Takes and ignores any arguments, as torch.nn.Identity does."""

    def __init__(self, *args, **kwargs):
        super().__init__("identity")


class PReLU(_Named):
    """Leaky ReLU with learned slopes: `weight` (num_parameters of them, an nn.Parameter), one per
    channel (axis 1) or one shared."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device=None, dtype=None):
        super().__init__("prelu", num_parameters=num_parameters, init=init)
        self.weight = torch.nn.Parameter(torch.empty(num_parameters, device=device, dtype=dtype).fill_(init))

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"  # as torch.nn.PReLU: init is only where the slopes started


class Swish(_Named):
    """x * sigmoid(beta x) (Ramachandran et al. 2017); learnable=True makes beta an nn.Parameter
    (`weight`, one value), trained by its gradient."""

    def __init__(self, beta: float = 1.0, learnable: bool = False, device=None, dtype=None):
        super().__init__("swish", beta=beta)
        if learnable:
            self.weight = torch.nn.Parameter(torch.full((1,), float(beta), device=device, dtype=dtype))


class Maxout(_Named):
    """The largest of each group of k consecutive entries along dim (Goodfellow et al. 2013):
    (..., k * m) -> (..., m)."""

    def __init__(self, k: int, dim: int = -1):
        super().__init__("maxout", dim=dim, k=k)


# Activations that torch.nn does not have, in the same style (issue: gated and newer activations).
class SquaredReLU(_Named):
    """max(0, x)^2 (So et al. 2021, Primer)."""

    def __init__(self, inplace: bool = False):
        super().__init__("squared_relu", inplace)


class Squareplus(_Named):
    """(x + sqrt(x^2 + b)) / 2 (Barron 2021; b = 4 as jax.nn.squareplus)."""

    def __init__(self, b: float = 4.0, inplace: bool = False):
        super().__init__("squareplus", inplace, b=b)


class BentIdentity(_Named):
    """(sqrt(x^2 + 1) - 1) / 2 + x."""

    def __init__(self):
        super().__init__("bent_identity")


class Gaussian(_Named):
    """exp(-x^2)."""

    def __init__(self):
        super().__init__("gaussian")


class Arctan(_Named):
    """atan(x)."""

    def __init__(self, inplace: bool = False):
        super().__init__("arctan", inplace)


class Sine(_Named):
    """sin(w0 x) (Sitzmann et al. 2020, SIREN: w0 = 30 in the first layer)."""

    def __init__(self, w0: float = 1.0, inplace: bool = False):
        super().__init__("sine", inplace, w0=w0)


class Snake(_Named):
    """x + sin^2(alpha x) / alpha (Ziyin, Hartwig & Ueda 2020; BigVGAN); learnable=True (the
    default) makes alpha an nn.Parameter (`weight`, one value), trained by its gradient, as
    Swish's beta."""

    def __init__(self, alpha: float = 1.0, learnable: bool = True, device=None, dtype=None):
        super().__init__("snake", alpha=alpha)
        if learnable:
            self.weight = torch.nn.Parameter(torch.full((1,), float(alpha), device=device, dtype=dtype))


class RReLU(_Named):
    """torch.nn.RReLU's drop-in (Xu et al. 2015): slope (lower + upper) / 2 in eval mode; in
    training mode a slope per element from U(lower, upper), a new draw at each forward (a seed
    from torch's default generator: torch.manual_seed reproduces it), which its backward meets.
    The draws are the library's hash of (seed, index), not torch's: the slopes differ from
    torch.nn.RReLU's."""

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False):
        super().__init__("rrelu", inplace, lower=lower, upper=upper)

    def forward(self, input: Tensor) -> Tensor:
        spec = self.spec
        if self.training:
            spec = _rrelu_spec(self.lower, self.upper, True, None)
        if torch.jit.is_scripting():
            return activation(input, spec, None, self.dim, self.inplace)
        return (_eager.activation_ if self.inplace else _eager.activation)(input, spec, None, self.dim)


class Heaviside(_Named):
    """The unit step, `value` at 0 (torch.heaviside's `values`); its gradient is 0."""

    def __init__(self, value: float = 0.0, inplace: bool = False):
        super().__init__("heaviside", inplace, value=value)


class _Gated(_Named):
    """The GLU family: forward(input) splits input's `dim` (even) in halves, up then the gate, as
    torch.nn.GLU does, and returns up * f(gate), dim half as long; forward(gate, up) takes them as
    two tensors of one shape (a transformer MLP's projections). Autograd differentiates both."""

    def forward(self, input: Tensor, up: Optional[Tensor] = None) -> Tensor:
        if up is None:
            if torch.jit.is_scripting():
                return activation(input, self.spec, None, self.dim, False)
            return _eager.activation(input, self.spec, None, self.dim)
        if torch.jit.is_scripting():
            return torch.ops.actlab.gated(input, up, self.spec)
        return _eager.gated(input, up, self.spec)

    def extra_repr(self):
        return ", ".join([p for p in [super().extra_repr()] if p] + [f"dim={self.dim}"])


class GLU(_Gated):
    """up * sigmoid(gate) (Dauphin et al. 2017), torch.nn.GLU's drop-in."""

    def __init__(self, dim: int = -1):
        super().__init__("glu", dim=dim)


class ReGLU(_Gated):
    """up * relu(gate) (Shazeer 2020)."""

    def __init__(self, dim: int = -1):
        super().__init__("reglu", dim=dim)


class GeGLU(_Gated):
    """up * gelu(gate), approximate "none" (erf) or "tanh" as torch.nn.GELU (Shazeer 2020)."""

    def __init__(self, approximate: str = "none", dim: int = -1):
        super().__init__("geglu", dim=dim, approximate=approximate)


class SwiGLU(_Gated):
    """up * gate * sigmoid(beta gate), beta = 1: up * silu(gate) (Shazeer 2020; PaLM, LLaMA)."""

    def __init__(self, beta: float = 1.0, dim: int = -1):
        super().__init__("swiglu", dim=dim, beta=beta)


class _Rows(_Named):
    """softmax and log_softmax along dim; dim=None picks it as torch does (deprecated there too)."""
    __constants__ = ["spec", "dim", "inplace", "implicit"]

    def __init__(self, name, dim: Optional[int] = None):
        super().__init__(name, dim=-1 if dim is None else dim)
        self.implicit = dim is None

    def forward(self, input: Tensor) -> Tensor:
        dim = self.dim
        if self.implicit:
            warnings.warn("Implicit dimension choice for " + self.spec + " has been deprecated. "
                          "Change the call to include dim=X as an argument.")
            rank = input.dim()
            dim = 0 if rank == 0 or rank == 1 or rank == 3 else 1
        return activation(input, self.spec, None, dim, False)

    def extra_repr(self):
        return "dim=None" if self.implicit else f"dim={self.dim}"


class Softmax(_Rows):
    def __init__(self, dim: Optional[int] = None):
        super().__init__("softmax", dim)


class LogSoftmax(_Rows):
    def __init__(self, dim: Optional[int] = None):
        super().__init__("log_softmax", dim)
