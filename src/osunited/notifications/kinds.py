"""Every kind of notification, with its text: one registry, read when a notification is shown.

A kind's text has named placeholders filled from the notification's parameters. A parameter
named in `labels` holds a choice's value (a project's status) and shows as its label; one named
in `dates` holds an ISO date or date and time and shows in the reader's format; both in the
reader's language, whenever they read it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

PROJECT_STATUS = "catalog.project_status"
REVIEW_WAITING = "catalog.review_waiting"
CONFIRMATION_DUE = "catalog.confirmation_due"
CONSULTATION = "governance.consultation"
EXPERT_APPLICATION = "governance.expert_application"
QUESTION_ANSWERED = "licensing.question_answered"
POLICY_VERSION = "accounts.policy_version"
EVENT_REMINDER = "learning.event_reminder"
PLACE_PENDING = "learning.place_pending"
PLACE_CONFIRMED = "learning.place_confirmed"
REGISTRATION_CONFIRMED = "learning.registration_confirmed"
REGISTRATION_WAITLISTED = "learning.registration_waitlisted"
REGISTRATION_DECLINED = "learning.registration_declined"
MENTORSHIP = "learning.mentorship"


@dataclass(frozen=True)
class Kind:
    text: Promise
    labels: Mapping[str, str] = field(default_factory=dict)  # parameter -> TextChoices path
    dates: tuple[str, ...] = ()

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(re.findall(r"%\((\w+)\)s", str(self.text)))


KINDS: dict[str, Kind] = {
    PROJECT_STATUS: Kind(
        _("%(project)s is now “%(status)s”."),
        labels={"status": "osunited.catalog.workflow.ProjectStatus"},
    ),
    REVIEW_WAITING: Kind(_("%(project)s waits for the Project Review Committee's review.")),
    CONFIRMATION_DUE: Kind(
        _("Please confirm that %(project)s is still maintained by %(due)s."), dates=("due",)
    ),
    CONSULTATION: Kind(
        _("Consultation “%(subject)s”: %(status)s."),
        labels={"status": "osunited.governance.models.ConsultationStatus"},
    ),
    EXPERT_APPLICATION: Kind(
        _("Your application to the roster of experts: %(status)s."),
        labels={"status": "osunited.governance.models.ExpertStatus"},
    ),
    QUESTION_ANSWERED: Kind(_("The licensing experts answered your question on %(project)s.")),
    POLICY_VERSION: Kind(_("%(title)s %(version)s takes effect on %(date)s."), dates=("date",)),
    EVENT_REMINDER: Kind(
        _("Reminder: %(session)s (%(event)s) starts on %(starts)s."), dates=("starts",)
    ),
    PLACE_PENDING: Kind(
        _("A place is free for you at %(event)s once your entity confirms your registration.")
    ),
    PLACE_CONFIRMED: Kind(_("A place is free for %(event)s: your registration is confirmed.")),
    REGISTRATION_CONFIRMED: Kind(_("Your entity confirmed your registration for %(event)s.")),
    REGISTRATION_WAITLISTED: Kind(
        _("Your entity confirmed your registration for %(event)s; you are on its waiting list.")
    ),
    REGISTRATION_DECLINED: Kind(_("Your entity declined your registration for %(event)s.")),
    MENTORSHIP: Kind(
        _("Mentorship with %(name)s: %(status)s."),
        labels={"status": "osunited.learning.models.MentorshipStatus"},
    ),
}

UNKNOWN = _("Something on the platform concerns you.")


def render(kind: str, params: Mapping[str, Any]) -> str:
    """The notification's text in the active language; a kind no longer known (or parameters
    that do not fit it) reads as a plain sentence rather than failing the page."""
    found = KINDS.get(kind)
    if found is None or not found.placeholders <= params.keys():
        return str(UNKNOWN)
    values = {name: str(params[name]) for name in found.placeholders}
    for name, choices in found.labels.items():
        values[name] = _label(choices, values[name])
    for name in found.dates:
        values[name] = _date(values[name])
    return str(found.text) % values


def _label(choices_path: str, value: str) -> str:
    choices = import_string(choices_path)
    return str(dict(choices.choices).get(value, value))


def _date(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= len("2025-01-31"):
        return formats.date_format(date(moment.year, moment.month, moment.day), "DATE_FORMAT")
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")
