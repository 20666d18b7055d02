"""Attendance: a participant's ticket with its QR code, the organisers' check-in (a phone's
camera scanner, with a text field for the code when there is no camera or no JavaScript), the
page a phone's own camera app opens from the QR code, the participant list, and attendance files
imported from other systems (Indico's export among them)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from osunited.accounts.roles import SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.learning.attendance_import import MAX_BYTES, read_attendance_file
from osunited.learning.forms_attendance import AttendanceFileForm, ParticipantListForm, TicketForm
from osunited.learning.models import Attendance, Event, EventSession, Registration
from osunited.learning.selectors import attendance as selectors
from osunited.learning.selectors.credentials import absolute
from osunited.learning.selectors.events import may_manage_event
from osunited.learning.services import attendance as services

NOT_KEPT = "private, no-store"  # a ticket is a secret: no cache keeps its page


def _qr_svg(text: str, title: str) -> SafeString:
    """The QR code as inline SVG. segno escapes the title; the rest is its own drawing."""
    svg = segno.make(text, error="m").svg_inline(scale=1, omitsize=True, title=title)
    return mark_safe(svg)


def _checkin_url(registration: Registration) -> str:
    return absolute(reverse("learning:attendance_checkin_ticket", args=[registration.ticket]))


def _person(registration: Registration) -> str:
    return registration.user.display_name or registration.user.email


@access(SIGNED_IN)
@require_GET
def attendance_ticket(request: AuthenticatedHttpRequest, ticket: str) -> HttpResponse:
    registration = selectors.get_ticket_for_viewer(request.user, ticket)
    attended = selectors.attendance_of(registration)
    context = {
        "registration": registration,
        "event": registration.event,
        "sessions": [(s, attended.get(s.pk)) for s in selectors.sessions_of(registration.event)],
        "qr_svg": _qr_svg(_checkin_url(registration), _("QR code of the ticket")),
        "is_manager": may_manage_event(request.user, registration.event),
        "completion": selectors.completion_of(registration),
    }
    response = render(request, "learning/attendance_ticket.html", context)
    response["Cache-Control"] = NOT_KEPT
    return response


def _to_checkin(event: Event, session: EventSession) -> HttpResponse:
    url = reverse("learning:attendance_checkin", args=[event.slug])
    return redirect(f"{url}?session={session.pk}")


def _announce(request: AuthenticatedHttpRequest, check_in: services.CheckIn) -> None:
    when = timezone.localtime(check_in.attendance.checked_in_at).strftime("%H:%M")
    values = {"name": _person(check_in.registration), "time": when}
    if check_in.already:
        messages.info(request, _("%(name)s was already checked in at %(time)s.") % values)
    else:
        messages.success(request, _("%(name)s checked in at %(time)s.") % values)


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def attendance_checkin(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_check_in(request.user, slug)
    sessions = selectors.sessions_of(event)
    queryset = event.sessions.all()
    if request.method == "POST":
        form = TicketForm(request.POST, sessions=queryset)
        if form.is_valid():
            session = form.cleaned_data["session"]
            try:
                check_in = services.attendance_check_in(
                    actor=request.user, session=session, ticket=form.cleaned_data["ticket"]
                )
            except ValidationError as error:
                form.add_error("ticket", error)
            else:
                _announce(request, check_in)
                return _to_checkin(event, session)
        session = form.cleaned_data.get("session") or selectors.current_session(sessions)
    else:
        session = selectors.chosen_session(sessions, request.GET.get("session"))
        form = TicketForm(initial={"session": session}, sessions=queryset)
    context = {"event": event, "sessions": sessions, "session": session, "form": form}
    if session is not None:
        context["checked_in"] = session.attendance.count()
    status = 400 if form.errors else 200
    return render(request, "learning/attendance_checkin.html", context, status=status)


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def attendance_checkin_ticket(request: AuthenticatedHttpRequest, ticket: str) -> HttpResponse:
    """What a phone's camera app opens from the QR code: for the event's organisers, the
    participant and a check-in button; for anyone else, a page saying who checks people in."""
    registration = selectors.registration_by_ticket(ticket)
    if registration is None or not may_manage_event(request.user, registration.event):
        own = registration is not None and registration.user_id == request.user.pk
        refused = {"own_registration": registration if own else None}
        return render(request, "learning/attendance_checkin_refused.html", refused, status=403)
    event = registration.event
    sessions = selectors.sessions_of(event)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data["ticket"] = registration.ticket
    form = TicketForm(
        data,
        initial={"session": selectors.current_session(sessions), "ticket": registration.ticket},
        sessions=event.sessions.all(),
    )
    if data is not None and form.is_valid():
        session = form.cleaned_data["session"]
        try:
            check_in = services.attendance_check_in(
                actor=request.user, session=session, ticket=registration.ticket
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _announce(request, check_in)
            return _to_checkin(event, session)
    context = {"registration": registration, "event": event, "sessions": sessions, "form": form}
    response = render(
        request,
        "learning/attendance_checkin_ticket.html",
        context,
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = NOT_KEPT
    return response


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def attendance_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_check_in(request.user, slug)
    sessions = selectors.sessions_of(event)
    raw = request.POST.get("session") if request.method == "POST" else request.GET.get("session")
    session = selectors.chosen_session(sessions, raw)
    participants = selectors.session_participants(session) if session else []
    choices = [p.registration.pk for p in participants if p.attendance is None]
    form = ParticipantListForm(
        request.POST or None,
        initial={"session": session},
        sessions=event.sessions.all(),
        choices=choices,
    )
    if request.method == "POST" and form.is_valid():
        recorded = services.attendance_list_record(
            actor=request.user,
            session=form.cleaned_data["session"],
            registration_ids=form.cleaned_data["registration"],
        )
        messages.success(request, _("%(count)s people checked in.") % {"count": recorded})
        url = reverse("learning:attendance_list", args=[event.slug])
        return redirect(f"{url}?session={form.cleaned_data['session'].pk}")
    context = {
        "event": event,
        "sessions": sessions,
        "session": session,
        "participants": participants,
        "others": _others(session, participants),
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "learning/attendance_list.html", context, status=status)


def _others(
    session: EventSession | None, participants: list[selectors.Participant]
) -> list[Attendance]:
    """People recorded at the session who are not among the confirmed participants (imported
    rows of people without an account or without a registration)."""
    if session is None:
        return []
    listed = {p.attendance.pk for p in participants if p.attendance is not None}
    return [row for row in selectors.session_attendance(session) if row.pk not in listed]


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def attendance_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_check_in(request.user, slug)
    sessions = selectors.sessions_of(event)
    session = selectors.chosen_session(sessions, request.GET.get("session"))
    form = AttendanceFileForm(
        request.POST or None,
        request.FILES or None,
        initial={"session": session},
        sessions=event.sessions.all(),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        read = read_attendance_file(data, timezone=timezone.get_current_timezone())
        problems = read.errors
        if not problems:
            session = form.cleaned_data["session"]
            summary = services.attendance_import(
                actor=request.user, session=session, rows=read.rows, file_name=upload.name or ""
            )
            messages.success(request, _summary_text(summary, read.not_checked_in))
            url = reverse("learning:attendance_list", args=[event.slug])
            return redirect(f"{url}?session={session.pk}")
    context = {"event": event, "sessions": sessions, "form": form, "problems": problems}
    status = 400 if form.errors or problems else 200
    return render(request, "learning/attendance_import.html", context, status=status)


def _summary_text(summary: services.ImportSummary, not_checked_in: int) -> str:
    return _(
        "%(recorded)s people recorded: %(with_account)s with an account (%(registered)s of them "
        "registered), %(without_account)s without an account, kept with their name and address. "
        "%(already)s were recorded before; %(absent)s rows of the file were not checked in; "
        "%(completed)s people completed the event."
    ) % {
        "recorded": summary.recorded,
        "with_account": summary.with_account,
        "registered": summary.registered,
        "without_account": summary.without_account,
        "already": summary.already,
        "absent": not_checked_in,
        "completed": len(summary.completed),
    }


urlpatterns: list[URLPattern] = [
    path("tickets/<str:ticket>/", attendance_ticket, name="attendance_ticket"),
    path("checkin/<str:ticket>/", attendance_checkin_ticket, name="attendance_checkin_ticket"),
    path("events/<slug:slug>/checkin/", attendance_checkin, name="attendance_checkin"),
    path("events/<slug:slug>/attendance/", attendance_list, name="attendance_list"),
    path("events/<slug:slug>/attendance/import/", attendance_import, name="attendance_import"),
]
