"""The portable answers format: what an entity rated, in a YAML (or JSON) file it can publish
and the platform can import (docs/assessment.md, "The answers file").

    framework: cpf-rc1
    entity: UNICEF                 # optional, free text
    ratings: {G1: full, P2.4: partial}
    answers:                       # optional: the long form, for evidence and N/A
      C3: {rating: not_applicable, justification: "No code of our own yet.",
           evidence: ["https://..."], owner: "OSPO lead"}

Unrated items count as minimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from osunited.framework._assess import Answer
from osunited.framework._load import FrameworkError, available_frameworks, load_framework
from osunited.framework._model import Framework, Rating

_TOP_KEYS = {"framework", "entity", "ratings", "answers", "date"}
_ANSWER_KEYS = {"rating", "justification", "evidence", "owner"}
MAX_TEXT = 5000
# A YAML escape ("\0") can put one in a text; databases such as PostgreSQL refuse it.
_NUL_PROBLEM = "{where}: texts must not contain the NUL character (\\0)"


class AnswersError(ValueError):
    """An answers file that cannot be read, with every reason in words."""


@dataclass(frozen=True)
class AnswersFile:
    framework: Framework
    answers: dict[str, Answer]
    entity: str = ""


def read_answers(path: Path) -> AnswersFile:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersError(f"{path} could not be read: {exc}") from exc
    return parse_answers(text, source=str(path))


MAX_DEPTH = 32


class _AnswersLoader(yaml.SafeLoader):
    """An answers file comes from elsewhere: aliases (an "aliases bomb" fills memory) and deep
    nesting (the composer recurses) are refused."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases (*name) are not accepted")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.YAMLError(f"values are nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _load_yaml(text: str) -> object:
    loader = _AnswersLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_answers(text: str, *, source: str = "the answers file") -> AnswersFile:
    """Read an answers file; raises AnswersError listing every problem found."""
    try:
        document = _load_yaml(text)
    except yaml.YAMLError as exc:
        raise AnswersError(f"{source} is neither valid YAML nor JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise AnswersError(f"{source} must be a mapping with at least `framework` and `ratings`.")
    problems = [f"unknown key {key!r}" for key in sorted(map(str, set(document) - _TOP_KEYS))]
    framework_id = str(document.get("framework") or "")
    try:
        framework = load_framework(framework_id)
    except FrameworkError:
        known = ", ".join(available_frameworks())
        raise AnswersError(
            f"{source}: `framework` must name a known framework ({known}), not {framework_id!r}."
        ) from None
    answers = _answers_from(document, framework, problems)
    if "\x00" in str(document.get("entity") or ""):
        problems.append(_NUL_PROBLEM.format(where="entity"))
    if problems:
        raise AnswersError(f"{source}: " + "; ".join(problems) + ".")
    return AnswersFile(framework, answers, entity=str(document.get("entity") or "")[:200])


def _answers_from(
    document: dict[str, Any], framework: Framework, problems: list[str]
) -> dict[str, Answer]:
    short = _mapping(document.get("ratings"), "ratings", problems)
    long = _mapping(document.get("answers"), "answers", problems)
    known = set(framework.item_ids)
    answers: dict[str, Answer] = {}
    for item_id in list(short) + list(long):
        if item_id not in known:
            problems.append(f"{item_id!r} is not an item of {framework.id}")
        elif item_id in answers:
            problems.append(f"{item_id} is answered twice (under `ratings` and `answers`)")
        elif item_id in short:
            answers[item_id] = _answer({"rating": short[item_id]}, item_id, problems)
        else:
            entry = long[item_id]
            entry = entry if isinstance(entry, dict) else {"rating": entry}
            answers[item_id] = _answer(entry, item_id, problems)
    return answers


def _mapping(value: Any, key: str, problems: list[str]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"`{key}` must map item ids to answers")
        return {}
    return {str(k): v for k, v in value.items()}


def _answer(entry: dict[str, Any], item_id: str, problems: list[str]) -> Answer:
    for key in sorted(map(str, set(entry) - _ANSWER_KEYS)):
        problems.append(f"{item_id}: unknown key {key!r}")
    allowed = ", ".join(rating.value for rating in Rating)
    try:
        rating = Rating(str(entry.get("rating")).strip().lower())
    except ValueError:
        problems.append(f"{item_id}: rating must be one of {allowed}, not {entry.get('rating')!r}")
        rating = Rating.MINIMAL
    justification = str(entry.get("justification") or "").strip()[:MAX_TEXT]
    if rating is Rating.NOT_APPLICABLE and not justification:
        problems.append(f"{item_id}: not_applicable needs a justification")
    evidence = entry.get("evidence") or []
    evidence = [evidence] if isinstance(evidence, str) else evidence
    if not isinstance(evidence, list):
        problems.append(f"{item_id}: evidence must be a text or a list of texts")
        evidence = []
    answer = Answer(
        rating=rating,
        justification=justification,
        evidence=tuple(str(e).strip()[:MAX_TEXT] for e in evidence if str(e).strip()),
        owner=str(entry.get("owner") or "").strip()[:200],
    )
    if any("\x00" in text for text in (answer.justification, answer.owner, *answer.evidence)):
        problems.append(_NUL_PROBLEM.format(where=item_id))
    return answer


def dump_answers(framework: Framework, answers: dict[str, Answer], *, entity: str = "") -> str:
    """The answers as a portable file (the long form for answers with more than a rating)."""
    document: dict[str, Any] = {"framework": framework.id}
    if entity:
        document["entity"] = entity
    ordered = [item.id for item in framework.items if item.id in answers]
    plain = {i: answers[i] for i in ordered if answers[i] == Answer(answers[i].rating)}
    document["ratings"] = {item_id: answer.rating.value for item_id, answer in plain.items()}
    detailed = {i: answers[i] for i in ordered if i not in plain}
    if detailed:
        document["answers"] = {item_id: _long_form(a) for item_id, a in detailed.items()}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _long_form(answer: Answer) -> dict[str, Any]:
    entry: dict[str, Any] = {"rating": answer.rating.value}
    if answer.justification:
        entry["justification"] = answer.justification
    if answer.evidence:
        entry["evidence"] = list(answer.evidence)
    if answer.owner:
        entry["owner"] = answer.owner
    return entry
