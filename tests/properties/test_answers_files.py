"""Answers files of stage readiness self-assessments: any text gives an assessment or an
AnswersError in words, never another exception, and `osu assess` exits 0 or 2."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from osunited.cli import main
from osunited.framework import (
    AnswersError,
    AnswersFile,
    Rating,
    _load,
    assess,
    load_framework,
    parse_answers,
)
from tests.properties._bounds import bounded
from tests.properties._mutations import damaged


@pytest.fixture(autouse=True, scope="module")
def engine_alone() -> Iterator[None]:
    """The engine alone, as `osu assess` runs it: the platform's source of the framework versions
    its Board adopted reads a database, which these tests do not open."""
    registered = list(_load._sources)
    _load._sources.clear()
    yield
    _load._sources[:] = registered


FRAMEWORK = load_framework("cpf-rc1")
_RATINGS = [rating.value for rating in Rating]
_SCALARS = st.one_of(
    st.sampled_from(_RATINGS),
    st.sampled_from([" Full ", "FULL", "", "n/a", "https://example.org/x", "\x00", "a\x00b"]),
    st.text(max_size=30),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
)
_ANY = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=3),
    ),
    max_leaves=10,
)
_KNOWN_ITEM = st.sampled_from(FRAMEWORK.item_ids)
_TEXTS = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["", " ", "\x00", "a\x00b", "https://x.org/\x00"]),
)
# Items rated in the short form and items answered in the long form, apart: none twice.
_SHORT_ITEMS = st.sampled_from(FRAMEWORK.item_ids[::2])
_LONG_ITEMS = st.sampled_from(FRAMEWORK.item_ids[1::2])
# Files a person could have written: known keys, known items, ratings that exist, any texts.
_KIND_ANSWER = st.fixed_dictionaries(
    {"rating": st.sampled_from(_RATINGS), "justification": _TEXTS},
    optional={"evidence": st.one_of(_TEXTS, st.lists(_TEXTS, max_size=3)), "owner": _TEXTS},
)
_KIND_DOCUMENTS = st.fixed_dictionaries(
    {"framework": st.just("cpf-rc1")},
    optional={
        "entity": _TEXTS,
        "ratings": st.dictionaries(_SHORT_ITEMS, st.sampled_from(_RATINGS), max_size=6),
        "answers": st.dictionaries(_LONG_ITEMS, _KIND_ANSWER, max_size=4),
    },
)
# Files of anything in any place.
_ITEM_IDS = st.one_of(_KNOWN_ITEM, st.text(max_size=8), st.integers())
_WILD_ANSWER = st.fixed_dictionaries(
    {},
    optional={
        "rating": _SCALARS,
        "justification": _SCALARS,
        "evidence": st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3), _ANY),
        "owner": _SCALARS,
        "extra": _ANY,
    },
)
_WILD_DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "framework": st.one_of(st.just("cpf-rc1"), _SCALARS, st.just("../../etc/passwd")),
        "entity": _SCALARS,
        "date": _SCALARS,
        "ratings": st.one_of(st.dictionaries(_ITEM_IDS, _SCALARS, max_size=6), _ANY),
        "answers": st.one_of(st.dictionaries(_ITEM_IDS, _WILD_ANSWER, max_size=4), _ANY),
        "unknown": _ANY,
    },
)
_VALID = b"""framework: cpf-rc1
entity: UNICEF
ratings: {P1.1: full, P2.4: partial}
answers:
  P3.1: {rating: not_applicable, justification: "No code yet.", evidence: [https://x.org]}
"""


def _dump(document: dict[str, Any], flow: bool) -> str:
    return yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)


texts = st.one_of(
    st.builds(_dump, _KIND_DOCUMENTS, st.booleans()),
    st.builds(_dump, _WILD_DOCUMENTS, st.booleans()),
    damaged(_VALID).map(lambda data: data.decode("utf-8", "replace")),
)


def _parsed_or_refusal(text: str) -> AnswersFile | str:
    try:
        return parse_answers(text)
    except AnswersError as exc:
        return str(exc)


def _texts_of(answer: Any) -> list[str]:
    return [answer.justification, answer.owner, *answer.evidence]


@bounded(max_examples=200)
@given(text=texts)
def test_an_answers_file_gives_an_assessment_or_an_error_in_words(text: str) -> None:
    answers = _parsed_or_refusal(text)
    if isinstance(answers, str):
        assert answers.startswith("the answers file")
        return
    assess(answers.framework, answers.answers)
    # What is kept goes into the database, where PostgreSQL refuses NUL in any text.
    assert not any("\x00" in t for a in answers.answers.values() for t in _texts_of(a))
    assert "\x00" not in answers.entity


@bounded(max_examples=25)
@given(text=texts)
def test_osu_assess_prints_a_result_or_exits_2_with_a_message(text: str) -> None:
    with tempfile.TemporaryDirectory(prefix="osu-property-") as folder:
        file = Path(folder) / "answers.yml"
        file.write_text(text, "utf-8")
        result = CliRunner().invoke(main, ["assess", "--format", "json", str(file)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("osu assess: ")
