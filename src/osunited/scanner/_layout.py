"""Where a file comes from, as far as its path tells: code written elsewhere and copied in
(vendored), or made by a tool (minified bundles, build output). Checks that judge the project's
own work (headers, copyright holders, secrets, file licenses) read these apart."""

from __future__ import annotations

import re

VENDORED_FOLDERS = frozenset(
    """node_modules vendor vendors third_party third-party thirdparty 3rdparty external extern
    bower_components site-packages pods .yarn""".split()
)
_GENERATED_FOLDERS = frozenset({"dist", "_site", "htmlcov"})
_MINIFIED = re.compile(r"[.-]min\.(?:js|mjs|cjs|css)$|\.(?:bundle|chunk)\.js$|\.map$")


def is_vendored(path: str) -> bool:
    """In a folder that holds code copied from other projects (node_modules, vendor ...)."""
    return not VENDORED_FOLDERS.isdisjoint(path.lower().split("/")[:-1])


def is_minified(path: str) -> bool:
    return bool(_MINIFIED.search(path.rpartition("/")[2].lower()))


def is_generated(path: str) -> bool:
    """Minified bundles, source maps and files under a build-output folder (dist ...)."""
    return is_minified(path) or not _GENERATED_FOLDERS.isdisjoint(path.lower().split("/")[:-1])


def is_elsewhere_made(path: str) -> bool:
    """Vendored or generated: not the project's own hand-written work."""
    return is_vendored(path) or is_generated(path)
