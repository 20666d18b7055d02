"""Forms of attendance and credentials: a ticket code (typed, or decoded from the QR code by the
scanner), the session it is for, the participant list, an attendance file, and the capacity
team's completion marked by hand or revoked."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.learning.models import Event, EventSession, LearningModule

# A ticket is `secrets.token_urlsafe`; the QR code carries the check-in address that ends in it.
_TICKET = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
_CHECKIN_URL = re.compile(r"/learning/checkin/([A-Za-z0-9_-]{8,40})/?(?:[?#].*)?$")


def ticket_from(text: str) -> str:
    """The ticket code in what was typed or scanned: the code itself or the check-in address."""
    text = text.strip()
    found = _CHECKIN_URL.search(text)
    return found.group(1) if found else text


class SessionField(forms.ModelChoiceField[EventSession]):
    def label_from_instance(self, obj: EventSession) -> str:
        return f"{obj.title} ({obj.starts_at:%Y-%m-%d %H:%M})"


def _offer(form: forms.Form, sessions: QuerySet[EventSession]) -> None:
    """Only the event's own sessions are valid choices."""
    field = form.fields["session"]
    assert isinstance(field, SessionField)
    field.queryset = sessions


class TicketForm(forms.Form):
    session = SessionField(queryset=EventSession.objects.none(), label=_("Session"))
    ticket = forms.CharField(
        label=_("Ticket code"),
        max_length=300,
        help_text=_("The code printed under the QR code, or the address the QR code holds."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "dir": "ltr"}
        ),
    )

    def __init__(self, *args: Any, sessions: QuerySet[EventSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, sessions)

    def clean_ticket(self) -> str:
        ticket = ticket_from(self.cleaned_data["ticket"])
        if not _TICKET.match(ticket):
            raise forms.ValidationError(_("This is not a ticket code of this platform."))
        return ticket


class ParticipantListForm(forms.Form):
    session = SessionField(queryset=EventSession.objects.none(), widget=forms.HiddenInput)
    registration = forms.TypedMultipleChoiceField(
        label=_("Checked in"), coerce=int, required=False, choices=()
    )

    def __init__(
        self, *args: Any, sessions: QuerySet[EventSession], choices: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, sessions)
        field = self.fields["registration"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in choices]


class AttendanceFileForm(forms.Form):
    session = SessionField(queryset=EventSession.objects.none(), label=_("Session"))
    file = forms.FileField(
        label=_("Attendance file (CSV)"),
        help_text=_(
            "Indico's registrant export with the “Checked in” column, or a file with the "
            "columns email, name and checked_in_at."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, sessions: QuerySet[EventSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, sessions)


class MarkCompletionForm(forms.Form):
    person = forms.EmailField(label=_("The person's e-mail address"))
    event = forms.ModelChoiceField(
        queryset=Event.objects.order_by("title"), required=False, label=_("Event")
    )
    module = forms.ModelChoiceField(
        queryset=LearningModule.objects.order_by("title"), required=False, label=_("Module")
    )
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_person(self) -> User:
        email = self.cleaned_data["person"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        return user

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("event")) == bool(cleaned.get("module")):
            raise forms.ValidationError(_("Choose either an event or a module."))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is revoked"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown to the holder and kept in the audit log; the public verification page says "
            "only that it was revoked, and when."
        ),
    )
