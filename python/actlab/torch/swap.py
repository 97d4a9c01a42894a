"""swap_activations: an existing model's torch.nn activations replaced by actlab's, in place."""
from typing import NamedTuple

import torch

from . import modules as am

nn = torch.nn


class Replacement(NamedTuple):
    name: str                # the module's qualified name in the model
    before: torch.nn.Module  # the torch.nn module
    after: torch.nn.Module   # actlab's (None when left alone)
    note: str = ""           # what changed beyond the computation, or why it was left

    def __str__(self):
        change = f"{self.before} -> actlab {self.after}" if self.after is not None else f"{self.before} kept"
        return f"{self.name}: {change}" + (f" ({self.note})" if self.note else "")


def _inplace(make, old):
    """In place where actlab can (f' from y), else out of place, said in the note."""
    try:
        return make(old.inplace), ""
    except ValueError:
        return make(False), "inplace=True dropped: f' is not a function of y"


def _prelu(old):
    new = am.PReLU(old.num_parameters, device=old.weight.device, dtype=old.weight.dtype)
    with torch.no_grad():
        new.weight.copy_(old.weight)
    new.weight.requires_grad_(old.weight.requires_grad)
    return new, ""


# By exact type: ReLU6 is a subclass of Hardtanh in torch.nn.
_CONVERTERS = {
    nn.ReLU: lambda m: _inplace(am.ReLU, m),
    nn.LeakyReLU: lambda m: _inplace(lambda i: am.LeakyReLU(m.negative_slope, i), m),
    nn.PReLU: _prelu,
    nn.ELU: lambda m: _inplace(lambda i: am.ELU(m.alpha, i), m),
    nn.SELU: lambda m: _inplace(am.SELU, m),
    nn.CELU: lambda m: _inplace(lambda i: am.CELU(m.alpha, i), m),
    nn.GELU: lambda m: (am.GELU(getattr(m, "approximate", "none")), ""),
    nn.SiLU: lambda m: _inplace(am.SiLU, m),
    nn.Mish: lambda m: _inplace(am.Mish, m),
    nn.Hardswish: lambda m: _inplace(am.Hardswish, m),
    nn.Hardsigmoid: lambda m: _inplace(am.Hardsigmoid, m),
    nn.Hardtanh: lambda m: _inplace(lambda i: am.Hardtanh(m.min_val, m.max_val, i), m),
    nn.ReLU6: lambda m: _inplace(am.ReLU6, m),
    nn.Softplus: lambda m: (am.Softplus(m.beta, m.threshold), ""),
    nn.Softsign: lambda m: (am.Softsign(), ""),
    nn.Tanhshrink: lambda m: (am.Tanhshrink(), ""),
    nn.Softshrink: lambda m: (am.Softshrink(m.lambd), ""),
    nn.Hardshrink: lambda m: (am.Hardshrink(m.lambd), ""),
    nn.Threshold: lambda m: _inplace(lambda i: am.Threshold(m.threshold, m.value, i), m),
    nn.LogSigmoid: lambda m: (am.LogSigmoid(), ""),
    nn.Sigmoid: lambda m: (am.Sigmoid(), ""),
    nn.Tanh: lambda m: (am.Tanh(), ""),
    nn.Softmax: lambda m: (am.Softmax(m.dim), ""),
    nn.LogSoftmax: lambda m: (am.LogSoftmax(m.dim), ""),
    nn.GLU: lambda m: (am.GLU(m.dim), ""),
}

# Activations torch.nn has and actlab does not (yet): reported, left in the model.
_UNSUPPORTED = (nn.RReLU, nn.Softmin, nn.Softmax2d)


def swap_activations(model: torch.nn.Module):
    """Replaces, in place, every torch.nn activation module in `model` by actlab's equivalent
    (same arguments; PReLU's learned slopes copied) and returns what it did, a Replacement per
    module found (printing one says it). Activations called as functions inside a forward
    (torch.relu(x), F.gelu(x)) are code, not modules: they stay as they are."""
    done = []

    def walk(parent, prefix):
        for name, child in list(parent.named_children()):
            qualified = f"{prefix}{name}"
            convert = _CONVERTERS.get(type(child))
            if convert is not None:
                new, note = convert(child)
                new.train(child.training)
                setattr(parent, name, new)
                done.append(Replacement(qualified, child, new, note))
            elif isinstance(child, _UNSUPPORTED):
                done.append(Replacement(qualified, child, None, "actlab has no equivalent"))
            else:
                walk(child, qualified + ".")

    walk(model, "")
    return done
