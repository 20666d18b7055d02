"""From an entity's gaps to what its people could learn, and from what they learnt to evidence.

Pure ranking over plain dataclasses: the platform reads its tables into `Gap`, `Offer` and
`Activity` values, and words the figures of the results in the reader's language.

- A guideline not met at the target stage is covered by the catalogue's modules and events whose
  OSEE modules or competencies meet the guideline's alignment (`Osee.alignment`). The best few
  that can be taken now (a published module, a published event with sessions ahead) are
  recommended: most competencies of the alignment first, then the module itself, then the ones
  fewest of the entity's people completed, then the level that suits the stage, then the soonest.
- What the entity's people did becomes suggested evidence: foundational training for CB1,
  trainers for CB2, mentorships for CB3, events the entity organised or led for CB4, and any
  learning for the guidelines aligned to what it covered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from osunited.osee._types import Alignment, Osee

LEVELS = ("introductory", "intermediate", "advanced")


@dataclass(frozen=True)
class Gap:
    """A guideline not met at `stage`, where the framework expects it at `level`."""

    guideline_id: str
    level: str  # "required" or "recommended"
    stage: int
    action: str = ""  # the framework file's suggested action


@dataclass(frozen=True)
class Offer:
    """A module or an event of the catalogue; `completed_by` are the entity's people (ids) who
    completed it. An event's levels are those of the modules it covers."""

    kind: str  # "module" or "event"
    key: str  # its short name (slug)
    title: str
    osee_modules: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    available: bool = True  # can be taken now: a published module, an event with sessions ahead
    starts: datetime | None = None  # an event's next session
    completed_by: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Recommendation:
    """What to learn for one gap. No `offers`: there is no course or event for it yet."""

    gap: Gap
    alignment: Alignment | None
    offers: tuple[Offer, ...]
    people: int  # the entity's people on the platform
    trained: int  # of them, those who completed a module or event covering the alignment

    @property
    def aligned_modules(self) -> tuple[str, ...]:
        return self.alignment.module_ids if self.alignment else ()


def covers(offer: Offer, alignment: Alignment) -> bool:
    """Whether an offer teaches something of the alignment: one of its OSEE modules or one of
    its competencies."""
    return _overlaps(offer.osee_modules, offer.competencies, alignment)


def _overlaps(modules: Iterable[str], competencies: Iterable[str], alignment: Alignment) -> bool:
    return bool(
        set(modules) & set(alignment.module_ids)
        or set(competencies) & set(alignment.competency_ids)
    )


def level_for_stage(stage: int) -> str:
    """The level a stage calls for: introductory up to stage 2, then intermediate, advanced."""
    return LEVELS[max(0, min(stage - 2, 2))]


Rank = tuple[int, int, int, int, bool, float, str, str]


def _rank(offer: Offer, alignment: Alignment, gap: Gap, people: frozenset[int]) -> Rank:
    wanted = LEVELS.index(level_for_stage(gap.stage))
    distance = min(
        (abs(LEVELS.index(level) - wanted) for level in offer.levels if level in LEVELS),
        default=len(LEVELS),
    )
    return (
        -len(set(offer.competencies) & set(alignment.competency_ids)),
        -len(set(offer.osee_modules) & set(alignment.module_ids)),
        len(offer.completed_by & people),
        distance,
        offer.starts is None,  # events with a date first, then the self-paced modules
        offer.starts.timestamp() if offer.starts else 0.0,
        offer.title,
        offer.key,
    )


def recommend(
    gaps: Sequence[Gap],
    offers: Sequence[Offer],
    *,
    osee: Osee,
    people: frozenset[int],
    limit: int = 3,
) -> list[Recommendation]:
    """One recommendation per gap, in the gaps' order, with at most `limit` offers each."""
    return [_recommend_one(gap, offers, osee, people, limit) for gap in gaps]


def _recommend_one(
    gap: Gap, offers: Sequence[Offer], osee: Osee, people: frozenset[int], limit: int
) -> Recommendation:
    alignment = osee.alignment(gap.guideline_id)
    if alignment is None:
        return Recommendation(gap, None, (), len(people), 0)
    covering = [offer for offer in offers if covers(offer, alignment)]
    trained = people & frozenset[int]().union(*(offer.completed_by for offer in covering))
    ranked = sorted(
        (offer for offer in covering if offer.available),
        key=lambda offer: _rank(offer, alignment, gap, people),
    )
    return Recommendation(gap, alignment, tuple(ranked[:limit]), len(people), len(trained))


# -- from learning to evidence -------------------------------------------------------------------


class ActivityKind(StrEnum):
    COMPLETED = "completed"  # completed a module or an event
    ATTENDED = "attended"  # attended sessions of an event without completing it
    TRAINERS = "trainers"  # active trainers (Train the Trainer)
    MENTORSHIPS = "mentorships"  # mentorship pairs, active or completed
    ORGANISED = "organised"  # an event the entity organised or whose sessions its people led


LEARNING = (ActivityKind.COMPLETED, ActivityKind.ATTENDED)
# The capacity-building guidelines (CPF 4.5) and what the platform records that speaks for each.
CB_EVIDENCE = {
    "CB2": ActivityKind.TRAINERS,
    "CB3": ActivityKind.MENTORSHIPS,
    "CB4": ActivityKind.ORGANISED,
}


@dataclass(frozen=True)
class Activity:
    """Something the entity's people did that the platform recorded, as one suggestion.

    `key` is stable ("completed:event:<slug>"), so a representative's choice can name it."""

    kind: ActivityKind
    key: str
    title: str
    people: int
    first_on: date | None = None
    last_on: date | None = None
    osee_modules: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    foundational: bool = False  # introductory learning: what CB1 asks for
    links: tuple[str, ...] = ()


def _speaks_for(activity: Activity, guideline_id: str, alignment: Alignment | None) -> bool:
    if activity.kind in LEARNING:
        if guideline_id == "CB1" and activity.foundational:
            return True
        return alignment is not None and _overlaps(
            activity.osee_modules, activity.competencies, alignment
        )
    return CB_EVIDENCE.get(guideline_id) == activity.kind


def evidence_for(
    activities: Iterable[Activity], *, osee: Osee, guideline_ids: Iterable[str]
) -> dict[str, tuple[Activity, ...]]:
    """The activities that speak for each guideline (only guidelines with at least one), most
    people first."""
    chosen = sorted(activities, key=lambda a: (-a.people, a.title, a.key))
    found = {}
    for guideline_id in guideline_ids:
        alignment = osee.alignment(guideline_id)
        speaking = tuple(a for a in chosen if _speaks_for(a, guideline_id, alignment))
        if speaking:
            found[guideline_id] = speaking
    return found
