"""Reads of the learning catalogue and paths: the search with its facets, a module's page (its
competencies named by the OSEE engine, the events that cover it, the paths it is on) and the
paths. Unpublished modules are the capacity-building team's alone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from osunited import osee
from osunited.accounts.roles import CAPACITY_TEAM
from osunited.accounts.types import Viewer
from osunited.learning.models import (
    Event,
    LearningModule,
    LearningPath,
    Level,
    ModuleKind,
    PathStep,
)

PAGE_SIZE = 20
QUERY_MAX = 200
FACETS = ("competency", "language", "level", "kind")
NOT_STATED = ""  # the language facet's value for modules whose language is not stated


def may_manage_catalogue(viewer: Viewer) -> bool:
    return CAPACITY_TEAM.allows(viewer)


def osee_module_url(module_id: str, anchor: str = "") -> str:
    """The platform's page of an OSEE module, at a competency's anchor."""
    url = reverse("learning:osee_module", args=[module_id])
    return f"{url}#{anchor}" if anchor else url


def language_name(code: str) -> str:
    """The language's name in the reader's language; "Not stated" for none."""
    if not code:
        return _("Not stated")
    for candidate in (code.lower(), code.split("-")[0].lower()):
        try:
            return str(get_language_info(candidate)["name_translated"])
        except KeyError:
            continue
    return code


@dataclass(frozen=True)
class CatalogueQuery:
    text: str = ""
    competency: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    page: str = "1"
    notes: tuple[str, ...] = ()

    def selected(self, facet: str) -> tuple[str, ...]:
        values: tuple[str, ...] = getattr(self, facet)
        return values


def parse_catalogue_query(params: QueryDict) -> CatalogueQuery:
    """The search from the page's query string. A value no facet knows is left out, with a
    note saying so; it never fails the page."""
    known = {
        "competency": {c.id for c in osee.load_osee().competencies()},
        "level": set(Level.values),
        "kind": set(ModuleKind.values),
    }
    chosen: dict[str, tuple[str, ...]] = {}
    notes: list[str] = []
    for facet in FACETS:
        values = tuple(dict.fromkeys(params.getlist(facet)))
        allowed = known.get(facet)
        if allowed is not None:
            ignored = [value for value in values if value not in allowed]
            notes.extend(
                _("%(value)s is not a %(facet)s the catalogue knows: it was left out.")
                % {"value": value[:80], "facet": _facet_noun(facet)}
                for value in ignored
            )
            values = tuple(value for value in values if value in allowed)
        chosen[facet] = values
    text = params.get("q", "").strip()
    if len(text) > QUERY_MAX:
        notes.append(_("The search was cut to its first %(n)s characters.") % {"n": QUERY_MAX})
        text = text[:QUERY_MAX]
    return CatalogueQuery(text=text, page=params.get("page", "1"), notes=tuple(notes), **chosen)


def _facet_noun(facet: str) -> str:
    return {"competency": _("competency"), "level": _("level"), "kind": _("kind")}.get(facet, "")


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    """One fieldset of a facet: the competencies of one OSEE module, or a whole facet."""

    name: str
    legend: str
    options: tuple[FacetOption, ...]

    @property
    def any_selected(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass(frozen=True)
class CatalogueResults:
    query: CatalogueQuery
    page: Page[LearningModule]
    count: int
    facets: tuple[FacetGroup, ...]
    competency_groups: tuple[FacetGroup, ...]


def _values_of(module: LearningModule, facet: str) -> Sequence[str]:
    if facet == "competency":
        return list(module.competencies)
    return [str(getattr(module, facet))]


def _matches(module: LearningModule, query: CatalogueQuery, skip: str = "") -> bool:
    """Whether the module passes every facet's choice but `skip`'s: within a facet, any chosen
    value matches; across facets, all must."""
    for facet in FACETS:
        chosen = query.selected(facet)
        if facet != skip and chosen and not set(chosen) & set(_values_of(module, facet)):
            return False
    return True


def _counts(modules: Iterable[LearningModule], query: CatalogueQuery, facet: str) -> Counter[str]:
    """How many modules each value of `facet` would give, with the other facets' choices kept."""
    counts: Counter[str] = Counter()
    for module in modules:
        if _matches(module, query, skip=facet):
            counts.update(set(_values_of(module, facet)))
    return counts


def catalogue_search(query: CatalogueQuery) -> CatalogueResults:
    """The published modules matching the words (in the title or summary) and the facets, with
    each facet value's count; one query, whatever the catalogue's size."""
    modules = LearningModule.objects.filter(published=True).order_by("title", "pk")
    if query.text:
        modules = modules.filter(Q(title__icontains=query.text) | Q(summary__icontains=query.text))
    candidates = list(modules)
    results = [module for module in candidates if _matches(module, query)]
    page = Paginator(results, PAGE_SIZE).get_page(query.page)
    return CatalogueResults(
        query=query,
        page=page,
        count=len(results),
        facets=_plain_facets(candidates, query),
        competency_groups=_competency_groups(candidates, query),
    )


def _plain_facets(modules: list[LearningModule], query: CatalogueQuery) -> tuple[FacetGroup, ...]:
    language_counts = _counts(modules, query, "language")
    languages = sorted(
        {*language_counts, *query.language}, key=lambda code: (code == NOT_STATED, code)
    )
    labelled = {
        "language": [(code, language_name(code)) for code in languages],
        "level": [(str(value), str(label)) for value, label in Level.choices],
        "kind": [(str(value), str(label)) for value, label in ModuleKind.choices],
    }
    legends = {"language": _("Language"), "level": _("Level"), "kind": _("Kind")}
    groups = []
    for facet, values in labelled.items():
        counts = language_counts if facet == "language" else _counts(modules, query, facet)
        chosen = query.selected(facet)
        options = tuple(
            FacetOption(value, label, counts[value], value in chosen) for value, label in values
        )
        groups.append(FacetGroup(facet, legends[facet], options))
    return tuple(groups)


def _competency_groups(
    modules: list[LearningModule], query: CatalogueQuery
) -> tuple[FacetGroup, ...]:
    counts = _counts(modules, query, "competency")
    groups = []
    for module in osee.load_osee().modules:
        options = tuple(
            FacetOption(c.id, c.name, counts[c.id], c.id in query.competency)
            for c in module.competencies
        )
        if options:
            groups.append(FacetGroup("competency", module.title, options))
    return tuple(groups)


def unpublished_modules(viewer: Viewer) -> list[LearningModule]:
    if not may_manage_catalogue(viewer):
        return []
    return list(LearningModule.objects.filter(published=False).order_by("title"))


def get_module(*, slug: str, viewer: Viewer) -> LearningModule:
    """A published module, or an unpublished one for the capacity-building team; else 404."""
    module = LearningModule.objects.filter(slug=slug).first()
    if module is None or not (module.published or may_manage_catalogue(viewer)):
        raise Http404(_("No such module in the catalogue."))
    return module


@dataclass(frozen=True)
class CompetencyLink:
    id: str
    name: str
    module_title: str
    url: str  # empty for an id the OSEE framework no longer knows


def competency_links(ids: Iterable[str]) -> list[CompetencyLink]:
    framework = osee.load_osee()
    links = []
    for competency_id in ids:
        try:
            competency = framework.competency(competency_id)
        except KeyError:
            links.append(CompetencyLink(competency_id, competency_id, "", ""))
            continue
        module = framework.module(competency.module_id)
        url = osee_module_url(module.id, competency.slug)
        links.append(CompetencyLink(competency.id, competency.name, module.title, url))
    return links


@dataclass(frozen=True)
class UpcomingEvent:
    event: Event
    next_start: datetime


@dataclass(frozen=True)
class ModulePage:
    module: LearningModule
    competencies: list[CompetencyLink]
    osee_module_title: str
    osee_module_url: str
    upcoming_events: list[UpcomingEvent]
    paths: list[LearningPath]
    duration_text: str
    language_text: str
    license_is_spdx: bool
    in_development: bool
    may_manage: bool = False
    notes: list[str] = field(default_factory=list)


def duration_text(minutes: int | None) -> str:
    """ "2 h 30 min", "45 min"; empty when the duration is not stated (never 0)."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(n)s minute", "%(n)s minutes", rest) % {"n": rest}
    text = ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    if rest:
        text = _("%(hours)s %(minutes)s min") % {"hours": text, "minutes": rest}
    return text


def upcoming_events_for(module: LearningModule) -> list[UpcomingEvent]:
    """Published events covering the module with a session still to start, soonest first."""
    now = timezone.now()
    events = (
        module.events.filter(published=True, sessions__starts_at__gte=now)
        .annotate(next_start=Min("sessions__starts_at"))
        .order_by("next_start", "pk")
    )
    return [UpcomingEvent(event, event.next_start) for event in events]


def get_module_page(*, slug: str, viewer: Viewer) -> ModulePage:
    module = get_module(slug=slug, viewer=viewer)
    title, url = "", ""
    if module.osee_module:
        try:
            title = osee.load_osee().module(module.osee_module).title
            url = osee_module_url(module.osee_module)
        except KeyError:
            title = module.osee_module
    in_development = not module.url and module.kind in _UN_PROGRAMMES
    return ModulePage(
        module=module,
        competencies=competency_links(module.competencies),
        osee_module_title=title,
        osee_module_url=url,
        upcoming_events=upcoming_events_for(module),
        paths=list(LearningPath.objects.filter(steps__module=module).order_by("title")),
        duration_text=duration_text(module.duration_minutes),
        language_text=language_name(module.language),
        license_is_spdx=bool(module.license) and " " not in module.license,
        in_development=in_development,
        may_manage=may_manage_catalogue(viewer),
    )


_UN_PROGRAMMES = (ModuleKind.CPF_BASIC, ModuleKind.CPF_ADVANCED, ModuleKind.TRAIN_THE_TRAINER)


def path_list() -> list[LearningPath]:
    """Every path with its published steps, in one query for the steps."""
    steps = PathStep.objects.filter(module__published=True).select_related("module")
    return list(
        LearningPath.objects.order_by("role", "title").prefetch_related(
            Prefetch("steps", queryset=steps.order_by("position"), to_attr="shown_steps")
        )
    )


@dataclass(frozen=True)
class PathPage:
    path: LearningPath
    steps: list[PathStep]
    hidden_steps: int  # steps on unpublished modules, not shown to the public
    may_manage: bool


def get_path_page(*, slug: str, viewer: Viewer) -> PathPage:
    path = LearningPath.objects.filter(slug=slug).first()
    if path is None:
        raise Http404(_("No such learning path."))
    manage = may_manage_catalogue(viewer)
    steps = list(path.steps.select_related("module").order_by("position"))
    shown = [step for step in steps if manage or step.module.published]
    return PathPage(path, shown, len(steps) - len(shown), manage)


def get_path(*, slug: str) -> LearningPath:
    path = LearningPath.objects.filter(slug=slug).first()
    if path is None:
        raise Http404(_("No such learning path."))
    return path


def modules_for_path_steps() -> QuerySet[LearningModule]:
    """The modules a step may name: every one, published first, for the path editor."""
    return LearningModule.objects.order_by("-published", "title")
