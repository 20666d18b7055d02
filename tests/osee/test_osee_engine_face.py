"""The OSEE engine's public face: what `__all__` names is exported, and the engine never imports
Django (the CLI and the learning app use it alike)."""

from __future__ import annotations

import subprocess
import sys

import osunited.osee as engine


def test_all_names_exactly_what_is_exported() -> None:
    public = {name for name in vars(engine) if not name.startswith("_")}
    assert set(engine.__all__) == public


def test_the_engine_never_imports_django() -> None:
    code = (
        "import sys, osunited.osee, pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(osunited.osee.__path__, 'osunited.osee.'):\n"
        "    importlib.import_module(m.name)\n"
        "osunited.osee.load_osee()\n"
        "print(sorted(n for n in sys.modules if n == 'django' or n.startswith('django.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
