"""Reading YAML into nodes that keep their position, without trusting the document.

A publiccode.yml comes from someone else's repository: the size, the number of nodes and the
nesting are capped, and aliases are refused, so that neither an "aliases bomb" nor deep
nesting can exhaust memory, time or the stack.
"""

from __future__ import annotations

import re

import yaml

from osunited.scanner._text import _

MAX_BYTES = 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 64

STR_TAG = "tag:yaml.org,2002:str"

# YAML 1.2 core schema. PyYAML resolves plain scalars the YAML 1.1 way, which turns the country
# code NO into false and 2024-01-31 into a timestamp; the standard asks for YAML 1.2.
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


class RefusedYamlError(Exception):
    """The document is not read: bad syntax, or a shape that could be hostile."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line  # 1-based
        self.column = column


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.node_count = 0
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        mark: yaml.Mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        if self.check_event(yaml.AliasEvent):
            raise _refused(_("aliases (*name) are not accepted in a publiccode.yml."), mark)
        self.node_count += 1
        if self.node_count > MAX_NODES:
            raise _refused(_("the document has more than {count} values.", count=MAX_NODES), mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                message = _("values are nested more than {count} levels deep.", count=MAX_DEPTH)
                raise _refused(message, mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _refused(message: str, mark: yaml.Mark | None) -> RefusedYamlError:
    if mark is None:
        return RefusedYamlError(message)
    return RefusedYamlError(message, mark.line + 1, mark.column + 1)


def compose(text: str) -> yaml.Node | None:
    """The single document of `text` as a node tree; None when the document is empty.

    Raises RefusedYamlError, with the position when known.
    """
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise RefusedYamlError(
            _("the file is too large: a publiccode.yml may have {count} bytes.", count=MAX_BYTES)
        )
    try:
        loader = _BoundedLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _refused_character(text, exc) from None
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _refused(_describe(exc), exc.problem_mark) from None
    except yaml.YAMLError as exc:
        raise RefusedYamlError(_("YAML syntax: {error}", error=str(exc))) from None
    finally:
        loader.dispose()


def _describe(exc: yaml.MarkedYAMLError) -> str:
    if "expected a single document" in (exc.context or ""):
        return _("a publiccode.yml holds a single YAML document; this file has more.")
    parts = [part for part in (exc.context, exc.problem) if part]
    return _("YAML syntax: {error}.", error="; ".join(parts))


def _refused_character(text: str, exc: yaml.reader.ReaderError) -> RefusedYamlError:
    index = exc.position
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return RefusedYamlError(
        _("the character U+{code:04X} is not allowed in YAML.", code=exc.character), line, column
    )


def scalar_type(node: yaml.ScalarNode) -> str:
    """The YAML 1.2 type of a scalar: "str", "int", "float", "bool" or "null"."""
    if node.style is not None or node.tag == STR_TAG:
        return "str"
    for kind, pattern in (("null", _NULL), ("bool", _BOOL), ("int", _INT), ("float", _FLOAT)):
        if pattern.fullmatch(node.value):
            return kind
    return "str"


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1
