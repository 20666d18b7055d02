"""Events (CPF 4.5): the public list and pages, editing by the capacity-building team and each
event's organisers, registration and cancellation, an entity's decisions on its people's
registrations, a person's registrations, and the iCalendar files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import (
    CAPACITY_TEAM,
    CONTRIBUTOR,
    LEARNING_FOCAL_POINT,
    PUBLIC,
    SIGNED_IN,
    access,
)
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.entities.models import Entity
from osunited.learning import calendars
from osunited.learning.forms_events import (
    DecisionForm,
    EventFilterForm,
    EventForm,
    SessionForm,
    language_name,
)
from osunited.learning.models import Registration, RegistrationState
from osunited.learning.selectors import events as selectors
from osunited.learning.services import events as services


@access(PUBLIC)
@require_GET
def events_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None, languages=selectors.event_languages())
    filters = selectors.EventFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.EventFilters(**form.cleaned_data)
    upcoming, past = selectors.published_events(filters)
    context = {
        "form": form,
        "upcoming": upcoming,
        "past": past,
        "drafts": selectors.drafts_for(request.user),
        "decides_for": selectors.entities_decided_for(request.user),
        "is_capacity_team": CAPACITY_TEAM.allows(request.user),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "learning/events_list.html", context, status=status)


@access(CAPACITY_TEAM)
@require_http_methods(["GET", "POST"])
def events_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, choose_organisers=True)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Event saved as a draft; add its sessions."))
            return redirect("learning:events_session_create", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/events_form.html", {"form": form}, status=status)


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def events_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_manager(request.user, slug)
    choose = CAPACITY_TEAM.allows(request.user)
    form = EventForm(request.POST or None, instance=event, choose_organisers=choose)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, changes=form.changes())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Event saved."))
            return redirect("learning:events_detail", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "event": event, "sessions": selectors.event_sessions(event)}
    return render(request, "learning/events_form.html", context, status=status)


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def events_session_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _session_form(request, slug, pk=None)


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def events_session_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    return _session_form(request, slug, pk=pk)


def _session_form(request: AuthenticatedHttpRequest, slug: str, pk: int | None) -> HttpResponse:
    event = selectors.get_event_for_manager(request.user, slug)
    session = selectors.get_session_of(event, pk) if pk is not None else None
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(
                actor=request.user, event=event, session=session, **form.changes()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Session saved."))
            return redirect("learning:events_edit", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "event": event, "session": session}
    return render(request, "learning/events_session_form.html", context, status=status)


@access(SIGNED_IN)
@require_POST
def events_session_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.get_event_for_manager(request.user, slug)
    session = selectors.get_session_of(event, pk)
    try:
        services.session_delete(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Session removed."))
    return redirect("learning:events_edit", slug=event.slug)


@access(PUBLIC)
@require_GET
def events_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_viewer(request.user, slug)
    registration = selectors.registration_of(request.user, event)
    confirmed = registration is not None and registration.state == RegistrationState.CONFIRMED
    may_manage = selectors.may_manage_event(request.user, event)
    context = {
        "event": event,
        "language": language_name(event.language),
        "sessions": selectors.event_sessions(event),
        "modules": list(event.modules.filter(published=True)),
        "places_left": selectors.places_left(event),
        "registration": registration,
        "position": selectors.waiting_position(registration) if registration else None,
        "ticket_url": ticket_url(registration) if confirmed and registration else "",
        "shows_joining_links": confirmed or may_manage,
        "may_manage": may_manage,
        "is_over": selectors.event_is_over(event),
        "may_register": registration is None or registration.state == RegistrationState.CANCELLED,
    }
    return render(request, "learning/events_detail.html", context)


@access(CONTRIBUTOR)
@require_POST
def events_register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_viewer(request.user, slug)
    try:
        registration = services.registration_register(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _registered_message(registration))
    return redirect("learning:events_detail", slug=event.slug)


def _registered_message(registration: Registration) -> str:
    if registration.state == RegistrationState.PENDING:
        return _("Registered: your entity's learning focal point confirms your place.")
    if registration.state == RegistrationState.WAITLISTED:
        return _("The event is full: you are on its waiting list and will be told by e-mail.")
    return _("Registered: your place is confirmed.")


@access(SIGNED_IN)
@require_POST
def events_cancel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_viewer(request.user, slug)
    try:
        services.registration_cancel(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("learning:events_detail", slug=event.slug)


@access(PUBLIC)
@require_GET
def events_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_viewer(request.user, slug)
    if not event.published:
        raise Http404(_("A draft has no calendar."))
    return _ics(calendars.event_calendar(event), f"{event.slug}.ics")


@access(PUBLIC)
@require_GET
def events_feed(request: HttpRequest) -> HttpResponse:
    return _ics(calendars.events_feed(selectors.calendar_events()), "learning-events.ics")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@access(SIGNED_IN)
@require_GET
def events_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [
        (registration, _ticket_if_confirmed(registration), position)
        for registration, position in selectors.registrations_of_user(request.user)
    ]
    return render(request, "learning/events_mine.html", {"rows": rows})


def _ticket_if_confirmed(registration: Registration) -> str:
    return ticket_url(registration) if registration.state == RegistrationState.CONFIRMED else ""


def ticket_url(registration: Registration) -> str:
    """The ticket page with the QR code (the attendance area's)."""
    return reverse("learning:attendance_ticket", kwargs={"ticket": registration.ticket})


def _entity_for_decider(request: AuthenticatedHttpRequest, entity_slug: str) -> Entity:
    entity = Entity.objects.filter(slug=entity_slug).first()
    if entity is None:
        raise Http404(_("No such entity."))
    if not selectors.may_decide_for_entity(request.user, entity):
        raise PermissionDenied(_("Only the entity's learning focal points and representatives."))
    return entity


@access(LEARNING_FOCAL_POINT)
@require_GET
def events_entity_registrations(
    request: AuthenticatedHttpRequest, entity_slug: str
) -> HttpResponse:
    entity = _entity_for_decider(request, entity_slug)
    registrations = list(selectors.entity_registrations(entity))
    awaiting = [r for r in registrations if selectors.awaits_entity(r, r.event)]
    others = [r for r in registrations if r not in awaiting]
    context = {"entity": entity, "awaiting": awaiting, "others": others}
    return render(request, "learning/events_entity_registrations.html", context)


@access(LEARNING_FOCAL_POINT)
@require_POST
def events_entity_decide(
    request: AuthenticatedHttpRequest, entity_slug: str, pk: int
) -> HttpResponse:
    entity = _entity_for_decider(request, entity_slug)
    registration = Registration.objects.filter(pk=pk, entity=entity).select_related("event").first()
    if registration is None:
        raise Http404(_("No such registration."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to confirm or decline; nothing was changed."))
        return redirect("learning:events_entity_registrations", entity_slug=entity.slug)
    confirm = form.cleaned_data["decision"] == "confirm"
    try:
        decided = services.registration_decide(
            actor=request.user, registration=registration, confirm=confirm
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _decided_message(decided))
    return redirect("learning:events_entity_registrations", entity_slug=entity.slug)


def _decided_message(registration: Registration) -> str:
    if registration.state == RegistrationState.WAITLISTED:
        return _("Confirmed; the event is full, so %(person)s is on its waiting list.") % {
            "person": registration.user
        }
    if registration.state == RegistrationState.CANCELLED:
        return _("Declined: %(person)s was told by e-mail.") % {"person": registration.user}
    return _("Confirmed: %(person)s was told by e-mail.") % {"person": registration.user}


urlpatterns: list[URLPattern] = [
    path("events/", events_list, name="events_list"),
    path("events/new/", events_create, name="events_create"),
    path("events/calendar.ics", events_feed, name="events_feed"),
    path("events/<slug:slug>/", events_detail, name="events_detail"),
    path("events/<slug:slug>/edit/", events_edit, name="events_edit"),
    path("events/<slug:slug>/calendar.ics", events_calendar, name="events_calendar"),
    path("events/<slug:slug>/register/", events_register, name="events_register"),
    path("events/<slug:slug>/cancel/", events_cancel, name="events_cancel"),
    path("events/<slug:slug>/sessions/new/", events_session_create, name="events_session_create"),
    path(
        "events/<slug:slug>/sessions/<int:pk>/edit/",
        events_session_edit,
        name="events_session_edit",
    ),
    path(
        "events/<slug:slug>/sessions/<int:pk>/delete/",
        events_session_delete,
        name="events_session_delete",
    ),
    path("me/registrations/", events_mine, name="events_mine"),
    path(
        "entities/<slug:entity_slug>/registrations/",
        events_entity_registrations,
        name="events_entity_registrations",
    ),
    path(
        "entities/<slug:entity_slug>/registrations/<int:pk>/decide/",
        events_entity_decide,
        name="events_entity_decide",
    ),
]
