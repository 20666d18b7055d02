"""The use-case chooser (CPF 4.2.2): from a few answers about what is released, how, and what it
includes, the license to choose, why, the alternatives and why each ranks lower, and the licenses
included that force the choice. Pure Python: no Django.

The ranking is a sum of penalties, each tied to one answer, so that every reason shown says which
answer it comes from; ties keep the order of the candidates (a published package's order)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from license_expression import (  # type: ignore[import-untyped]
    ExpressionError,
    get_spdx_licensing,
)

from osunited.licenses._catalogue import license_facts
from osunited.licenses._types import Family, LicenseFacts, PairCheck, PatentTerms, Use, Verdict

PairChecker = Callable[[str, str, Use], PairCheck]


class Released(StrEnum):
    LIBRARY = "library"
    APPLICATION = "application"
    SERVICE = "service"
    DOCUMENTATION = "documentation"
    DATA = "data"

    @property
    def is_content(self) -> bool:
        return self in (Released.DOCUMENTATION, Released.DATA)


class Deployment(StrEnum):
    DISTRIBUTED = "distributed"  # people get a copy: packages, downloads, app stores
    NETWORK = "network"  # people use it over a network without getting a copy


class CopyleftPreference(StrEnum):
    NONE = "none"  # anyone may reuse it, in closed products too
    WEAK = "weak"  # changes to the released files stay open; larger works may be closed
    STRONG = "strong"  # every program that includes it is released under it
    NETWORK_IF_NEEDED = "network-if-needed"  # strong, and for network users when it runs as one


class ChooserQuestion(StrEnum):
    """The answer a reason comes from."""

    RELEASED = "released"
    DEPLOYMENT = "deployment"
    COPYLEFT = "copyleft"
    PATENTS = "patents"
    INCLUDED = "included"
    CANDIDATES = "candidates"


@dataclass(frozen=True)
class ChooserAnswers:
    released: Released
    deployment: frozenset[Deployment] = frozenset({Deployment.DISTRIBUTED})
    copyleft: CopyleftPreference = CopyleftPreference.NONE
    patent_grant: bool = True  # an express patent license from every contributor is wanted
    included: tuple[str, ...] = ()  # SPDX expressions of what the release includes

    @property
    def network_service(self) -> bool:
        return Deployment.NETWORK in self.deployment


@dataclass(frozen=True)
class ChooserReason:
    question: ChooserQuestion
    text: str


@dataclass(frozen=True)
class AlternativeLicense:
    license_id: str
    family: Family | None
    why_lower: tuple[ChooserReason, ...]
    ruled_out: bool = False  # it conflicts with something the release includes


@dataclass(frozen=True)
class IncludedConflict:
    """An included license that forces the choice: the candidates it rules out, the ones it
    leaves, and what the compatibility sources said."""

    included: str
    ruled_out: tuple[str, ...]
    compatible: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Recommendation:
    answers: ChooserAnswers
    license_id: str | None  # None: no candidate is compatible with everything included
    family: Family | None
    reasons: tuple[ChooserReason, ...]
    alternatives: tuple[AlternativeLicense, ...]
    conflicts: tuple[IncludedConflict, ...] = field(default=())
    packages: tuple[str, ...] = ()  # the published packages that recommend the license


# The engine's own candidates when no package is published, in the order ties are broken.
DEFAULT_CANDIDATES: Mapping[str, Sequence[str]] = {
    "software": (
        "Apache-2.0",
        "MIT",
        "BSD-3-Clause",
        "MPL-2.0",
        "LGPL-3.0-or-later",
        "GPL-3.0-or-later",
        "AGPL-3.0-or-later",
        "EUPL-1.2",
    ),
    "content and data": ("CC-BY-4.0", "CC0-1.0", "CC-BY-SA-4.0", "ODbL-1.0"),
}
_CONTENT_PREFIXES = ("CC-", "CC0-", "ODbL-", "ODC-", "PDDL-", "OFL-", "OGL-", "Etalab-")
_STRENGTH = {
    Family.PUBLIC_DOMAIN: 0,
    Family.PERMISSIVE: 0,
    Family.WEAK_COPYLEFT: 1,
    Family.STRONG_COPYLEFT: 2,
    Family.NETWORK_COPYLEFT: 3,
}
_RULED_OUT = 100  # a conflict outweighs every preference


def is_content_license(license_id: str) -> bool:
    """Creative Commons, Open Data Commons and font licenses: written for works other than
    software."""
    return license_id.startswith(_CONTENT_PREFIXES)


def recommend(
    answers: ChooserAnswers,
    recommended: Mapping[str, Sequence[str]] | None = None,
    *,
    check: PairChecker | None = None,
) -> Recommendation:
    """The license to choose for `answers` among `recommended` (the published packages: package
    name -> license ids, in their order; None: the engine's default candidates), with the reasons
    tied to the answers, the alternatives with why each ranks lower, and the included licenses
    that rule candidates out. `check` judges one inbound license against a candidate (the
    compatibility sources' `check_pair` by default)."""
    packages = recommended if recommended is not None else DEFAULT_CANDIDATES
    candidates = _candidates(packages, answers.included)
    judged = [_judge(answers, license_id, check or _check_pair) for license_id in candidates]
    ranked = sorted(judged, key=lambda j: (j.ruled_out, j.penalty, candidates.index(j.license_id)))
    conflicts = _conflicts(answers, judged)
    best = ranked[0] if ranked and not ranked[0].ruled_out else None
    alternatives = tuple(_alternative(j, best) for j in ranked if j is not best)
    if best is None:
        alone = (_no_candidate_reason(answers, candidates),)
        return Recommendation(answers, None, None, alone, alternatives, conflicts)
    in_packages = tuple(name for name, ids in packages.items() if best.license_id in ids)
    reasons = best.reasons + _package_reason(in_packages, recommended is not None)
    return Recommendation(
        answers, best.license_id, best.family, reasons, alternatives, conflicts, in_packages
    )


@dataclass
class _Judged:
    license_id: str
    facts: LicenseFacts | None
    penalty: int = 0
    reasons: tuple[ChooserReason, ...] = ()  # what speaks for it
    against: tuple[ChooserReason, ...] = ()  # what speaks against it
    incompatible: tuple[tuple[str, PairCheck], ...] = ()
    ruled_out: bool = False

    @property
    def family(self) -> Family | None:
        return self.facts.family if self.facts is not None else None

    def good(self, question: ChooserQuestion, text: str) -> None:
        self.reasons += (ChooserReason(question, text),)

    def bad(self, weight: int, question: ChooserQuestion, text: str) -> None:
        self.penalty += weight
        self.against += (ChooserReason(question, text),)


def _candidates(packages: Mapping[str, Sequence[str]], included: Sequence[str]) -> list[str]:
    """The packages' licenses, then the copyleft licenses of what is included: a GPL-3.0-only
    component can leave GPL-3.0-only as the one license that may hold the whole."""
    seen: dict[str, None] = {}
    for ids in packages.values():
        seen.update((license_id, None) for license_id in ids)
    for expression in included:
        facts = license_facts(expression)
        if facts is not None and _STRENGTH[facts.family] > 0:
            seen.setdefault(facts.spdx_id, None)
    return list(seen)


def _judge(answers: ChooserAnswers, license_id: str, check: PairChecker) -> _Judged:
    judged = _Judged(license_id, license_facts(license_id))
    _judge_kind(answers, judged)
    if judged.facts is None:
        judged.bad(
            5, ChooserQuestion.CANDIDATES, f"{license_id} is not a license the platform knows."
        )
        return judged
    _judge_copyleft(answers, judged, judged.facts.family)
    _judge_patents(answers, judged, judged.facts.patent)
    _judge_included(answers, judged, check)
    return judged


def _judge_kind(answers: ChooserAnswers, judged: _Judged) -> None:
    license_id, released = judged.license_id, answers.released.value
    content = is_content_license(license_id)
    if answers.released.is_content and not content:
        judged.bad(
            3,
            ChooserQuestion.RELEASED,
            f"{license_id} is written for software; for {released}, a license written for "
            "content or data says what reusers must do in terms that fit it.",
        )
    elif not answers.released.is_content and content:
        judged.bad(
            6,
            ChooserQuestion.RELEASED,
            f"{license_id} is not written for software: it says nothing of source code, and "
            "Creative Commons itself advises against it for software.",
        )
    elif content:
        judged.good(
            ChooserQuestion.RELEASED, f"You release {released}, and {license_id} is written for it."
        )
    else:
        judged.good(
            ChooserQuestion.RELEASED,
            f"You release software ({released}), and {license_id} is written for software.",
        )


def _judge_copyleft(answers: ChooserAnswers, judged: _Judged, family: Family) -> None:
    wanted = _wanted_strength(answers)
    strength = _STRENGTH[family]
    text = _FAMILY_WORDS[family].format(license=judged.license_id)
    if strength == wanted:
        judged.good(ChooserQuestion.COPYLEFT, f"You want {_PREFERENCE_WORDS[wanted]}, and {text}")
        _judge_dedication(answers, judged, family)
        return
    more_or_less = "more" if strength > wanted else "less"
    judged.bad(
        abs(strength - wanted) * 2,
        _copyleft_question(answers, wanted, strength),
        f"You want {_PREFERENCE_WORDS[wanted]}, and {text} That is {more_or_less} than asked.",
    )


def _wanted_strength(answers: ChooserAnswers) -> int:
    """0 permissive, 1 weak, 2 strong, 3 network copyleft; network copyleft only where the
    release runs as a network service (its users get no copy that strong copyleft would reach)."""
    preference = answers.copyleft
    if preference is CopyleftPreference.NETWORK_IF_NEEDED:
        return 3 if answers.network_service and not answers.released.is_content else 2
    if answers.released.is_content and preference is CopyleftPreference.WEAK:
        return 2  # content licenses have no weak copyleft: share-alike is the copyleft there
    return {"none": 0, "weak": 1, "strong": 2}[preference.value]


def _copyleft_question(answers: ChooserAnswers, wanted: int, strength: int) -> ChooserQuestion:
    network_decides = answers.copyleft is CopyleftPreference.NETWORK_IF_NEEDED and 3 in (
        wanted,
        strength,
    )
    return ChooserQuestion.DEPLOYMENT if network_decides else ChooserQuestion.COPYLEFT


def _judge_dedication(answers: ChooserAnswers, judged: _Judged, family: Family) -> None:
    """Between permissive licenses and public-domain dedications, the kind of work decides:
    data is merged with other data (attribution piles up), documentation and code are not."""
    if _STRENGTH[family] != 0:
        return
    dedication = family is Family.PUBLIC_DOMAIN
    if answers.released is Released.DATA and not dedication:
        judged.bad(
            1,
            ChooserQuestion.RELEASED,
            f"{judged.license_id} asks for attribution, which piles up when data is merged "
            "with other data; a public-domain dedication makes data simplest to reuse.",
        )
    elif answers.released is not Released.DATA and dedication:
        judged.bad(
            1,
            ChooserQuestion.RELEASED,
            f"{judged.license_id} gives up attribution, and not every jurisdiction recognises a "
            "dedication to the public domain.",
        )
    elif answers.released is Released.DATA:
        judged.good(
            ChooserQuestion.RELEASED,
            f"{judged.license_id} lets anyone merge the data with no condition.",
        )


def _judge_patents(answers: ChooserAnswers, judged: _Judged, patent: PatentTerms) -> None:
    if answers.released.is_content or not answers.patent_grant:
        return
    license_id = judged.license_id
    if patent is PatentTerms.GRANTED:
        judged.good(
            ChooserQuestion.PATENTS,
            f"You want an express patent grant: {license_id} gives one from every contributor.",
        )
    elif patent is PatentTerms.SILENT:
        judged.bad(
            2,
            ChooserQuestion.PATENTS,
            f"You want an express patent grant, and {license_id} says nothing of patents.",
        )
    else:
        judged.bad(
            3,
            ChooserQuestion.PATENTS,
            f"You want an express patent grant, and {license_id} says that it grants no patent "
            "rights.",
        )


def _judge_included(answers: ChooserAnswers, judged: _Judged, check: PairChecker) -> None:
    use = Use.MERGED_SOURCES if answers.released.is_content else Use.STATIC_LINKING
    conditional = []
    for inbound in answers.included:
        pair = check(inbound, judged.license_id, use)
        if pair.verdict is Verdict.INCOMPATIBLE:
            judged.incompatible += ((inbound, pair),)
        elif pair.verdict in (Verdict.CONDITIONAL, Verdict.UNKNOWN):
            conditional.append(inbound)
    if judged.incompatible:
        names = ", ".join(inbound for inbound, _ in judged.incompatible)
        judged.ruled_out = True
        judged.bad(
            _RULED_OUT,
            ChooserQuestion.INCLUDED,
            f"What you include under {names} may not be released under {judged.license_id}.",
        )
    if conditional:
        judged.bad(
            1,
            ChooserQuestion.INCLUDED,
            f"Including {', '.join(conditional)} under {judged.license_id} is allowed only under "
            "conditions, or the sources cannot tell: read the compatibility check.",
        )
    elif answers.included and not judged.incompatible:
        judged.good(
            ChooserQuestion.INCLUDED,
            f"Everything you include ({', '.join(answers.included)}) may be released under "
            f"{judged.license_id}.",
        )


def _conflicts(answers: ChooserAnswers, judged: list[_Judged]) -> tuple[IncludedConflict, ...]:
    conflicts = []
    for inbound in answers.included:
        ruled_out = [j for j in judged if any(i == inbound for i, _ in j.incompatible)]
        if not ruled_out:
            continue
        pair = next(p for i, p in ruled_out[0].incompatible if i == inbound)
        explanation = _explanation(pair)
        conflicts.append(
            IncludedConflict(
                included=inbound,
                ruled_out=tuple(j.license_id for j in ruled_out),
                compatible=tuple(j.license_id for j in judged if j not in ruled_out),
                explanation=explanation,
            )
        )
    return tuple(conflicts)


def _explanation(pair: PairCheck) -> str:
    """The reason of a source that finds the pair incompatible, the rules by family first:
    they speak of any pair, in the most general words."""
    incompatible = [v for v in pair.covering if v.verdict is Verdict.INCOMPATIBLE]
    incompatible.sort(key=lambda v: v.source.key != "families")
    return incompatible[0].explanation if incompatible else ""


def _alternative(judged: _Judged, best: _Judged | None) -> AlternativeLicense:
    why = judged.against
    if best is not None and judged.penalty <= best.penalty:
        why += (
            ChooserReason(
                ChooserQuestion.CANDIDATES,
                f"{judged.license_id} suits your answers as well as {best.license_id}, which "
                "comes first in the recommended licenses.",
            ),
        )
    return AlternativeLicense(judged.license_id, judged.family, why, judged.ruled_out)


def _package_reason(packages: tuple[str, ...], published: bool) -> tuple[ChooserReason, ...]:
    if not published or not packages:
        return ()
    return (
        ChooserReason(
            ChooserQuestion.CANDIDATES, f"It is in the recommended package {', '.join(packages)}."
        ),
    )


def _no_candidate_reason(answers: ChooserAnswers, candidates: list[str]) -> ChooserReason:
    if not candidates:
        return ChooserReason(ChooserQuestion.CANDIDATES, "No recommended license is published yet.")
    included = ", ".join(answers.included)
    return ChooserReason(
        ChooserQuestion.INCLUDED,
        f"No recommended license may hold everything you include ({included}): ask the "
        "licensing office hours, or replace the component that conflicts.",
    )


def _check_pair(inbound: str, outbound: str, use: Use) -> PairCheck:
    from osunited.licenses._compat import check_pair  # written beside this module

    return check_pair(inbound, outbound, use)


_PREFERENCE_WORDS = {
    0: "no copyleft",
    1: "a weak copyleft",
    2: "a strong copyleft",
    3: "a copyleft that reaches network users",
}
_FAMILY_WORDS = {
    Family.PUBLIC_DOMAIN: "{license} dedicates it to the public domain, with no condition.",
    Family.PERMISSIVE: "{license} is permissive: anyone may reuse it, in closed products too.",
    Family.WEAK_COPYLEFT: (
        "{license} is a weak copyleft: changes to its files stay open, and larger works that "
        "use it may be under other licenses."
    ),
    Family.STRONG_COPYLEFT: (
        "{license} is a strong copyleft: whoever distributes a work that includes it gives "
        "its source under the same license."
    ),
    Family.NETWORK_COPYLEFT: (
        "{license} is a network copyleft: whoever offers it to users over a network gives "
        "them its source too."
    ),
}


# SPDX headers -------------------------------------------------------------------------------

# language -> (line prefix, block start, block end); a block comment wraps the two lines.
COMMENT_STYLES: Mapping[str, tuple[str, str, str]] = {
    "text": ("", "", ""),
    "python": ("# ", "", ""),
    "shell": ("# ", "", ""),
    "yaml": ("# ", "", ""),
    "ruby": ("# ", "", ""),
    "r": ("# ", "", ""),
    "javascript": ("// ", "", ""),
    "typescript": ("// ", "", ""),
    "java": ("// ", "", ""),
    "kotlin": ("// ", "", ""),
    "go": ("// ", "", ""),
    "rust": ("// ", "", ""),
    "c": ("", "/*\n", " */"),
    "css": ("", "/*\n", " */"),
    "html": ("", "<!--\n", "-->"),
    "markdown": ("", "<!--\n", "-->"),
    "sql": ("-- ", "", ""),
    "lua": ("-- ", "", ""),
    "latex": ("% ", "", ""),
}
_HOLDER = re.compile(r"[^\x00-\x1f\x7f]{1,200}")


def spdx_header(expression: str, holder: str, year: int, *, language: str = "text") -> str:
    """The two REUSE lines (SPDX-FileCopyrightText, SPDX-License-Identifier) to put at the top of
    each file, in `language`'s comment style (see COMMENT_STYLES). ValueError for an expression
    that does not parse, a holder that is empty or spans lines, or an unknown language."""
    if language not in COMMENT_STYLES:
        raise ValueError(f"No comment style for {language!r}: one of {', '.join(COMMENT_STYLES)}.")
    if not _HOLDER.fullmatch(holder.strip()):
        raise ValueError("The copyright holder must be one line of at most 200 characters.")
    if not 1970 <= year <= 9999:
        raise ValueError(f"{year} is not a year for a copyright notice.")
    normalised = normalise_expression(expression)
    prefix, start, end = COMMENT_STYLES[language]
    indent = " * " if start == "/*\n" else prefix
    lines = [
        f"{indent}SPDX-FileCopyrightText: {year} {holder.strip()}",
        f"{indent}SPDX-License-Identifier: {normalised}",
    ]
    return f"{start}{chr(10).join(lines)}\n{end}".rstrip("\n") + "\n"


def normalise_expression(expression: str) -> str:
    """The expression as SPDX writes it; ValueError when it does not parse or names a license
    SPDX does not know."""
    text = expression.strip()
    if not text or len(text) > 500:
        raise ValueError("Give an SPDX license expression of at most 500 characters.")
    licensing = get_spdx_licensing()
    try:
        parsed = licensing.parse(text, strict=True)
    except ExpressionError as error:
        raise ValueError(f"{text!r} is not an SPDX license expression: {error}") from None
    if parsed is None:
        raise ValueError(f"{text!r} is not an SPDX license expression.")
    unknown = [
        key
        for key in licensing.unknown_license_keys(parsed)
        if not key.startswith(("LicenseRef-", "DocumentRef-"))
    ]
    if unknown:
        raise ValueError(f"SPDX knows no license {', '.join(unknown)}.")
    return str(parsed)
