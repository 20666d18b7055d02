"""Working groups' forms: a new group, joining, the status and the chairs, meetings, outputs."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.governance.models import OutputKind, WorkingGroupRole, WorkingGroupStatus
from osunited.governance.shipped import GROUP_ROLES, unknown_guidelines

RESERVED_SLUGS = frozenset({"new", "requests", "members"})
_LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_WEB_ONLY = URLValidator(schemes=["http", "https"])


class GuidelinesField(forms.CharField):
    """CPF item ids separated by commas or spaces ("C2, P4.1"), each checked against the
    framework."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Guidelines it serves"))
        kwargs.setdefault(
            "help_text", _("CPF guideline or statement ids, separated by commas: C2, P4.1.")
        )
        super().__init__(required=False, max_length=300, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        ids = list(dict.fromkeys(part.upper() for part in re.split(r"[\s,;]+", text) if part))
        unknown = unknown_guidelines(ids)
        if unknown:
            raise forms.ValidationError(
                _("No guideline or statement %(ids)s in the framework."),
                params={"ids": ", ".join(unknown)},
            )
        return ids


def _link(label: Any) -> forms.URLField:
    return forms.URLField(
        label=label, required=False, max_length=500, assume_scheme="https", validators=[_WEB_ONLY]
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens; the group's address."),
        widget=forms.TextInput({"dir": "ltr"}),  # a slug reads left to right in Arabic too
    )
    mission = forms.CharField(label=_("Mission"), widget=forms.Textarea(attrs={"rows": 3}))
    charter = forms.CharField(
        label=_("Charter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=WorkingGroupStatus.choices, initial=WorkingGroupStatus.FORMING
    )
    cpf_section = forms.CharField(label=_("CPF section"), max_length=20, required=False)
    guidelines = GuidelinesField()
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    grants_role = forms.ChoiceField(
        label=_("Platform role its members hold"),
        choices=[("", _("None")), *((role.value, role.label) for role in GROUP_ROLES)],
        required=False,
    )

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved; choose another."))
        return slug


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why you want to join"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The group's chairs read it, with your name and entity."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=WorkingGroupStatus.choices)


class MemberRoleForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role in the group"), choices=WorkingGroupRole.choices)

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has an account with this address."))
        return user


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts (UTC)"), widget=_LOCAL_DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends (UTC)"), widget=_LOCAL_DATETIME)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = _link(_("Online link"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A meeting ends after it starts."))
        return cleaned


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutputKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    url = _link(_("Link"))
    guidelines = GuidelinesField()
    published_on = forms.DateField(
        label=_("Published"), widget=forms.DateInput(attrs={"type": "date"})
    )
