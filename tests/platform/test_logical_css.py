"""No physical direction in the project's CSS (issue #21): every stylesheet, every <style> block
and style="" attribute of every template, and the CSS that Python writes use logical properties,
so that a page turns right-to-left by its dir attribute alone. A failure names the file, the line
and the logical replacement."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tinycss2
from tinycss2.ast import AtRule, Declaration, Node, QualifiedRule

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "osunited"

PHYSICAL_PROPERTIES = {
    "left": "inset-inline-start",
    "right": "inset-inline-end",
    "margin-left": "margin-inline-start",
    "margin-right": "margin-inline-end",
    "padding-left": "padding-inline-start",
    "padding-right": "padding-inline-end",
    "scroll-margin-left": "scroll-margin-inline-start",
    "scroll-margin-right": "scroll-margin-inline-end",
    "scroll-padding-left": "scroll-padding-inline-start",
    "scroll-padding-right": "scroll-padding-inline-end",
    "border-top-left-radius": "border-start-start-radius",
    "border-top-right-radius": "border-start-end-radius",
    "border-bottom-left-radius": "border-end-start-radius",
    "border-bottom-right-radius": "border-end-end-radius",
    **{
        f"border-{side}{part}": f"border-inline-{logical}{part}"
        for side, logical in (("left", "start"), ("right", "end"))
        for part in ("", "-width", "-style", "-color")
    },
}
PHYSICAL_KEYWORDS = {
    "text-align": {"left": "start", "right": "end"},
    "text-align-last": {"left": "start", "right": "end"},
    "float": {"left": "inline-start", "right": "inline-end"},
    "clear": {"left": "inline-start", "right": "inline-end"},
}
SET_BY_HAND = {
    "direction": 'a dir attribute in the HTML (dir="ltr", "rtl" or "auto")',
    "unicode-bidi": 'a <bdi> element or a dir attribute in the HTML (dir="ltr" or "auto")',
}
# Shorthands whose four values name the four sides: a left differing from the right is physical.
BOX_SHORTHANDS = {"margin", "padding", "inset", "border-width", "border-style", "border-color"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str
    instead: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}: use {self.instead}"


def declaration_findings(declaration: Declaration) -> Iterator[tuple[str, str]]:
    """What is physical in one declaration, and its logical replacement."""
    name = declaration.lower_name
    values = [token for token in declaration.value if token.type not in {"whitespace", "comment"}]
    words = [getattr(token, "lower_value", None) for token in values]
    if name in PHYSICAL_PROPERTIES:
        yield name, PHYSICAL_PROPERTIES[name]
    elif name in SET_BY_HAND:
        yield name, SET_BY_HAND[name]
    elif name in PHYSICAL_KEYWORDS:
        for word in words:
            if word in PHYSICAL_KEYWORDS[name]:
                yield f"{name}: {word}", f"{name}: {PHYSICAL_KEYWORDS[name][word]}"
    elif name in BOX_SHORTHANDS and len(values) == 4 and _differ(values[1], values[3]):
        yield f"{name} with a left unlike its right", f"{name}-block and {name}-inline"
    elif name == "border-radius" and _mirrors_differ(values):
        yield "border-radius with corners unlike their mirror", "border-start-start-radius ..."


def _differ(one: Node, other: Node) -> bool:
    return tinycss2.serialize([one]) != tinycss2.serialize([other])


def _mirrors_differ(values: list[Node]) -> bool:
    """A border-radius whose top-left corner differs from its top-right, or its bottom-left from
    its bottom-right (its horizontal radii, and its vertical ones after a "/")."""
    texts = [tinycss2.serialize([value]) for value in values]
    halves = [texts[: texts.index("/")], texts[texts.index("/") + 1 :]] if "/" in texts else [texts]
    return any(_corners_differ(half) for half in halves)


def _corners_differ(radii: list[str]) -> bool:
    if len(radii) < 2:
        return False
    top_left, top_right, *rest = radii
    bottom_right = rest[0] if rest else top_left
    bottom_left = rest[1] if len(rest) > 1 else top_right
    return top_left != top_right or bottom_left != bottom_right


def css_findings(css: str | list[Node], path: str, first_line: int = 1) -> list[Finding]:
    """The physical direction properties of a stylesheet, a style attribute's value or a rule's
    block, its lines counted from `first_line`."""
    found: list[Finding] = []
    for node in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        line = first_line + node.source_line - 1
        if isinstance(node, Declaration):
            found += [Finding(path, line, what, use) for what, use in declaration_findings(node)]
            continue
        keyword = getattr(node, "lower_at_keyword", "")
        if "left" in keyword or "right" in keyword:  # a page's margin box, in a PDF
            found.append(Finding(path, line, f"@{keyword}", "@top-center or @bottom-center"))
        if isinstance(node, QualifiedRule | AtRule) and node.content is not None:
            found += css_findings(node.content, path, first_line)
    return found


class _StyleFinder(HTMLParser):
    """Collects each <style> block and style="" attribute of an HTML text with its line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.styles: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        self.styles += [(line, value or "") for name, value in attrs if name == "style"]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append((self.getpos()[0], data))


def html_findings(html: str, path: str, first_line: int = 1) -> list[Finding]:
    finder = _StyleFinder()
    finder.feed(html)
    finder.close()
    found = []
    for line, css in finder.styles:
        found += css_findings(css, path, first_line + line - 1)
    return found


def python_findings(source: str, path: str) -> list[Finding]:
    """CSS written by Python: strings assigned to a name ending in CSS, and HTML strings with a
    <style> block or a style attribute (an f-string's values read as 0)."""
    tree = ast.parse(source)
    found: list[Finding] = []
    for node, text in _strings(tree):
        if "<style" in text or "style=" in text:
            found += html_findings(text, path, node.lineno)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and _names_css(node):
            for string, text in _strings(node):
                found += css_findings(text, path, string.lineno)
    return found


def _names_css(node: ast.Assign | ast.AnnAssign) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return any(isinstance(t, ast.Name) and t.id.upper().endswith("CSS") for t in targets)


def _strings(tree: ast.AST) -> Iterator[tuple[ast.expr, str]]:
    """Each string of the code: an f-string whole (its values read as 0), not part by part."""
    fstrings = [node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
    parts = {id(part) for fstring in fstrings for part in fstring.values}
    for fstring in fstrings:
        text = (part.value if isinstance(part, ast.Constant) else "0" for part in fstring.values)
        yield fstring, "".join(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            yield node, node.value


def project_files(suffix: str) -> Iterable[Path]:
    return (path for path in sorted(SOURCE.rglob(f"*{suffix}")) if "vendor" not in path.parts)


def project_findings() -> list[Finding]:
    found: list[Finding] = []
    readers = {".css": css_findings, ".html": html_findings, ".py": python_findings}
    for suffix, read in readers.items():
        for path in project_files(suffix):
            found += read(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    return found


def test_the_project_has_no_physical_direction_in_its_css() -> None:
    found = project_findings()
    if found:
        pytest.fail("Physical direction in CSS:\n" + "\n".join(map(str, found)), pytrace=False)


def test_the_lint_reads_every_kind_of_source() -> None:
    assert any(path.name == "site.css" for path in project_files(".css"))
    assert any(path.name == "report_pdf.html" for path in project_files(".html"))
    assert not any("vendor" in path.parts for path in project_files(".css"))


SAMPLE = """.a { margin-left: 1px; padding-right: 2px; border-left: 1px solid; }
.b { border-right-color: red; left: 0; right: 0; text-align: left; }
.c { float: right; clear: left; border-top-left-radius: 2px; direction: rtl; }
@media (min-width: 10rem) {
  .d { unicode-bidi: isolate; margin: 0 1rem 0 2rem; border-radius: 4px 0 0 4px; }
}
@page { @bottom-right { content: counter(page); } }
.fine { margin-inline: 1rem 2rem; margin: 0 1rem; inset-inline-start: 0; text-align: end;
  border-radius: 4px; border-start-end-radius: 2px; padding: 1px 2px 3px 2px; }
"""


def test_the_lint_catches_each_kind_of_physical_direction() -> None:
    found = [(finding.line, finding.what, finding.instead) for finding in css_findings(SAMPLE, "x")]

    assert found == [
        (1, "margin-left", "margin-inline-start"),
        (1, "padding-right", "padding-inline-end"),
        (1, "border-left", "border-inline-start"),
        (2, "border-right-color", "border-inline-end-color"),
        (2, "left", "inset-inline-start"),
        (2, "right", "inset-inline-end"),
        (2, "text-align: left", "text-align: start"),
        (3, "float: right", "float: inline-end"),
        (3, "clear: left", "clear: inline-start"),
        (3, "border-top-left-radius", "border-start-start-radius"),
        (3, "direction", SET_BY_HAND["direction"]),
        (5, "unicode-bidi", SET_BY_HAND["unicode-bidi"]),
        (5, "margin with a left unlike its right", "margin-block and margin-inline"),
        (5, "border-radius with corners unlike their mirror", "border-start-start-radius ..."),
        (7, "@bottom-right", "@top-center or @bottom-center"),
    ]


def test_the_lint_reads_templates_and_python() -> None:
    template = '<p>\n<span style="margin-right: 1px">x</span>\n<style>\n.a { left: 0 }\n</style>'
    python = (
        'X = 1\n_CSS = """\n.a { right: 0 }\n"""\nHTML = f"<b style=\'float: left; width:{X}%\'>"\n'
    )

    assert [str(f) for f in html_findings(template, "t.html")] == [
        "t.html:2: margin-right: use margin-inline-end",
        "t.html:4: left: use inset-inline-start",
    ]
    assert [str(f) for f in python_findings(python, "m.py")] == [
        "m.py:5: float: left: use float: inline-start",
        "m.py:3: right: use inset-inline-end",
    ]
