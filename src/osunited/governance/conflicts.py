"""Conflicts of interest between an expert of the roster and a consultation (CPF 4.1.3, G10),
as pure rules over plain values: the caller gathers the facts, `conflicts_of` says every conflict
in words. Organisations are compared by their letters and digits only, case ignored, so that
"UNICEF", "unicef" and the repository owner `unicef` are one organisation, and so are
"Open Source United" and `open-source-united`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

__all__ = [
    "Conflict",
    "ConsultationFacts",
    "ExpertFacts",
    "Organisation",
    "conflicts_of",
    "normalise_organisations",
    "repository_owner",
]

_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Organisation:
    name: str
    acronym: str = ""


@dataclass(frozen=True)
class ExpertFacts:
    user_id: int
    staff_of: Organisation | None  # the UN entity whose staff they are, if any
    organisations: tuple[str, ...]  # named in their declaration of interests


@dataclass(frozen=True)
class ConsultationFacts:
    requesting_entity: Organisation | None = None
    project_name: str = ""
    project_entity: Organisation | None = None
    project_focal_point_ids: frozenset[int] = frozenset()
    repository_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    """One conflict: its rule and the organisation it is about; `text` says it in words, in the
    language of the reader (the record keeps the rule, never a sentence in one language)."""

    rule: str
    organisation: str = ""
    declared: str = ""  # the line of the declaration that matched, for the declaration rules

    @property
    def text(self) -> str:
        facts = {"organisation": self.organisation, "declared": self.declared}
        return _TEXTS.get(self.rule, lambda: self.rule)() % facts

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "organisation": self.organisation, "declared": self.declared}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conflict:
        return cls(
            rule=str(data.get("rule", "")),
            organisation=str(data.get("organisation", "")),
            declared=str(data.get("declared", "")),
        )


_TEXTS = {
    "staff_of_project_entity": lambda: _(
        "The expert is UN staff of %(organisation)s, the entity that leads the project."
    ),
    "staff_of_requesting_entity": lambda: _(
        "The expert is UN staff of %(organisation)s, the entity that asks for the consultation."
    ),
    "focal_point": lambda: _("The expert is a focal point of the project %(organisation)s."),
    "declared_project_entity": lambda: _(
        "The expert's declaration of interests names “%(declared)s”: that is %(organisation)s, "
        "the entity that leads the project."
    ),
    "declared_repository_owner": lambda: _(
        "The expert's declaration of interests names “%(declared)s”: that is %(organisation)s, "
        "the owner of the project's repository."
    ),
    "declared_requesting_entity": lambda: _(
        "The expert's declaration of interests names “%(declared)s”: that is %(organisation)s, "
        "the entity that asks for the consultation."
    ),
}


def conflicts_of(expert: ExpertFacts, consultation: ConsultationFacts) -> list[Conflict]:
    """Every conflict of interest of `expert` in `consultation`, in the order of the rules."""
    found: list[Conflict] = []
    if _same(expert.staff_of, consultation.project_entity):
        found.append(Conflict("staff_of_project_entity", _label(consultation.project_entity)))
    if _same(expert.staff_of, consultation.requesting_entity) and not _same(
        consultation.requesting_entity, consultation.project_entity
    ):
        found.append(Conflict("staff_of_requesting_entity", _label(consultation.requesting_entity)))
    if expert.user_id in consultation.project_focal_point_ids:
        found.append(Conflict("focal_point", consultation.project_name))
    found += _declared("declared_project_entity", expert, consultation.project_entity)
    for owner in dict.fromkeys(filter(None, map(repository_owner, consultation.repository_urls))):
        found += _declared("declared_repository_owner", expert, Organisation(owner))
    if not _same(consultation.requesting_entity, consultation.project_entity):
        found += _declared("declared_requesting_entity", expert, consultation.requesting_entity)
    return found


def normalise_organisations(text: str) -> list[str]:
    """One organisation a line, spaces tidied, blank lines and repeats (case ignored) dropped."""
    organisations: dict[str, str] = {}
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and _key(name) not in organisations:
            organisations[_key(name) or name.casefold()] = name
    return list(organisations.values())


def repository_owner(url: str) -> str:
    """The owner of a repository at a forge: the first part of its path (`unicef` of
    https://github.com/unicef/inventory), or '' when the URL has none."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    segments = [segment for segment in parts.path.split("/") if segment]
    if not parts.netloc and segments and ":" in segments[0]:  # git@github.com:owner/repo
        segments = [segments[0].split(":", 1)[1], *segments[1:]]
    return segments[0] if len(segments) > 1 else ""


def _declared(
    rule: str, expert: ExpertFacts, organisation: Organisation | None
) -> Iterable[Conflict]:
    if organisation is None:
        return
    for declared in expert.organisations:
        if _names(declared, organisation):
            yield Conflict(rule, _label(organisation), declared)
            return


def _names(declared: str, organisation: Organisation) -> bool:
    """Whether a line of a declaration names the organisation: the same name or acronym, or the
    acronym written in capitals as a word of the line ("UNICEF Office of Innovation"); a word in
    lower case is not taken for an acronym ("who" is not WHO)."""
    keys = {_key(organisation.name), _key(organisation.acronym)} - {""}
    if _key(declared) in keys:
        return True
    acronym = organisation.acronym.strip()
    return len(acronym) > 1 and acronym in _WORDS.findall(declared) and acronym.isupper()


def _same(one: Organisation | None, other: Organisation | None) -> bool:
    return one is not None and other is not None and _key(one.name) == _key(other.name)


def _label(organisation: Organisation | None) -> str:
    if organisation is None:
        return ""
    return organisation.acronym or organisation.name


def _key(name: str) -> str:
    return "".join(_WORDS.findall(name)).casefold()
