"""publiccode.yml validation never crashes: random YAML shaped like the standard (keys it knows,
values of every type), the reference validator's own files mutated, and plain garbage all give
problems with a message, and `osu publiccode validate` exits 0, 1 or 2 without a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from osunited.cli import main
from osunited.scanner.publiccode import _schema as schema
from osunited.scanner.publiccode import files_in_directory, validate_publiccode
from tests.properties._bounds import bounded
from tests.properties._mutations import damaged

CORPUS = Path(__file__).parents[1] / "data" / "publiccode-reference"
REFERENCE_FILES = sorted(path.read_bytes() for path in CORPUS.rglob("*.yml"))
# Values a key of the standard may be given, right or wrong for its rule.
_TEXTS = [
    "0",
    "0.4",
    "0.2",
    "https://github.com/unicef/app",
    "http://[::1",
    "mailto:x@y",
    "logo.png",
    "../../etc/passwd",
    "/etc/passwd",
    "2025-01-01",
    "2025-13-45",
    "+39 06 1234",
    "x@example.org",
    "AGPL-3.0-or-later",
    "MIT OR (",
    "it",
    "en-GB",
    "zz-ZZ-x",
    "web-app",
    "stable",
    "contract",
    "IT",
    "c_h501",
    "",
    " ",
    "\u202e",
]
_ROOT = schema.Rule("map", keys=schema.TOP_LEVEL)
_TEXT = schema.Rule("string")
_SCALARS = st.one_of(
    st.sampled_from(_TEXTS),
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates(),
)
_ANY = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=12), st.integers()), inner, max_size=4),
    ),
    max_leaves=12,
)


def _shaped(draw: st.DrawFn, rule: schema.Rule, depth: int) -> Any:
    """A value for `rule`: mostly of its shape, with its own keys and choices; sometimes not."""
    if depth > 5 or (depth > 0 and draw(st.integers(0, 9)) == 0):
        return draw(_ANY)
    if rule.kind == "map" and rule.keys:
        names = draw(st.lists(st.sampled_from(sorted(rule.keys)), max_size=len(rule.keys)))
        document = {name: _shaped(draw, rule.keys[name], depth + 1) for name in names}
        document.update(draw(st.dictionaries(st.text(max_size=12), _SCALARS, max_size=2)))
        return document
    if rule.kind in ("list", "string_or_list") and rule.items is not None:
        return [_shaped(draw, rule.items, depth + 1) for _ in range(draw(st.integers(0, 3)))]
    if rule.kind == "language_map":
        languages = draw(st.lists(st.sampled_from(["en", "it", "en-GB", "xx", "", "EN"])))
        return {language: _shaped(draw, rule.items or _TEXT, depth + 1) for language in languages}
    if rule.choices:
        return draw(st.sampled_from(sorted(rule.choices)))
    return draw(_SCALARS)


@st.composite
def shaped_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A document with the standard's keys (at every level) and random values."""
    version = draw(st.sampled_from([*schema.VERSIONS, "9", 0.4]))
    return {"publiccodeYmlVersion": version, **_shaped(draw, _ROOT, 0)}


def _document(content: dict[str, Any]) -> bytes:
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False).encode("utf-8")


documents = st.one_of(
    shaped_documents().map(_document),
    st.sampled_from(REFERENCE_FILES).flatmap(damaged),
)


def _assert_problems_explained(content: bytes) -> None:
    result = validate_publiccode(content, files=files_in_directory(CORPUS / "valid"))
    lines = content.count(b"\n") + 1
    for problem in result.problems:
        assert problem.message
        assert problem.severity in ("error", "warning", "notice")
        assert problem.line is None or 1 <= problem.line <= lines
    assert result.valid == (not result.errors)


@bounded(max_examples=300)
@given(content=documents)
def test_validation_explains_every_problem_and_never_raises(content: bytes) -> None:
    _assert_problems_explained(content)


@bounded(max_examples=30)
@given(content=documents)
def test_osu_publiccode_validate_exits_with_a_verdict_not_a_traceback(content: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="osu-property-") as folder:
        file = Path(folder) / "publiccode.yml"
        file.write_bytes(content)
        result = CliRunner().invoke(main, ["publiccode", "validate", str(file)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ")
    else:
        assert "publiccode.yml" in result.stdout.splitlines()[-1]
