"""An entity's capacity in figures (CPF 4.5): people trained per quarter by OSEE category and
level, trainers, mentorship pairs and registrations; names only for those who manage the entity's
learning. Also the one rule of what counts as foundational training (CB1)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from osunited import osee
from osunited.accounts.types import Viewer
from osunited.entities.models import Entity
from osunited.learning.models import (
    Completion,
    Event,
    EventKind,
    Level,
    ModuleKind,
    Registration,
    RegistrationState,
    Trainer,
)
from osunited.learning.selectors.mentorship import mentorship_counts
from osunited.learning.selectors.recommendations import event_module_ids, module_facts
from osunited.learning.selectors.trainers import may_see_entity_people

# -- foundational training (CB1: "Participate in foundational training programs") -------------

FOUNDATIONAL_EVENT_KINDS = (EventKind.MIND_THE_GAP,)


def is_foundational(*, kind: str, level: str) -> bool:
    """A module is foundational when it is the CPF's basic self-paced module or introductory.
    The CPF's own suggestion for CB1 names Mind the Open Source Gap and the basic module."""
    return kind == ModuleKind.CPF_BASIC or level == Level.INTRODUCTORY


def foundational_completions() -> Q:
    """Completions of foundational training: a foundational module, a Mind the Open Source Gap
    event, or an event covering a foundational module (rows may repeat: count distinct)."""
    module = Q(module__kind=ModuleKind.CPF_BASIC) | Q(module__level=Level.INTRODUCTORY)
    covered = Q(event__modules__kind=ModuleKind.CPF_BASIC) | Q(
        event__modules__level=Level.INTRODUCTORY
    )
    return module | covered | Q(event__kind__in=FOUNDATIONAL_EVENT_KINDS)


# -- an entity's page -------------------------------------------------------------------------

NOT_ALIGNED = ""  # the key of learning no OSEE module covers
LEVEL_NOT_STATED = ""


@dataclass(frozen=True)
class TrainedIn:
    """What one completion taught: its OSEE categories and levels."""

    categories: frozenset[str]
    levels: frozenset[str]


@dataclass(frozen=True)
class QuarterRow:
    quarter: str  # "2026 Q4"
    people: int  # distinct people trained in the quarter
    by_category: list[int]  # in the order of EntityCapacity.categories
    by_level: list[int]  # in the order of EntityCapacity.levels
    width: str  # the bar's width in the chart, "40.0%"


@dataclass(frozen=True)
class PersonRow:
    name: str
    completed: list[str]  # titles
    last_on: date


@dataclass(frozen=True)
class EntityCapacity:
    entity: Entity
    categories: list[tuple[str, str]]  # (id, title); "" is learning outside the OSEE modules
    levels: list[tuple[str, str]]
    quarters: list[QuarterRow]  # oldest first; empty: no completion recorded
    people_trained: int  # distinct, all quarters
    trainers: int
    mentorships: list[tuple[str, int]]  # (status label, pairs)
    registrations: list[tuple[str, int]]  # (state label, count)
    names_shown: bool
    people: list[PersonRow]  # only when names_shown
    trainer_names: list[str]  # only when names_shown

    @property
    def mentorship_pairs(self) -> int:
        return sum(n for _, n in self.mentorships)

    @property
    def registration_total(self) -> int:
        return sum(n for _, n in self.registrations)


def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def quarters_between(first: date, last: date) -> list[str]:
    """Every quarter from the first to the last, so that a quarter without training shows 0."""
    found, year, quarter = [], first.year, (first.month - 1) // 3
    while (year, quarter) <= (last.year, (last.month - 1) // 3):
        found.append(f"{year} Q{quarter + 1}")
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return found


@dataclass(frozen=True)
class Teaching:
    """What each module and each event (by pk) teaches, and their titles."""

    modules: dict[int, TrainedIn]
    events: dict[int, TrainedIn]
    module_titles: dict[int, str]
    event_titles: dict[int, str]

    def of(self, module_id: int | None, event_id: int | None) -> TrainedIn:
        return self.modules[module_id] if module_id else self.events[event_id or 0]

    def title(self, module_id: int | None, event_id: int | None) -> str:
        if module_id:
            return self.module_titles[module_id]
        return self.event_titles[event_id or 0]


def teaching() -> Teaching:
    """The categories and levels every module and event teaches: an event, those of the modules
    it covers. Three queries whatever the catalogue's size."""
    framework = osee.load_osee()
    modules = module_facts()
    by_module = {
        pk: TrainedIn(
            frozenset({_category(framework, m.osee_module)}),
            frozenset({m.level or LEVEL_NOT_STATED}),
        )
        for pk, m in modules.items()
    }
    events = dict(Event.objects.values_list("pk", "title"))
    covered = event_module_ids(list(events))
    by_event = {}
    for pk in events:
        taught = [by_module[m] for m in covered.get(pk, []) if m in by_module]
        by_event[pk] = TrainedIn(
            frozenset[str]().union(*(t.categories for t in taught)) or frozenset({NOT_ALIGNED}),
            frozenset[str]().union(*(t.levels for t in taught)) or frozenset({LEVEL_NOT_STATED}),
        )
    titles = {pk: m.title for pk, m in modules.items()}
    return Teaching(by_module, by_event, titles, events)


def _category(framework: osee.Osee, module_id: str) -> str:
    try:
        return framework.module(module_id).category_id if module_id else NOT_ALIGNED
    except KeyError:
        return NOT_ALIGNED


def _columns() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    categories = [(c.id, c.title) for c in osee.load_osee().categories]
    levels = [(value, str(label)) for value, label in Level.choices]
    return (
        [*categories, (NOT_ALIGNED, _("Outside the OSEE modules"))],
        [*levels, (LEVEL_NOT_STATED, _("Level not stated"))],
    )


def entity_capacity(entity: Entity, viewer: Viewer) -> EntityCapacity:
    """The entity's page; names of people only for those who may see them."""
    shown = may_see_entity_people(viewer, entity)
    taught_by = teaching()
    rows = list(
        Completion.objects.filter(entity=entity, revoked_at__isnull=True)
        .order_by("completed_on", "pk")
        .values_list(
            "user_id", "user__display_name", "user__email", "module_id", "event_id", "completed_on"
        )
    )
    taught = [taught_by.of(m, e) for _u, _n, _e, m, e, _d in rows]
    categories, levels = _columns()
    trainers = Trainer.objects.filter(entity=entity, active=True).select_related("user")
    return EntityCapacity(
        entity=entity,
        categories=categories,
        levels=levels,
        quarters=_quarters(rows, taught, categories, levels),
        people_trained=len({row[0] for row in rows}),
        trainers=len(trainers),
        mentorships=[(str(s.label), n) for s, n in mentorship_counts(entity).items()],
        registrations=_registrations(entity),
        names_shown=shown,
        people=_people(rows, taught_by) if shown else [],
        trainer_names=sorted(str(t.user) for t in trainers) if shown else [],
    )


def _quarters(
    rows: list[tuple[Any, ...]],
    taught: list[TrainedIn],
    categories: list[tuple[str, str]],
    levels: list[tuple[str, str]],
) -> list[QuarterRow]:
    if not rows:
        return []
    people: dict[str, set[int]] = defaultdict(set)
    by_category: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    by_level: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for (user_id, *_rest, day), what in zip(rows, taught, strict=True):
        quarter = quarter_of(day)
        people[quarter].add(user_id)
        for category in what.categories:
            by_category[quarter][category].add(user_id)
        for level in what.levels:
            by_level[quarter][level].add(user_id)
    quarters = quarters_between(rows[0][-1], rows[-1][-1])
    top = max(len(people[q]) for q in quarters) or 1
    return [
        QuarterRow(
            quarter=q,
            people=len(people[q]),
            by_category=[len(by_category[q][c]) for c, _title in categories],
            by_level=[len(by_level[q][lv]) for lv, _title in levels],
            width=f"{round(len(people[q]) / top * 100, 1)}%",
        )
        for q in quarters
    ]


def _people(rows: list[tuple[Any, ...]], taught_by: Teaching) -> list[PersonRow]:
    completed: dict[int, list[str]] = defaultdict(list)
    names: dict[int, str] = {}
    last: dict[int, date] = {}
    for user_id, display_name, email, module_id, event_id, day in rows:
        names[user_id] = display_name or email
        completed[user_id].append(taught_by.title(module_id, event_id))
        last[user_id] = day
    return sorted(
        (PersonRow(names[u], completed[u], last[u]) for u in names),
        key=lambda row: row.name.lower(),
    )


def _registrations(entity: Entity) -> list[tuple[str, int]]:
    counts = Counter(
        dict(
            Registration.objects.filter(entity=entity)
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    return [(str(state.label), counts.get(state.value, 0)) for state in RegistrationState]


# -- the monitoring dashboard's figures (dashboard/metrics.py) ---------------------------------

OUTSIDE_OSEE = "none"  # the key of completions outside the OSEE modules in a distribution


def _counted_at(at: datetime) -> QuerySet[Completion]:
    """Completions as they stood at `at`: completed by then and not revoked by then."""
    return Completion.objects.filter(completed_on__lte=at.date()).filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=at)
    )


def capacity_figures(at: datetime) -> dict[str, dict[str, Any]]:
    """The capacity-building figures of every scope at `at`: "all", and "e<id>" for each entity
    with completions. People trained (distinct), completions per OSEE category (a completion
    counts once in each category it teaches) and, for "all", the entities meeting CB1 by the
    data: at least one of their people completed foundational training."""
    taught_by = teaching()
    counted = _counted_at(at)
    rows = list(counted.values_list("user_id", "entity_id", "module_id", "event_id"))
    people: dict[str, set[int]] = defaultdict(set)
    categories: dict[str, Counter[str]] = defaultdict(Counter)
    for user_id, entity_id, module_id, event_id in rows:
        scopes = ["all", f"e{entity_id}"] if entity_id else ["all"]
        for category in taught_by.of(module_id, event_id).categories:
            for scope in scopes:
                categories[scope][category or OUTSIDE_OSEE] += 1
        for scope in scopes:
            people[scope].add(user_id)
    cb1 = counted.filter(foundational_completions(), entity__isnull=False)
    figures = {
        scope: {
            "people_trained": len(people[scope]),
            "completions_by_osee_category": dict(sorted(categories[scope].items())),
        }
        for scope in {"all", *people}
    }
    figures["all"]["entities_meeting_cb1"] = cb1.values("entity_id").distinct().count()
    return figures
