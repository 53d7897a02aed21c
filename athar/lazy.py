"""Names of a package that load on first use (PEP 562), for packages whose modules bring in the
database layer or numpy: ``athar --help`` imports every command's package and should not wait
seconds for libraries only the command it runs needs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name of ``where`` is taken from its
    submodule (``where[name]``) when first asked for."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{where[name]}"), name)

    return __getattr__
