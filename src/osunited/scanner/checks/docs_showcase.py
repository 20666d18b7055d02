"""docs.showcase: what a catalog shows of the project once the clone is gone: a capped copy of
its README, and the logo its publiccode.yml names when that is an image in the repository. It
judges nothing: it passes when it kept either, and no score counts it.

Both are someone else's content: the README is kept as text, never rendered here, and the logo
only when its bytes are a PNG or an SVG document. A logo given as a URL is not fetched."""

from __future__ import annotations

import base64
import posixpath
from typing import Any

import yaml

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._model import CheckResult, Outcome, Pillar
from osunited.scanner._text import _
from osunited.scanner._tree import SourceTree, decode_text
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._documents import find_documents
from osunited.scanner.checks.docs_readme import README_FOLDERS
from osunited.scanner.publiccode._yaml import RefusedYamlError, compose

README_KEPT_BYTES = 200 * 1024
LOGO_KEPT_BYTES = 256 * 1024
_PUBLICCODE_NAMES = ("publiccode.yml", "publiccode.yaml")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_FORMATS = {".md": "markdown", ".markdown": "markdown", ".mdx": "markdown", "": "markdown"}


class Showcase(Check):
    id = "docs.showcase"
    title = _("README and logo for catalogs")
    pillar = Pillar.DOCUMENTATION
    scored = False

    def run(self, context: ScanContext) -> CheckResult:
        readme = _readme(context.tree)
        logo, logo_note = _logo(context.tree)
        data: dict[str, Any] = {"readme": readme, "logo": logo}
        if logo_note:
            data["logo_not_kept"] = logo_note
        if readme is None and logo is None:
            return self.not_available(_("No README, and no logo in the repository."))
        return self.result(Outcome.PASS, _summary(readme, logo), data=data)


def _summary(readme: dict[str, Any] | None, logo: dict[str, Any] | None) -> str:
    if readme is None:  # then there is a logo
        return _("Kept the logo {logo}.", logo=(logo or {}).get("path"))
    facts = {"path": readme["path"], "characters": len(readme["text"])}
    if logo is None:
        return _("Kept {path} ({characters} characters).", **facts)
    return _(
        "Kept {path} ({characters} characters) and the logo {logo}.", logo=logo["path"], **facts
    )


def _readme(tree: SourceTree) -> dict[str, Any] | None:
    found = find_documents(tree, {"readme"}, README_FOLDERS)
    if not found:
        return None
    try:
        content = tree.read_bytes(found[0], README_KEPT_BYTES + 1)
    except ScanError:
        return None
    truncated = len(content) > README_KEPT_BYTES
    text = decode_text(content[:README_KEPT_BYTES])
    if truncated:
        text = text.rpartition("\n")[0] or text  # never cut a line, nor a character, in half
    suffix = posixpath.splitext(found[0].name.lower())[1]
    return {
        "path": found[0].path,
        "format": _FORMATS.get(suffix, "text"),
        "text": text,
        "truncated": truncated,
    }


def _logo(tree: SourceTree) -> tuple[dict[str, Any] | None, str]:
    """(the logo, "") or (None, why a logo named in the publiccode.yml was not kept)."""
    reference = _logo_reference(tree)
    if not reference:
        return None, ""
    path = posixpath.normpath(reference)
    if "://" in reference or reference.startswith("/") or path.split("/")[0] == "..":
        return None, "not_in_repository"
    found = tree.get(path)
    if found is None:
        return None, "missing"
    try:
        content = tree.read_bytes(found, LOGO_KEPT_BYTES + 1)
    except ScanError:
        return None, "missing"
    if len(content) > LOGO_KEPT_BYTES:
        return None, "too_large"
    media_type = image_type(content)
    if media_type is None:
        return None, "not_an_image"
    encoded = base64.b64encode(content).decode("ascii")
    return {"path": path, "media_type": media_type, "base64": encoded}, ""


def image_type(content: bytes) -> str | None:
    """image/png or image/svg+xml when the bytes are one, whatever the file's name says."""
    if content.startswith(_PNG_SIGNATURE):
        return "image/png"
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in content:
        return "image/svg+xml"
    return None


def _logo_reference(tree: SourceTree) -> str:
    """The `logo` of the publiccode.yml at the top, or "" (no file, no logo, unreadable)."""
    file = next((f for f in tree.top_level() if f.name.lower() in _PUBLICCODE_NAMES), None)
    if file is None:
        return ""
    try:
        node = compose(decode_text(tree.read_bytes(file)))
    except (ScanError, RefusedYamlError):
        return ""
    if not isinstance(node, yaml.MappingNode):
        return ""
    for key, value in node.value:
        if key.value == "logo" and isinstance(value, yaml.ScalarNode):
            return str(value.value).strip()
    return ""
