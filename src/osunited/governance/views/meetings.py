"""Board meetings (CPF 4.1): the public list and pages, the iCalendar feed, the secretariat's
scheduling, agenda, votes, minutes and action items, the public list of open actions and each
owner's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from osunited.accounts.roles import BOARD_SECRETARIAT, PUBLIC, SIGNED_IN, access
from osunited.accounts.types import AuthenticatedHttpRequest
from osunited.governance import calendars
from osunited.governance.forms_meetings import (
    ActionForm,
    AgendaItemForm,
    MeetingForm,
    MinutesForm,
    MoveForm,
    VoteForm,
)
from osunited.governance.minutes_markup import render_minutes
from osunited.governance.models import AgendaItem, BoardMeeting, MeetingStatus
from osunited.governance.selectors import meetings as selectors
from osunited.governance.services import meetings as services
from osunited.learning.calendars import ical_response

_FORM_ERROR = 400


def _done(request: HttpRequest, message: str, meeting: BoardMeeting) -> HttpResponse:
    messages.success(request, message)
    return redirect("governance:meetings_detail", pk=meeting.pk)


def _refused(request: HttpRequest, error: ValidationError, meeting: BoardMeeting) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("governance:meetings_detail", pk=meeting.pk)


def _form_page(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    template: str,
    context: dict[str, object],
    *,
    save: Callable[[], BoardMeeting],
    done: str,
) -> HttpResponse:
    """A secretariat form: on a valid POST, `save` and go to the meeting it returns with `done`;
    otherwise the form again, with the service's refusal among its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            meeting = save()
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _done(request, done, meeting)
    status = _FORM_ERROR if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


def _act(
    request: HttpRequest, meeting: BoardMeeting, act: Callable[[], object], done: str
) -> HttpResponse:
    """A secretariat button: `act`, then back to the meeting with `done` or the refusal."""
    try:
        act()
    except ValidationError as error:
        return _refused(request, error, meeting)
    return _done(request, done, meeting)


# -- public pages ----------------------------------------------------------------------------------


@access(PUBLIC)
@require_GET
def meetings_list(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.meeting_lists()
    context = {
        "upcoming": upcoming,
        "past": past,
        "manages": selectors.manages_meetings(request.user),
    }
    return render(request, "governance/meetings_list.html", context)


@access(PUBLIC)
@require_GET
def meetings_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(pk)
    minutes = selectors.minutes_for(request.user, meeting)
    context = {
        "meeting": meeting,
        "agenda": selectors.meeting_agenda(meeting),
        "decisions": selectors.meeting_decisions(meeting),
        "minutes": minutes,
        "minutes_html": render_minutes(minutes.text) if minutes else "",
        "actions": selectors.meeting_actions(meeting),
        "manages": selectors.manages_meetings(request.user),
        "is_board": selectors.sees_draft_minutes(request.user),
        "is_cancelled": meeting.status == MeetingStatus.CANCELLED,
    }
    return render(request, "governance/meetings_detail.html", context)


@access(PUBLIC)
@require_GET
def meetings_feed(request: HttpRequest) -> HttpResponse:
    body = calendars.meetings_calendar(selectors.calendar_meetings())
    return ical_response(body, "ossib-meetings.ics")


@access(PUBLIC)
@require_GET
def meetings_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(pk)
    body = calendars.meetings_calendar(selectors.calendar_meetings(meeting), name=meeting.title)
    return ical_response(body, f"ossib-meeting-{meeting.pk}.ics")


# -- scheduling ------------------------------------------------------------------------------------


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def meetings_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)

    def save() -> BoardMeeting:
        return services.meeting_schedule(actor=request.user, **form.changes())

    return _form_page(
        request,
        form,
        "governance/meetings_form.html",
        {},
        save=save,
        done=_("Meeting scheduled; add its agenda."),
    )


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def meetings_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(pk)
    form = MeetingForm(request.POST or None, meeting=meeting)

    def save() -> BoardMeeting:
        services.meeting_update(actor=request.user, meeting=meeting, **form.changes())
        return meeting

    return _form_page(
        request,
        form,
        "governance/meetings_form.html",
        {"meeting": meeting},
        save=save,
        done=_("Meeting saved; calendars will show the change."),
    )


@access(BOARD_SECRETARIAT)
@require_POST
def meetings_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(pk)
    return _act(
        request,
        meeting,
        lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
        _("Meeting cancelled; calendars will show it as cancelled."),
    )


# -- agenda ----------------------------------------------------------------------------------------


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def meetings_agenda_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(pk)
    return _agenda_form(request, meeting, None)


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def meetings_agenda_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_agenda_item(pk)
    return _agenda_form(request, item.meeting, item)


def _agenda_form(
    request: AuthenticatedHttpRequest, meeting: BoardMeeting, item: AgendaItem | None
) -> HttpResponse:
    form = AgendaItemForm(request.POST or None, item=item)

    def save() -> BoardMeeting:
        _save_agenda_item(request, meeting, item, form.cleaned_data)
        return meeting

    return _form_page(
        request,
        form,
        "governance/meetings_agenda_form.html",
        {"meeting": meeting, "item": item},
        save=save,
        done=_("Agenda saved."),
    )


def _save_agenda_item(
    request: AuthenticatedHttpRequest,
    meeting: BoardMeeting,
    item: AgendaItem | None,
    data: dict[str, Any],
) -> None:
    if item is None:
        services.agenda_item_add(actor=request.user, meeting=meeting, **data)
        return
    if "kind" not in data:  # put to the vote: what it is about stays
        data = {
            **data,
            "kind": item.kind,
            "petition": item.petition,
            "proposal": item.proposal,
            "working_group": item.working_group,
        }
    services.agenda_item_update(actor=request.user, item=item, **data)


@access(BOARD_SECRETARIAT)
@require_POST
def meetings_agenda_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_agenda_item(pk)
    meeting = item.meeting
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, ValidationError(_("Move an item up or down.")), meeting)
    direction = form.cleaned_data["direction"]
    return _act(
        request,
        meeting,
        lambda: services.agenda_item_move(actor=request.user, item=item, direction=direction),
        _("Agenda reordered."),
    )


@access(BOARD_SECRETARIAT)
@require_POST
def meetings_agenda_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_agenda_item(pk)
    return _act(
        request,
        item.meeting,
        lambda: services.agenda_item_remove(actor=request.user, item=item),
        _("Item removed from the agenda."),
    )


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def meetings_agenda_vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_agenda_item(pk)
    meeting = item.meeting
    # A petition's vote form has no field: an empty POST is still a submission.
    form = VoteForm(request.POST if request.method == "POST" else None, item=item)

    def save() -> BoardMeeting:
        services.agenda_item_put_to_vote(actor=request.user, item=item, **form.changes())
        return meeting

    return _form_page(
        request,
        form,
        "governance/meetings_vote_form.html",
        {"meeting": meeting, "item": item},
        save=save,
        done=_("The vote is open: Board members can vote now."),
    )


# -- minutes ---------------------------------------------------------------------------------------


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def meetings_minutes_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(pk)
    minutes = selectors.minutes_for(request.user, meeting)
    initial = {"text": minutes.text, "attendees": list(minutes.attendees.all())} if minutes else {}
    form = MinutesForm(request.POST or None, initial=initial)

    def save() -> BoardMeeting:
        services.minutes_save(
            actor=request.user,
            meeting=meeting,
            text=form.cleaned_data["text"],
            attendees=list(form.cleaned_data["attendees"]),
        )
        return meeting

    return _form_page(
        request,
        form,
        "governance/meetings_minutes_form.html",
        {"meeting": meeting, "minutes": minutes},
        save=save,
        done=_("Minutes saved."),
    )


@access(BOARD_SECRETARIAT)
@require_POST
def meetings_minutes_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(pk)
    return _act(
        request,
        meeting,
        lambda: services.minutes_publish(actor=request.user, meeting=meeting),
        _("Minutes published."),
    )


# -- action items ----------------------------------------------------------------------------------


@access(PUBLIC)
@require_GET
def meetings_actions_list(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/actions_list.html", {"actions": selectors.open_actions()})


@access(SIGNED_IN)
@require_GET
def meetings_actions_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"actions": selectors.actions_of(request.user)}
    return render(request, "governance/actions_mine.html", context)


@access(SIGNED_IN)
@require_POST
def meetings_actions_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.get_action(pk)
    try:
        services.action_item_done(actor=request.user, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Action marked done."))
    return redirect("governance:meetings_actions_mine")


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def meetings_actions_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(pk)
    form = ActionForm(request.POST or None, meeting=meeting)

    def save() -> BoardMeeting:
        services.action_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        return meeting

    return _action_page(request, form, {"meeting": meeting, "action": None}, save)


@access(BOARD_SECRETARIAT)
@require_http_methods(["GET", "POST"])
def meetings_actions_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.get_action(pk)
    form = ActionForm(request.POST or None, meeting=action.meeting, action=action)

    def save() -> BoardMeeting:
        services.action_item_update(actor=request.user, action=action, **form.cleaned_data)
        return action.meeting

    return _action_page(request, form, {"meeting": action.meeting, "action": action}, save)


def _action_page(
    request: AuthenticatedHttpRequest,
    form: ActionForm,
    context: dict[str, object],
    save: Callable[[], BoardMeeting],
) -> HttpResponse:
    template = "governance/actions_form.html"
    return _form_page(request, form, template, context, save=save, done=_("Action saved."))


urlpatterns: list[URLPattern] = [
    path("meetings/", meetings_list, name="meetings_list"),
    path("meetings.ics", meetings_feed, name="meetings_feed"),
    path("meetings/new/", meetings_create, name="meetings_create"),
    path("meetings/<int:pk>/", meetings_detail, name="meetings_detail"),
    path("meetings/<int:pk>.ics", meetings_calendar, name="meetings_calendar"),
    path("meetings/<int:pk>/edit/", meetings_edit, name="meetings_edit"),
    path("meetings/<int:pk>/cancel/", meetings_cancel, name="meetings_cancel"),
    path("meetings/<int:pk>/agenda/new/", meetings_agenda_create, name="meetings_agenda_create"),
    path(
        "meetings/agenda/<int:pk>/edit/",
        meetings_agenda_edit,
        name="meetings_agenda_edit",
    ),
    path(
        "meetings/agenda/<int:pk>/move/",
        meetings_agenda_move,
        name="meetings_agenda_move",
    ),
    path(
        "meetings/agenda/<int:pk>/remove/",
        meetings_agenda_remove,
        name="meetings_agenda_remove",
    ),
    path(
        "meetings/agenda/<int:pk>/vote/",
        meetings_agenda_vote,
        name="meetings_agenda_vote",
    ),
    path("meetings/<int:pk>/minutes/", meetings_minutes_edit, name="meetings_minutes_edit"),
    path(
        "meetings/<int:pk>/minutes/publish/",
        meetings_minutes_publish,
        name="meetings_minutes_publish",
    ),
    path("meetings/<int:pk>/actions/new/", meetings_actions_create, name="meetings_actions_create"),
    path("actions/", meetings_actions_list, name="meetings_actions_list"),
    path("actions/mine/", meetings_actions_mine, name="meetings_actions_mine"),
    path("actions/<int:pk>/edit/", meetings_actions_edit, name="meetings_actions_edit"),
    path("actions/<int:pk>/done/", meetings_actions_done, name="meetings_actions_done"),
]
