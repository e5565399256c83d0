"""One module per family; importing this package registers every built-in family.

Modules (and sub-packages such as ``games``) are discovered and imported in sorted order,
so adding a family is adding a file: no list to edit here.
"""

from __future__ import annotations

import importlib
import pkgutil


def _import_all(package_name: str, package_path: list[str]) -> None:
    for module in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        imported = importlib.import_module(f"{package_name}.{module.name}")
        if module.ispkg:
            _import_all(imported.__name__, list(imported.__path__))


_import_all(__name__, list(__path__))
