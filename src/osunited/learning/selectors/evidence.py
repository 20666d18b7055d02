"""From learning to evidence: what an entity's people learnt, led and organised, suggested as
evidence for CB1-CB4 and the guidelines aligned to what they covered, with its provenance. Only a
suggestion: it reaches an answer when a representative adds it (services/evidence.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from osunited import osee
from osunited.entities.models import Entity
from osunited.learning.models import (
    Attendance,
    Completion,
    Event,
    Mentorship,
    MentorshipStatus,
    Trainer,
)
from osunited.learning.selectors.capacity import FOUNDATIONAL_EVENT_KINDS, is_foundational
from osunited.learning.selectors.recommendations import (
    ModuleFacts,
    event_module_ids,
    module_facts,
)

Kind = osee.ActivityKind
CERTIFICATE_LINKS = 5  # an answer holds ten links: a few certificates, the rest on the pages
COUNTED_PAIRS = (MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED)


@dataclass(frozen=True)
class EvidenceSuggestion:
    """One suggestion for one item: the sentence and the links an "add" appends."""

    key: str
    text: str
    links: tuple[str, ...]  # absolute URLs: the page of what was done, then certificates


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def certificate_url(public_id: Any) -> str:
    return absolute(reverse("learning:credentials_verify", kwargs={"public_id": public_id}))


def _page(kind: str, slug: str) -> str:
    if kind == "event":
        return absolute(reverse("learning:events_detail", kwargs={"slug": slug}))
    return absolute(reverse("learning:catalogue_module", kwargs={"slug": slug}))


# -- the catalogue and what the entity's people did -------------------------------------------


@dataclass(frozen=True)
class _Catalogue:
    modules: dict[int, ModuleFacts]
    events: dict[int, tuple[str, str, str]]  # pk: (slug, title, kind)
    covered: dict[int, list[int]]  # event pk: module pks

    def what(self, kind: str, pk: int) -> _Done:
        if kind == "module":
            module = self.modules[pk]
            found = is_foundational(kind=module.kind, level=module.level)
            return _Done(kind, module.slug, module.title, [module], found)
        slug, title, event_kind = self.events[pk]
        teaches = [self.modules[m] for m in self.covered.get(pk, []) if m in self.modules]
        found = event_kind in FOUNDATIONAL_EVENT_KINDS or any(
            is_foundational(kind=m.kind, level=m.level) for m in teaches
        )
        return _Done(kind, slug, title, teaches, found)


def _catalogue() -> _Catalogue:
    events = {
        pk: (slug, title, kind)
        for pk, slug, title, kind in Event.objects.values_list("pk", "slug", "title", "kind")
    }
    return _Catalogue(module_facts(), events, event_module_ids(list(events)))


@dataclass
class _Done:
    """What the entity's people did with one module or event: who, when, their certificates."""

    kind: str  # "module" or "event"
    slug: str
    title: str
    teaches: list[ModuleFacts]
    foundational: bool
    people: set[Any] = field(default_factory=set)
    days: list[date] = field(default_factory=list)
    certificates: list[Any] = field(default_factory=list)  # the completions' public ids
    entities: set[int] = field(default_factory=set)

    def activity(self, kind: Kind) -> osee.Activity:
        shown = self.certificates[:CERTIFICATE_LINKS]
        links = (_page(self.kind, self.slug), *(certificate_url(c) for c in shown))
        return osee.Activity(
            kind=kind,
            key=f"{kind}:{self.kind}:{self.slug}",
            title=self.title,
            people=len(self.people),
            first_on=min(self.days, default=None),
            last_on=max(self.days, default=None),
            osee_modules=tuple(dict.fromkeys(m.osee_module for m in self.teaches if m.osee_module)),
            competencies=tuple(dict.fromkeys(c for m in self.teaches for c in m.competencies)),
            foundational=self.foundational,
            links=links,
        )


def _completed(entity: Entity, catalogue: _Catalogue) -> dict[tuple[str, int], _Done]:
    done: dict[tuple[str, int], _Done] = {}
    rows = Completion.objects.filter(entity=entity, revoked_at__isnull=True).order_by(
        "completed_on", "pk"
    )
    for module_id, event_id, user_id, day, public_id in rows.values_list(
        "module_id", "event_id", "user_id", "completed_on", "public_id"
    ):
        key = ("module", module_id) if module_id else ("event", event_id)
        if key not in done:
            done[key] = catalogue.what(*key)
        found = done[key]
        found.people.add(user_id)
        found.days.append(day)
        found.certificates.append(public_id)
    return done


def _attended(
    entity: Entity, catalogue: _Catalogue, completed: dict[tuple[str, int], _Done]
) -> list[_Done]:
    """Events the entity's people attended without completing them (not every session)."""
    attended: dict[int, _Done] = {}
    rows = Attendance.objects.filter(entity=entity).values_list(
        "session__event_id", "user_id", "email", "session__starts_at"
    )
    for event_id, user_id, email, starts in rows:
        person = user_id or email.lower()
        completers = completed.get(("event", event_id))
        if completers and person in completers.people:
            continue
        if event_id not in attended:
            attended[event_id] = catalogue.what("event", event_id)
        found = attended[event_id]
        found.people.add(person)
        found.days.append(timezone.localtime(starts).date())
    return list(attended.values())


def _organised(entity: Entity, catalogue: _Catalogue) -> list[_Done]:
    """Published events the entity organised, or whose sessions its people led, with who came."""
    led = Q(organiser_entity=entity) | Q(sessions__trainers__entity=entity)
    events = Event.objects.filter(led, published=True).values("pk")
    organised: dict[int, _Done] = {}
    rows = Attendance.objects.filter(session__event__in=events).values_list(
        "session__event_id", "user_id", "email", "entity_id", "session__starts_at"
    )
    for event_id, user_id, email, entity_id, starts in rows:
        if event_id not in organised:
            organised[event_id] = catalogue.what("event", event_id)
        found = organised[event_id]
        found.people.add(user_id or email.lower())
        found.days.append(timezone.localtime(starts).date())
        if entity_id:
            found.entities.add(entity_id)
    return list(organised.values())


def _trainers(entity: Entity) -> list[tuple[osee.Activity, int]]:
    days = list(
        Trainer.objects.filter(entity=entity, active=True).values_list("qualified_on", flat=True)
    )
    if not days:
        return []
    known = [day for day in days if day]
    page = absolute(reverse("learning:trainers_list"))
    activity = osee.Activity(
        kind=Kind.TRAINERS,
        key="trainers",
        title="",
        people=len(days),
        first_on=min(known, default=None),
        last_on=max(known, default=None),
        links=(page,),
    )
    return [(activity, 0)]


def _mentorships(entity: Entity) -> list[tuple[osee.Activity, int]]:
    pairs = list(
        Mentorship.objects.filter(Q(mentee_entity=entity) | Q(mentor__entity=entity))
        .filter(status__in=COUNTED_PAIRS)
        .values_list("status", flat=True)
    )
    if not pairs:
        return []
    page = absolute(reverse("learning:mentorship_list"))
    active = sum(1 for status in pairs if status == MentorshipStatus.ACTIVE)
    activity = osee.Activity(
        kind=Kind.MENTORSHIPS,
        key="mentorships",
        title="",
        people=len(pairs),
        links=(page,),
    )
    return [(activity, active)]


# -- the suggestions, worded ------------------------------------------------------------------


def entity_activities(entity: Entity) -> list[tuple[osee.Activity, int]]:
    """Everything the platform recorded of the entity's people, as the engine's activities, each
    with one more figure its sentence needs (certificates, entities, active pairs). Eight queries
    whatever the number of people, events and modules."""
    catalogue = _catalogue()
    completed = _completed(entity, catalogue)
    found = [(done.activity(Kind.COMPLETED), len(done.certificates)) for done in completed.values()]
    found += [(d.activity(Kind.ATTENDED), 0) for d in _attended(entity, catalogue, completed)]
    found += [(d.activity(Kind.ORGANISED), len(d.entities)) for d in _organised(entity, catalogue)]
    return found + _trainers(entity) + _mentorships(entity)


def evidence_suggestions(
    entity: Entity, item_ids: Iterable[str]
) -> dict[str, list[EvidenceSuggestion]]:
    """Suggested evidence per item, for the items the entity's records speak for."""
    activities = entity_activities(entity)
    figures = {activity.key: extra for activity, extra in activities}
    found = osee.evidence_for(
        [activity for activity, _extra in activities],
        osee=osee.load_osee(),
        guideline_ids=item_ids,
    )
    return {
        item_id: [
            EvidenceSuggestion(a.key, provenance(a, entity, figures[a.key]), a.links) for a in acts
        ]
        for item_id, acts in found.items()
    }


def _when(activity: osee.Activity) -> str:
    first, last = activity.first_on, activity.last_on
    if first is None or last is None:
        return ""
    if first == last:
        return _(" on %(day)s") % {"day": first.isoformat()}
    return _(" between %(first)s and %(last)s") % {
        "first": first.isoformat(),
        "last": last.isoformat(),
    }


def provenance(activity: osee.Activity, entity: Entity, extra: int) -> str:
    """The suggestion's sentence: what, how many people of the entity, when, from which record."""
    values = {
        "n": activity.people,
        "entity": entity.acronym,
        "title": activity.title,
        "when": _when(activity),
        "extra": extra,
    }
    if activity.kind == Kind.COMPLETED:
        return _completed_sentence(values)
    if activity.kind == Kind.ATTENDED:
        return (
            ngettext(
                "%(n)d person of %(entity)s attended sessions of “%(title)s”%(when)s without "
                "completing it (platform attendance records).",
                "%(n)d people of %(entity)s attended sessions of “%(title)s”%(when)s without "
                "completing it (platform attendance records).",
                activity.people,
            )
            % values
        )
    return _other_sentence(activity, values)


def _completed_sentence(values: dict[str, Any]) -> str:
    completed = (
        ngettext(
            "%(n)d person of %(entity)s completed “%(title)s”%(when)s",
            "%(n)d people of %(entity)s completed “%(title)s”%(when)s",
            values["n"],
        )
        % values
    )
    shown = min(values["extra"], CERTIFICATE_LINKS)
    certificates = ngettext(
        "; certificates: %(n)d (%(shown)d linked).",
        "; certificates: %(n)d (%(shown)d linked).",
        values["extra"],
    ) % {"n": values["extra"], "shown": shown}
    return completed + certificates


def _other_sentence(activity: osee.Activity, values: dict[str, Any]) -> str:
    if activity.kind == Kind.ORGANISED:
        return (
            ngettext(
                "%(entity)s organised or led “%(title)s”%(when)s: %(n)d person attended "
                "(platform attendance records).",
                "%(entity)s organised or led “%(title)s”%(when)s: %(n)d people attended, from "
                "%(extra)d entities (platform attendance records).",
                activity.people,
            )
            % values
        )
    if activity.kind == Kind.TRAINERS:
        return (
            ngettext(
                "%(n)d person of %(entity)s is an active trainer (Train the Trainer).",
                "%(n)d people of %(entity)s are active trainers (Train the Trainer).",
                activity.people,
            )
            % values
        )
    return (
        ngettext(
            "%(n)d mentorship pair with people of %(entity)s is active or completed (%(extra)d "
            "active).",
            "%(n)d mentorship pairs with people of %(entity)s are active or completed (%(extra)d "
            "active).",
            activity.people,
        )
        % values
    )
