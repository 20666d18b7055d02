"""The forms of the code hosting administration: a forge, an entity's namespace on one. They
check the shape of the input; forges/services.py decides what is acceptable and says why."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited.entities.models import Entity
from osunited.forges.models import Forge, ForgeKind

_USERNAME_SEPARATORS = re.compile(r"[\s,;]+")


class ForgeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ForgeKind.choices)
    base_url = forms.CharField(
        label=_("API address"),
        max_length=300,
        help_text=_("For example https://gitlab.example.org or https://api.github.com."),
        widget=forms.TextInput({"dir": "ltr"}),  # a URL reads left to right in Arabic too
    )
    # Write-only: never rendered back, so that the page never holds it.
    token = forms.CharField(
        label=_("Access token"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    hosting_team = forms.CharField(
        label=_("Hosting team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The forge usernames of the hosting team, one per line: the only accounts allowed "
            "to be owners (CPF 4.4.6)."
        ),
    )

    def __init__(self, *args: Any, forge: Forge | None = None, **kwargs: Any) -> None:
        if forge is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": forge.name,
                    "kind": forge.kind,
                    "base_url": forge.base_url,
                    "hosting_team": "\n".join(forge.hosting_team),
                },
            )
        super().__init__(*args, **kwargs)
        token = self.fields["token"]
        if forge is None:
            token.help_text = _("A token with the api scope (GitLab) or an organisation owner's.")
        else:
            token.help_text = _(
                "Stored encrypted, ending in %(hint)s. Leave empty to keep it; enter a new one to "
                "replace it."
            ) % {"hint": forge.token_hint or "…"}

    def clean_hosting_team(self) -> list[str]:
        text = str(self.cleaned_data.get("hosting_team") or "")
        return [name for name in _USERNAME_SEPARATORS.split(text) if name]


class NamespaceForm(forms.Form):
    entity = forms.ModelChoiceField(
        label=_("Entity"), queryset=Entity.objects.order_by("acronym"), to_field_name="slug"
    )
    forge = forms.ModelChoiceField(label=_("Forge"), queryset=Forge.objects.order_by("name"))
    path = forms.CharField(
        label=_("Group or organisation"),
        max_length=255,
        help_text=_("The GitLab group's full path (unicef/ospo) or the GitHub organisation."),
        widget=forms.TextInput({"dir": "ltr"}),  # a path reads left to right in Arabic too
    )


class SigninClientForm(forms.Form):
    redirect_uri = forms.CharField(
        label=_("Redirect URI"),
        max_length=500,
        required=False,  # an empty one is refused by the service, with its sentence
        help_text=_(
            "Where the platform sends people back to the forge after they sign in. GitLab: "
            "https://<your GitLab>/users/auth/openid_connect/callback."
        ),
    )


class BackupAttestationForm(forms.Form):
    attested_on = forms.DateField(
        label=_("Backup and recovery last tested on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("How it was tested"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the forge restored from last night's backup onto a spare host."),
    )
