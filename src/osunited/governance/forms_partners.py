"""Forms of partnerships and joint projects: a partnership request, the Board's handling of it,
an invitation to co-lead a project, and a declaration of reuse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from osunited.entities.models import Entity
from osunited.governance.countries import countries
from osunited.governance.models import PartnerKind, PartnershipStatus, PartnershipTopic
from osunited.governance.services.partners import MAX_OPEN_REQUESTS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _country_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("Not stated")), *countries().items()]


class PartnershipRequestForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("What you ask for"),
        choices=PartnershipTopic.choices,
        widget=forms.RadioSelect,
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"), choices=PartnerKind.choices
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=_country_choices,
        required=False,
        help_text=_("Where the organisation is based; leave it not stated if it is international."),
        error_messages={
            "invalid_choice": _("Choose a country from the list, or leave it not stated.")
        },
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254)
    summary = forms.CharField(
        label=_("What you propose"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    tool_name = forms.CharField(
        label=_("Name of the tool"),
        max_length=200,
        required=False,
        help_text=_("Only when you ask to open source a tool."),
    )
    tool_license_intent = forms.CharField(
        label=_("License intended"),
        max_length=100,
        required=False,
        help_text=_(
            "Only when you ask to open source a tool: the SPDX id of an OSI-approved license, "
            "such as Apache-2.0, MIT or GPL-3.0-or-later."
        ),
        widget=forms.TextInput({"dir": "ltr"}),  # an SPDX id reads left to right
    )

    limit = MAX_OPEN_REQUESTS


class PartnershipHandleForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PartnershipStatus.choices)
    matched_entities = forms.ModelMultipleChoiceField(
        label=_("Entities interested"),
        queryset=Entity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to accept or decline: what comes of the request."),
    )
    public = forms.BooleanField(
        label=_("List it publicly once accepted"),
        required=False,
        help_text=_(
            "The organisation, its kind and country, the summary, the tool and the outcome "
            "are shown; the contact never is."
        ),
    )

    def __init__(self, *args: object, entities: QuerySet[Entity], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["matched_entities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = entities


class PartnerEntityForm(forms.Form):
    """An entity to invite as co-lead, or the entity that reuses the project."""

    entity = forms.ModelChoiceField(
        label=_("Entity"),
        queryset=Entity.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the entities listed.")},
    )
    note = forms.CharField(
        label=_("How (optional)"),
        max_length=300,
        required=False,
        help_text=_("What the entity leads, or how it uses the project."),
    )

    def __init__(self, *args: object, entities: QuerySet[Entity], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["entity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = entities
