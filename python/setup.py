"""The actlab wheel, built by the project's CMake (no download, so no build isolation):

    /usr/bin/python3 -m pip wheel --no-build-isolation --no-deps -w dist ./python

It configures and builds in build-wheel/ (or builds the target in an existing build folder named
by ACTLAB_BUILD_DIR) and packs build/python/actlab: the numpy module, actlab.torch's operators
(when libtorch-dev is installed) and the library they share.
"""
import os
import re
import shutil
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
VERSION = re.search(r"project\(actlab VERSION ([0-9.]+)", open(os.path.join(ROOT, "CMakeLists.txt")).read()).group(1)
# The CMake build folder; setuptools' own files go inside it, not into the source tree.
BUILD = os.environ.get("ACTLAB_BUILD_DIR") or os.path.join(ROOT, "build-wheel")
SETUPTOOLS_DIR = os.path.join(BUILD, "python-wheel")
os.makedirs(SETUPTOOLS_DIR, exist_ok=True)


class BuildWithCMake(build_py):
    def run(self):
        super().run()  # the .py files; then what CMake built next to them
        if "ACTLAB_BUILD_DIR" not in os.environ:  # a folder of its own, configured here
            subprocess.check_call(["cmake", "-S", ROOT, "-B", BUILD, "-DCMAKE_BUILD_TYPE=Release",
                                   "-DACTLAB_BUILD_TESTS=OFF", f"-DPython_EXECUTABLE={sys.executable}"])
        subprocess.check_call(["cmake", "--build", BUILD, "-j", str(os.cpu_count() or 2),
                               "--target", "actlab_python_package"])
        shutil.copytree(os.path.join(BUILD, "python", "actlab"), os.path.join(self.build_lib, "actlab"),
                        dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))


class BinaryDistribution(Distribution):
    """Compiled modules inside: a wheel for this Python and platform."""

    def has_ext_modules(self):
        return True


setup(
    name="actlab",
    version=VERSION,
    description="Neural-network activation functions for numpy and PyTorch, each within a proven ULP bound",
    python_requires=">=3.9",
    install_requires=["numpy"],
    extras_require={"torch": ["torch"]},
    packages=["actlab", "actlab.torch"],
    cmdclass={"build_py": BuildWithCMake},
    distclass=BinaryDistribution,
    options={"build": {"build_base": SETUPTOOLS_DIR}, "egg_info": {"egg_base": SETUPTOOLS_DIR}},
)
