"""What the Python layers cost, measured side by side in one process (medians of alternated
repeats); a benchmark, not a test. Prints the README's tables as Markdown.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/speed.py [--sizes 4096 262144 16777216]
        [--threads 1 2] [--repeats 7] [--only relu gelu ...]

1. actlab.torch against torch's own op, forward + backward through autograd, float32.
2. actlab's numpy call against the C++ library on the same arrays (actlab._core.native_seconds),
   and against a numpy expression of the same formula.
3. The fixed cost of one call at 16 elements.
"""
import argparse
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F

import actlab
import actlab.torch as at
from actlab import _core

# actlab.torch module and torch's own, per function of the catalogue that torch has.
PAIRS = {
    "relu": (at.ReLU(), torch.nn.ReLU()),
    "leaky_relu": (at.LeakyReLU(), torch.nn.LeakyReLU()),
    "prelu": (at.PReLU(), torch.nn.PReLU()),
    "elu": (at.ELU(), torch.nn.ELU()),
    "selu": (at.SELU(), torch.nn.SELU()),
    "celu": (at.CELU(), torch.nn.CELU()),
    "relu6": (at.ReLU6(), torch.nn.ReLU6()),
    "hardtanh": (at.Hardtanh(), torch.nn.Hardtanh()),
    "sigmoid": (at.Sigmoid(), torch.nn.Sigmoid()),
    "tanh": (at.Tanh(), torch.nn.Tanh()),
    "silu": (at.SiLU(), torch.nn.SiLU()),
    "hardsigmoid": (at.Hardsigmoid(), torch.nn.Hardsigmoid()),
    "hardswish": (at.Hardswish(), torch.nn.Hardswish()),
    "mish": (at.Mish(), torch.nn.Mish()),
    "softplus": (at.Softplus(), torch.nn.Softplus()),
    "gelu": (at.GELU(), torch.nn.GELU()),
    "gelu(approximate=tanh)": (at.GELU("tanh"), torch.nn.GELU("tanh")),
    "softsign": (at.Softsign(), torch.nn.Softsign()),
    "logsigmoid": (at.LogSigmoid(), torch.nn.LogSigmoid()),
    "tanhshrink": (at.Tanhshrink(), torch.nn.Tanhshrink()),
    "hardshrink": (at.Hardshrink(), torch.nn.Hardshrink()),
    "softshrink": (at.Softshrink(), torch.nn.Softshrink()),
    "threshold": (at.Threshold(0.0, 0.0), torch.nn.Threshold(0.0, 0.0)),
}

# numpy expressions of the same formulas, for the numpy table.
NUMPY = {
    "relu": lambda x: np.maximum(x, 0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "tanh": np.tanh,
    "silu": lambda x: x / (1 + np.exp(-x)),
    "softplus": lambda x: np.logaddexp(0, x),
    "gelu(approximate=tanh)": lambda x: 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x ** 3))),
}


def median_seconds(fn, repeats, inner):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - start) / inner)
    return statistics.median(times)


def alternated(fns, repeats, inner):
    """Median seconds per call of each function, their repeats interleaved."""
    times = [[] for _ in fns]
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            times[i].append(median_seconds(fn, 1, inner))
    return [statistics.median(t) for t in times]


def inner_for(n):
    return max(1, min(200, 2_000_000 // n))


def torch_table(sizes, threads, repeats, only):
    print("### actlab.torch against torch's op: forward + backward through autograd, float32\n")
    print("time of torch's op / time of actlab.torch (above 1: actlab faster); µs per call for actlab\n")
    print("| function | " + " | ".join(f"{n} el, {t} thr" for n in sizes for t in threads) + " |")
    print("|---|" + "---|" * (len(sizes) * len(threads)))
    ratios = {}
    for name, (ours, theirs) in PAIRS.items():
        if only and name not in only:
            continue
        cells = []
        for n in sizes:
            x = (torch.randn(n) * 3).requires_grad_()
            dy = torch.randn(n)
            for t in threads:
                torch.set_num_threads(t)
                actlab.set_num_threads(t)

                def step(module):
                    return lambda: module(x).backward(dy)

                a, b = alternated([step(ours), step(theirs)], repeats, inner_for(n))
                ratios.setdefault((n, t), []).append(b / a)
                cells.append(f"{b / a:.2f} ({a * 1e6:.0f} µs)" if a * 1e6 >= 10 else f"{b / a:.2f} ({a * 1e6:.1f} µs)")
        print(f"| `{name}` | " + " | ".join(cells) + " |")
    print("| geometric mean | " + " | ".join(
        f"{statistics.geometric_mean(ratios[(n, t)]):.2f}" for n in sizes for t in threads) + " |\n")


def binding_table(sizes, repeats, only):
    print("### numpy calls: the binding's cost and numpy's own expressions, float32, 1 thread\n")
    print("| function | size | C++ on the same arrays, µs | actlab numpy call, µs | binding overhead | numpy expression / actlab |")
    print("|---|---|---|---|---|---|")
    actlab.set_num_threads(1)
    for name in ["relu", "sigmoid", "tanh", "silu", "softplus", "gelu(approximate=tanh)"]:
        if only and name not in only:
            continue
        act = actlab.Activation(name)
        for n in sizes:
            x = (np.random.default_rng(0).standard_normal(n) * 3).astype(np.float32)
            out = np.empty_like(x)
            inner = inner_for(n)
            # The library's own loop and the Python calls alternate on the same arrays, so that
            # both find the caches in the same state; numpy's expression is timed apart (its
            # temporaries evict them).
            native, call = [], []
            for _ in range(repeats):
                native.append(statistics.median(_core.native_seconds(act, "forward", x, x, out, inner)))
                call.append(median_seconds(lambda: act.forward(x, out=out), 1, inner))
            native, call = statistics.median(native), statistics.median(call)
            expr = median_seconds(lambda: NUMPY[name](x), repeats, inner)
            overhead = f"{(call - native) * 1e6:+.2f} µs" if n < 100_000 else f"{(call / native - 1) * 100:+.1f}%"
            print(f"| `{name}` | {n} | {native * 1e6:.1f} | {call * 1e6:.1f} | {overhead} | {expr / call:.1f} |")
    print()


def overhead_table(repeats):
    print("### fixed cost per call (16 elements, float32, 1 thread)\n")
    x = torch.randn(16, requires_grad=True)
    dy = torch.randn(16)
    torch.set_num_threads(1)
    actlab.set_num_threads(1)

    def no_grad(fn):
        def run():
            with torch.no_grad():
                fn()
        return run

    relu, nn_relu, gelu, nn_gelu = at.ReLU(), torch.nn.ReLU(), at.GELU(), torch.nn.GELU()
    pairs = [
        ("module ReLU, forward + backward", lambda: relu(x).backward(dy), lambda: nn_relu(x).backward(dy)),
        ("module GELU, forward + backward", lambda: gelu(x).backward(dy), lambda: nn_gelu(x).backward(dy)),
        ("module ReLU, forward under no_grad", no_grad(lambda: relu(x)), no_grad(lambda: nn_relu(x))),
        ("functional relu, forward under no_grad", no_grad(lambda: at.functional.relu(x)), no_grad(lambda: F.relu(x))),
    ]
    print("| call | actlab, µs | torch, µs |\n|---|---|---|")
    for label, ours, theirs in pairs:
        a, b = alternated([ours, theirs], repeats, 2000)
        print(f"| {label} | {a * 1e6:.2f} | {b * 1e6:.2f} |")
    x_np = np.ones(16, np.float32)
    act = actlab.Activation("relu")
    a, b = alternated([lambda: act.forward(x_np), lambda: np.maximum(x_np, 0)], repeats, 20000)
    print(f"| numpy: `Activation.forward(x)` against `np.maximum(x, 0)` (new arrays) | {a * 1e6:.2f} | {b * 1e6:.2f} (numpy) |\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4096, 262144, 16777216])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--skip", nargs="*", default=[], choices=["torch", "numpy", "overhead"])
    args = parser.parse_args()
    print(f"torch {torch.__version__}, actlab on {actlab.current_target()}, {torch.get_num_threads()} torch threads "
          f"by default; medians of {args.repeats}\n")
    if "overhead" not in args.skip:
        overhead_table(args.repeats)
    if "numpy" not in args.skip:
        binding_table(args.sizes, args.repeats, args.only)
    if "torch" not in args.skip:
        torch_table(args.sizes, args.threads, args.repeats, args.only)


if __name__ == "__main__":
    main()
