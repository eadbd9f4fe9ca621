"""The build step pyproject.toml cannot declare: the sample workspace's styles/ become compiler/styles in the wheel.

The styles shipped with the product are the ones the sample workspace uses, kept once at the top of the checkout.
In a checkout compiler.style finds them there (compiler/styles is absent); an installed product finds them in its
package. Copying them here, rather than mapping compiler.styles to styles/ with package-dir, keeps the package
layout simple, so an editable install stays a plain .pth line.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithStyles(build_py):
    """build_py that also copies styles/ into the built compiler/styles (not for an editable install, which reads
    the checkout's styles/ in place)."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            self.copy_tree("styles", str(Path(self.build_lib, "compiler", "styles")))


setup(cmdclass={"build_py": BuildPyWithStyles})
