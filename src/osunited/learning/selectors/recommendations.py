"""From an assessment's gaps to what the entity's people could learn: the catalogue and the
entity's completions read in a fixed number of queries, ranked by the OSEE engine's
`recommend()`, and the reason of each worded from the figures (docs/learning.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from osunited import framework as fw
from osunited import osee
from osunited.accounts.models import User
from osunited.entities.models import Entity
from osunited.learning.models import Completion, Event, LearningModule


def osee_module_url(module_id: str) -> str:
    return reverse("learning:osee_module", kwargs={"module_id": module_id})


def offer_url(offer: osee.Offer) -> str:
    if offer.kind == "event":
        return reverse("learning:events_detail", kwargs={"slug": offer.key})
    return reverse("learning:catalogue_module", kwargs={"slug": offer.key})


# -- the gaps --------------------------------------------------------------------------------


def guideline_gaps(result: fw.Result) -> list[osee.Gap]:
    """The guidelines (not the core policy statements) not met at the result's target stage:
    the next stage, or stage 1 when none is reached; required ones first."""
    return [
        osee.Gap(
            guideline_id=step.item,
            level=(fw.Level.REQUIRED if step.blocking else fw.Level.RECOMMENDED).value,
            stage=result.target_stage,
            action=step.action,
        )
        for step in result.next_steps
        if step.pillar != fw.CORE_PILLAR
    ]


# -- the catalogue and who of the entity completed what: five queries ------------------------


@dataclass(frozen=True)
class ModuleFacts:
    """A module of the catalogue, as recommendations and figures read it."""

    slug: str
    title: str
    osee_module: str
    competencies: tuple[str, ...]
    level: str
    published: bool
    kind: str


@dataclass
class Catalogue:
    """Every offer, and the entity's people on the platform."""

    people: frozenset[int]
    offers: list[osee.Offer] = field(default_factory=list)


def entity_people(entity: Entity) -> frozenset[int]:
    """The entity's people on the platform: active accounts of the entity."""
    people = User.objects.filter(entity=entity, is_active=True).values_list("pk", flat=True)
    return frozenset(people)


def module_facts() -> dict[int, ModuleFacts]:
    rows = LearningModule.objects.values_list(
        "pk", "slug", "title", "osee_module", "competencies", "level", "published", "kind"
    )
    return {
        pk: ModuleFacts(slug, title, osee_module, tuple(competencies or ()), level, published, kind)
        for pk, slug, title, osee_module, competencies, level, published, kind in rows
    }


def _completions(entity: Entity) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Who of the entity's people completed each module and each event (revoked ones left out)."""
    by_module: dict[int, set[int]] = defaultdict(set)
    by_event: dict[int, set[int]] = defaultdict(set)
    rows = Completion.objects.filter(
        user__entity=entity, user__is_active=True, revoked_at__isnull=True
    ).values_list("user_id", "module_id", "event_id")
    for user_id, module_id, event_id in rows:
        (by_module[module_id] if module_id else by_event[event_id]).add(user_id)
    return by_module, by_event


def _events(now: datetime, completed: Iterable[int]) -> list[tuple[Any, ...]]:
    """Published events open for registration with a session ahead, and the events the entity's
    people completed: (pk, slug, title, next session or None)."""
    upcoming = Q(published=True, sessions__starts_at__gt=now) & (
        Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now)
    )
    rows = (
        Event.objects.filter(upcoming | Q(pk__in=list(completed)))
        .annotate(next_start=Min("sessions__starts_at", filter=upcoming))
        .values_list("pk", "slug", "title", "next_start")
        .order_by("pk")
    )
    return list(rows)


def event_module_ids(event_ids: list[int]) -> dict[int, list[int]]:
    covered: dict[int, list[int]] = defaultdict(list)
    links = Event.modules.through.objects.filter(event_id__in=event_ids)
    for event_id, module_id in links.values_list("event_id", "learningmodule_id"):
        covered[event_id].append(module_id)
    return covered


def catalogue_for(entity: Entity, *, now: datetime | None = None) -> Catalogue:
    """The offers with who of the entity completed each, in five queries whatever their number."""
    now = now or timezone.now()
    modules = module_facts()
    by_module, by_event = _completions(entity)
    events = _events(now, by_event)
    covered = event_module_ids([row[0] for row in events])
    catalogue = Catalogue(people=entity_people(entity))
    for pk, facts in modules.items():
        catalogue.offers.append(_module_offer(facts, frozenset(by_module.get(pk, ()))))
    for pk, slug, title, next_start in events:
        taught = [modules[m] for m in covered.get(pk, []) if m in modules]
        completed_by = frozenset(by_event.get(pk, ()))
        catalogue.offers.append(_event_offer(slug, title, next_start, taught, completed_by))
    return catalogue


def _module_offer(facts: ModuleFacts, completed_by: frozenset[int]) -> osee.Offer:
    return osee.Offer(
        kind="module",
        key=facts.slug,
        title=facts.title,
        osee_modules=(facts.osee_module,) if facts.osee_module else (),
        competencies=facts.competencies,
        levels=(facts.level,),
        available=facts.published,
        completed_by=completed_by,
    )


def _event_offer(
    slug: str,
    title: str,
    next_start: datetime | None,
    taught: list[ModuleFacts],
    completed_by: frozenset[int],
) -> osee.Offer:
    return osee.Offer(
        kind="event",
        key=slug,
        title=title,
        osee_modules=tuple(dict.fromkeys(m.osee_module for m in taught if m.osee_module)),
        competencies=tuple(dict.fromkeys(c for m in taught for c in m.competencies)),
        levels=tuple(dict.fromkeys(m.level for m in taught)),
        available=next_start is not None,
        starts=next_start,
        completed_by=completed_by,
    )


# -- the recommendations, worded ----------------------------------------------------------------


@dataclass(frozen=True)
class OfferLink:
    offer: osee.Offer
    url: str


@dataclass(frozen=True)
class RecommendationView:
    """One gap's recommendation as a page shows it."""

    recommendation: osee.Recommendation
    item: fw.Item
    reason: str
    offers: list[OfferLink]
    osee_pages: list[tuple[str, str]]  # (title, path) of the OSEE modules aligned


def recommendations_for(
    entity: Entity, result: fw.Result, framework: fw.Framework
) -> list[RecommendationView]:
    """A recommendation for every guideline not met at the result's target stage."""
    gaps = guideline_gaps(result)
    if not gaps:
        return []
    catalogue = catalogue_for(entity)
    framework_osee = osee.load_osee()
    found = osee.recommend(gaps, catalogue.offers, osee=framework_osee, people=catalogue.people)
    return [_view(r, framework.item(r.gap.guideline_id), entity, framework_osee) for r in found]


def _view(
    recommendation: osee.Recommendation, item: fw.Item, entity: Entity, framework: osee.Osee
) -> RecommendationView:
    titles = [_module_title(framework, m) for m in recommendation.aligned_modules]
    return RecommendationView(
        recommendation=recommendation,
        item=item,
        reason=reason(recommendation, entity, titles),
        offers=[OfferLink(o, offer_url(o)) for o in recommendation.offers],
        osee_pages=[
            (title, osee_module_url(m))
            for title, m in zip(titles, recommendation.aligned_modules, strict=True)
        ],
    )


def _module_title(framework: osee.Osee, module_id: str) -> str:
    try:
        return framework.module(module_id).title
    except KeyError:  # an alignment naming a module the data no longer has
        return module_id


def _expected(gap: osee.Gap) -> str:
    values = {"item": gap.guideline_id, "stage": gap.stage}
    if gap.level == fw.Level.REQUIRED:
        return _("%(item)s is required at Stage %(stage)d") % values
    return _("%(item)s is recommended at Stage %(stage)d") % values


def reason(recommendation: osee.Recommendation, entity: Entity, module_titles: list[str]) -> str:
    """Why, in words from the figures: the guideline's level at the stage, who of the entity's
    people learnt what it needs, and whether the catalogue has anything for it yet."""
    expected = _expected(recommendation.gap)
    if recommendation.alignment is None:
        return _(
            "%(expected)s; no OSEE module is aligned with it, so there is no course for it yet: "
            "start from the suggested action."
        ) % {"expected": expected}
    topics = ", ".join(module_titles)
    trained = _trained(recommendation, entity, topics)
    if recommendation.offers:
        return f"{expected}; {trained}"
    return _(
        "%(expected)s; %(trained)s There is no course or upcoming event for it in the catalogue "
        "yet: start from the OSEE module and the suggested action."
    ) % {"expected": expected, "trained": trained}


def _trained(recommendation: osee.Recommendation, entity: Entity, topics: str) -> str:
    if not recommendation.people:
        return _(
            "no one from %(entity)s has an account on the platform yet, so who has learnt "
            "%(topics)s is not measured."
        ) % {"entity": entity.acronym, "topics": topics}
    people = ngettext("%(people)d person", "%(people)d people", recommendation.people) % {
        "people": recommendation.people
    }
    # The verb agrees with those trained: "1 of your 6 people has", "2 of your 6 people have".
    return ngettext(
        "%(trained)d of your %(people)s on the platform has completed a course or event "
        "covering %(topics)s.",
        "%(trained)d of your %(people)s on the platform have completed a course or event "
        "covering %(topics)s.",
        recommendation.trained,
    ) % {"trained": recommendation.trained, "people": people, "topics": topics}
