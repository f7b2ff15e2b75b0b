"""Build hook only (metadata lives in pyproject.toml): ship ``schemas/`` inside the package.

The record and gold schemas stay at the top level (the design fixes ``schemas/``); a
wheel cannot reach the repository, so ``build_py`` copies them into
``pipeline/schemas/`` of the build. An editable install reads ``schemas/`` in the tree
(``pipeline.validate`` looks in the package first, then beside it).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithSchemas(build_py):
    """``build_py`` plus the schema files as package data of ``pipeline``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib, "pipeline", "schemas")
        self.mkpath(str(target))
        for src in sorted((HERE / "schemas").glob("*.json")):
            self.copy_file(str(src), str(target / src.name))


setup(cmdclass={"build_py": BuildPyWithSchemas})
