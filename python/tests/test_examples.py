"""The examples and the wheel, run as a user runs them."""
import os
import subprocess
import sys

import pytest

from conftest import HERE

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
EXAMPLES = os.path.join(ROOT, "python", "examples")


def run(args, **kw):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, **kw)


def test_xor_with_the_seeds_layers():
    out = run([os.path.join(EXAMPLES, "xor.py")])
    assert out.returncode == 0, out.stderr
    assert "accuracy 1.0" in out.stdout


def test_xor_example_is_the_one_in_the_readme():
    readme = open(os.path.join(ROOT, "README.md")).read()
    assert open(os.path.join(EXAMPLES, "xor.py")).read() in readme


def test_ddp_two_processes_match_one():
    out = run([os.path.join(EXAMPLES, "ddp_train.py"), "--steps", "5"])
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().endswith("match")


def test_ddp_refuses_a_world_that_does_not_divide_the_batch():
    out = run([os.path.join(EXAMPLES, "ddp_train.py"), "--world", "3"])
    assert out.returncode == 2 and "--world must divide the batch of 32" in out.stderr


@pytest.mark.skipif("ACTLAB_BUILD_DIR" not in os.environ, reason="needs the build folder (ctest sets it)")
def test_wheel_installs_and_imports(tmp_path):
    wheels, site = tmp_path / "dist", tmp_path / "site"
    env = dict(os.environ, PIP_NO_INDEX="1")
    built = run(["-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps", "-w", str(wheels),
                 os.path.join(ROOT, "python")], env=env, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("actlab-*.whl")
    installed = run(["-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)], env=env)
    assert installed.returncode == 0, installed.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    check = run(["-c", "import actlab, actlab.torch, torch; print(actlab.__file__); "
                       "print(float(actlab.relu([-1.0, 2.0]).sum()), float(actlab.torch.ReLU()(torch.tensor([-1.0, 2.0])).sum()))"],
                env=dict(env, PYTHONPATH=str(site)), cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    path, values = check.stdout.splitlines()
    assert path.startswith(str(site)) and values == "2.0 2.0"
