"""Files a publiccode.yml points to (logo, screenshots, authors file), checked in the repository.

Relative paths are read from the folder of the publiccode.yml, as the reference validator reads
them; URLs would need the network and are not fetched.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from osunited.scanner._text import _
from osunited.scanner.publiccode._formats import Finding, check_http_url, error

FileReader = Callable[[str], bytes | None]
"""Reads a file beside the publiccode.yml by its normalised relative path ("img/logo.png"):
its first bytes (at least HEAD_BYTES of them when the file is that long), or None when there
is no such regular file."""

HEAD_BYTES = 64

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Bit depths allowed for each PNG colour type (PNG specification, table 11.1).
_PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}


@dataclass(frozen=True)
class FileRule:
    """What a key that names a file accepts: its extensions, and whether a PNG is decoded."""

    extensions: tuple[str, ...] = ()
    what: str = _("file")


LOGO = FileRule((".svg", ".svgz", ".png"), _("logo"))
SCREENSHOT = FileRule((".jpg", ".png"), _("image"))
ANY_FILE = FileRule()


def files_in_directory(root: Path) -> FileReader:
    """A FileReader over the folder `root`: regular files inside it only, no link out of it."""
    base = root.resolve()

    def read(path: str) -> bytes | None:
        target = base / path
        try:
            if not target.resolve().is_relative_to(base):
                return None
            if not stat.S_ISREG(target.stat().st_mode):
                return None
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
            descriptor = os.open(target, flags)
        except (OSError, RuntimeError, ValueError):  # ValueError: a NUL in the path
            return None
        with os.fdopen(descriptor, "rb") as handle:
            return handle.read(HEAD_BYTES)

    return read


def check_file_reference(value: str, rule: FileRule, files: FileReader | None) -> Finding | None:
    """A relative path to a file of the repository, or an http(s) URL; with `files`, a relative
    path must name a file that exists (and a PNG logo must be a PNG image)."""
    if value.startswith("/"):
        return error(_("is an absolute path; only relative paths or HTTP(S) URLs are allowed."))
    if value.lower().startswith("file:"):
        return error(_("is a file: URL; only relative paths or HTTP(S) URLs are allowed."))
    if _SCHEME.match(value):
        return check_http_url(value) or _extension(value, rule)
    path = posixpath.normpath(value)
    if path.split("/")[0] == "..":
        return error(_("'{value}' points outside the repository.", value=value))
    found = _extension(value, rule)
    if found is not None or files is None:
        return found
    head = files(path)
    if head is None:
        return error(_("'{value}': no such file in the repository.", value=value))
    if rule is LOGO and path.lower().endswith(".png"):
        return _png_problem(value, head)
    return None


def _extension(value: str, rule: FileRule) -> Finding | None:
    if not rule.extensions:
        return None
    extension = posixpath.splitext(value.split("?")[0].split("#")[0])[1].lower()
    if extension in rule.extensions:
        return None
    allowed = ", ".join(rule.extensions)
    return error(
        _(
            "'{value}' is not a valid {what}: the file must be one of {allowed}.",
            value=value,
            what=rule.what,
            allowed=allowed,
        )
    )


def _png_problem(value: str, head: bytes) -> Finding | None:
    """What stops a PNG decoder from reading the image's header, if anything."""
    if not head.startswith(_PNG_SIGNATURE) or len(head) < 33:
        return error(_("'{value}' is not a PNG image.", value=value))
    length, kind = struct.unpack(">I4s", head[8:16])
    data, checksum = head[16:29], struct.unpack(">I", head[29:33])[0]
    if length != 13 or kind != b"IHDR" or zlib.crc32(kind + data) != checksum:
        return error(_("'{value}' is not a PNG image: its header is damaged.", value=value))
    width, height, depth, colour = struct.unpack(">IIBB", data[:10])
    if not width or not height or depth not in _PNG_DEPTHS.get(colour, ()):
        return error(_("'{value}' is not a PNG image: its header is damaged.", value=value))
    return None
