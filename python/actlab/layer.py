"""The seeds' activation layers (seed 002's Crelu and CleakyRelu, seed 000's top_val mask) for
any activation of the catalogue."""
import numpy as np

from ._core import Activation


class Layer:
    """An activation layer: forward(x) keeps what backward needs, backward(dy) returns dx.

    What is kept is the output y where f' is a function of y (the seeds' ReLU mask and top_val:
    relu, sigmoid, tanh, elu...) and the input x otherwise (gelu, swish, mish...) or when a
    learnable value needs its gradient. Both are kept by reference, as the seeds keep them: do not
    overwrite them between forward and backward. The gradient of the learnable values (PReLU's
    slopes, Swish's beta) is added to `grad` by each backward; `zero_grad()` clears it.

        layer = actlab.Layer("prelu(num_parameters=4)")
        y = layer.forward(x)          # x: (batch, 4)
        dx = layer.backward(dy)       # layer.grad += dL/dslopes
        layer.weights = layer.weights - lr * layer.grad
    """

    def __init__(self, spec, **params):
        self.activation = spec if isinstance(spec, Activation) else Activation(spec, **params)
        self.grad = np.zeros(len(self.activation.weights))
        self._saved = None  # ("x", x) or ("y", y) from the last forward

    @property
    def spec(self):
        return self.activation.spec

    @property
    def weights(self):
        return self.activation.weights

    @weights.setter
    def weights(self, values):
        self.activation.set_weights(values)

    @property
    def learnable(self):
        return len(self.grad) > 0

    def zero_grad(self):
        self.grad[:] = 0

    def forward(self, x):
        y = self.activation.forward(x)
        keep_y = self.activation.has_backward_from_output and not self.learnable
        self._saved = ("y", y) if keep_y else ("x", x)
        return y

    __call__ = forward

    def backward(self, dy):
        if self._saved is None:
            raise ValueError(f"{self.activation.name}: Layer.backward before forward")
        kind, value = self._saved
        if kind == "y":
            return self.activation.backward_from_output(value, dy)
        dx = self.activation.backward(value, dy)
        if self.learnable:
            self.grad += self.activation.param_grad(value, dy)
        return dx

    def __repr__(self):
        return f"actlab.Layer('{self.spec}')"
