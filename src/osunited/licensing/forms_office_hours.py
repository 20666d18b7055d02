"""Office hours' forms: a session scheduled by the licensing group, a focal point's question, and
the group's assignment to a session and answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from osunited.licensing.models import OfficeHoursSession

_LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm[OfficeHoursSession]):
    joining_url = forms.URLField(
        label=_("Where to join"),
        help_text=_("The https address of the video call."),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    class Meta:
        model = OfficeHoursSession
        fields = ("title", "starts_at", "ends_at", "experts", "joining_url", "capacity")
        widgets = {"starts_at": _LOCAL_DATETIME, "ends_at": _LOCAL_DATETIME}
        help_texts = {
            "experts": _("Names of the licensing experts who hold the session."),
        }

    def clean_joining_url(self) -> str:
        url: str = self.cleaned_data.get("joining_url") or ""
        if url and not url.startswith("https://"):
            raise forms.ValidationError(_("Give an https address."))
        return url

    def clean_capacity(self) -> int:
        capacity: int = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("A session takes at least one question."))
        return capacity

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The session must end after it starts."))
        return cleaned


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question to the licensing experts"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AssignForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Office hours session"), queryset=OfficeHoursSession.objects.none()
    )

    def __init__(self, *args: Any, sessions: QuerySet[OfficeHoursSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sessions


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )
