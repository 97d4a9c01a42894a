"""actlab for PyTorch: operators with autograd in C++, torch.nn drop-in modules, a functional API.

    import actlab.torch as at
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), at.GELU(), torch.nn.Linear(8, 2), at.PReLU())
    at.swap_activations(existing_model)        # torch.nn activations -> actlab's, in place
    mlp_hidden = at.SwiGLU()(gate_proj(x), up_proj(x))   # up * silu(gate); at.SwiGLU()(x): F.glu's halves

The operators live in namespace torch.ops.actlab (activation, activation_, backward,
backward_from_output, param_grad, gated, gated_backward, set_num_threads), so a model that uses
them can be torch.jit.script-ed, saved and loaded (import actlab.torch before torch.jit.load).
Tensors stay on the CPU, float32, float64, bfloat16 or float16 (the 16-bit results and gradients
computed wider and rounded once, by the library's 16-bit calls); refused calls raise ValueError or
TypeError with the library's message.
"""
import os as _os

import torch as _torch

_torch.ops.load_library(_os.path.join(_os.path.dirname(__file__), "libactlab_torch.so"))

from . import functional  # noqa: E402
from .modules import (CELU, ELU, GELU, GLU, SELU, Activation, Arctan, BentIdentity,  # noqa: E402
                      Gaussian, GeGLU, Hardshrink, Hardsigmoid, Hardswish, Hardtanh, Heaviside, Identity,
                      LeakyReLU, LogSigmoid, LogSoftmax, Maxout, Mish, PReLU, ReGLU, ReLU, ReLU6, RReLU,
                      Sigmoid, SiLU, Sine, Snake, Softmax, Softplus, Softshrink, Softsign, Squareplus, SquaredReLU, SwiGLU,
                      Swish, Tanh, Tanhshrink, Threshold)
from .swap import Replacement, swap_activations  # noqa: E402

__all__ = ["Activation", "Arctan", "BentIdentity", "CELU", "ELU", "GELU", "GLU", "Gaussian", "GeGLU", "Hardshrink",
           "Hardsigmoid", "Hardswish", "Hardtanh", "Heaviside", "Identity", "LeakyReLU", "LogSigmoid", "LogSoftmax", "Maxout", "Mish",
           "PReLU", "ReGLU", "ReLU", "ReLU6", "Replacement", "RReLU", "SELU", "Sigmoid", "SiLU", "Sine", "Snake", "Softmax",
           "Softplus", "Softshrink", "Softsign", "Squareplus", "SquaredReLU", "SwiGLU", "Swish", "Tanh", "Tanhshrink", "Threshold",
           "functional", "set_num_threads", "num_threads", "swap_activations"]


def set_num_threads(n):
    """actlab's threads for large tensors (the same setting as actlab.set_num_threads); 0: all
    cores. torch's own threads are torch.set_num_threads'."""
    _torch.ops.actlab.set_num_threads(n)


def num_threads():
    return _torch.ops.actlab.num_threads()
