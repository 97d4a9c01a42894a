"""Data-parallel training with actlab's activations through torch.distributed: the path from one
machine to many. Trains a small MLP (with a learnable PReLU and Swish, and a SwiGLU on a fused
up-and-gate projection) with DistributedDataParallel on the gloo backend, WORLD processes on
127.0.0.1, then trains the same model in one process on the same global batches and compares the
weights.

    /usr/bin/python3 python/examples/ddp_train.py --steps 50
    # on many machines: torchrun --nnodes N --nproc-per-node P ... with the same train() inside

Each process takes its share of every global batch; DDP averages the gradients, which equals
the gradient of the mean loss over the whole batch, so both runs follow the same path up to
rounding (float64 by default; the tolerance below).
"""
import argparse
import os
import socket
import sys
import tempfile

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

import actlab
import actlab.torch as at

FEATURES, CLASSES, BATCH = 8, 3, 32


def make_model(dtype):
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(FEATURES, 16), at.PReLU(16), torch.nn.Linear(16, 16),
                               at.Swish(1.0, learnable=True), torch.nn.Linear(16, 16), at.GELU(),
                               torch.nn.Linear(16, 32), at.SwiGLU(),  # [up | gate] halves, as F.glu
                               torch.nn.Linear(16, CLASSES)).to(dtype)


def global_batch(step, dtype):
    """The same batch for every process and for the single-process run."""
    g = torch.Generator().manual_seed(1000 + step)
    x = torch.randn(BATCH, FEATURES, generator=g, dtype=dtype)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0.5).long()  # three classes
    return x, y


def train(model, steps, dtype, rank=0, world=1):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    share = BATCH // world
    for step in range(steps):
        x, y = global_batch(step, dtype)
        x, y = x[rank * share:(rank + 1) * share], y[rank * share:(rank + 1) * share]
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    return model


def worker(rank, world, port, steps, dtype, out):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.set_num_threads(1)
    actlab.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    try:
        model = torch.nn.parallel.DistributedDataParallel(make_model(dtype))
        train(model, steps, dtype, rank, world)
        if rank == 0:
            torch.save(model.module.state_dict(), out)
    finally:
        dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--world", type=int, default=2, help="processes (a divisor of 32)")
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float64")
    args = parser.parse_args(argv)
    if args.world < 1 or BATCH % args.world:
        parser.error(f"--world must divide the batch of {BATCH}")
    dtype = getattr(torch, args.dtype)
    tolerance = 1e-9 if dtype == torch.float64 else 1e-4
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ddp.pt")
        mp.spawn(worker, args=(args.world, free_port(), args.steps, dtype, out), nprocs=args.world, join=True)
        distributed = torch.load(out)
    single = train(make_model(dtype), args.steps, dtype).state_dict()
    worst = max((distributed[k] - single[k]).abs().max().item() for k in single)
    moved = max((make_model(dtype).state_dict()[k] - single[k]).abs().max().item() for k in single)
    print(f"{args.world} processes (gloo, 127.0.0.1), {args.steps} steps, {args.dtype}: weights moved by up to "
          f"{moved:.3g}; largest |DDP - one process| = {worst:.3g} (tolerance {tolerance:g})")
    print("match" if worst <= tolerance else "MISMATCH")
    return 0 if worst <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
