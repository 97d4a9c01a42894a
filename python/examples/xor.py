# XOR with the seeds' layer objects (seed 002's Crelu, for any activation): numpy for the linear
# layers, actlab.Layer for the activations. PReLU's slopes learn by their gradient.
import numpy as np
import actlab

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
T = np.array([[0], [1], [1], [0]], dtype=float)
rng = np.random.default_rng(1)
W1, b1 = rng.normal(0, 1, (2, 4)), np.zeros(4)
W2, b2 = rng.normal(0, 1, (4, 1)), np.zeros(1)
hidden, output = actlab.Layer("prelu(num_parameters=4)"), actlab.Layer("sigmoid")
lr = 0.5
for step in range(3000):
    h = hidden.forward(X @ W1 + b1)         # keeps x: the slopes' gradient needs it
    y = output.forward(h @ W2 + b2)         # keeps y: sigmoid' = y (1 - y)
    dz2 = output.backward((y - T) / len(X))  # squared error / 2, averaged
    dz1 = hidden.backward(dz2 @ W2.T)       # adds dL/dslopes to hidden.grad
    W2 -= lr * h.T @ dz2; b2 -= lr * dz2.sum(0)
    W1 -= lr * X.T @ dz1; b1 -= lr * dz1.sum(0)
    hidden.weights = hidden.weights - lr * hidden.grad
    hidden.zero_grad()
print("outputs", y.ravel().round(3), "slopes", hidden.weights.round(3))
print("accuracy", np.mean((y > 0.5) == (T > 0.5)))
