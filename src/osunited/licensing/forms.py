"""The forms of the license pages, packages, legal notes and legal reviews. The rules themselves
(known SPDX ids, conditions, dates) are the services'; a refusal comes back as a form error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from osunited.entities.models import Entity
from osunited.licenses import Family
from osunited.licensing.labels import FAMILY_LABELS
from osunited.licensing.models import LicenseNote, NoteKind, ReviewStatus

_YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


class LicenseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or SPDX id"), max_length=100, required=False)
    family = forms.ChoiceField(
        label=_("Family"),
        required=False,
        choices=[("", _("Any")), *((family.value, FAMILY_LABELS[family]) for family in Family)],
    )
    osi = forms.ChoiceField(label=_("OSI approved"), required=False, choices=_YES_NO)
    recommended = forms.ChoiceField(
        label=_("In a recommended package"), required=False, choices=_YES_NO
    )

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments; a bad value filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        as_bool = {"yes": True, "no": False}
        return {
            "query": data["q"],
            "family": Family(data["family"]) if data["family"] else None,
            "osi_approved": as_bool.get(data["osi"]),
            "recommended": as_bool.get(data["recommended"]),
        }


class LicenseNoteForm(forms.Form):
    entity = forms.ModelChoiceField(
        label=_("Legal team of"), queryset=Entity.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(
        self, *args: Any, entities: QuerySet[Entity], note: LicenseNote | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        entity_field = self.fields["entity"]
        assert isinstance(entity_field, forms.ModelChoiceField)
        entity_field.queryset = entities
        if note is not None:
            del self.fields["entity"]  # a note stays with the legal team that wrote it
            self.initial.update({"kind": note.kind, "text": note.text})


class PackageCreateForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        widget=forms.TextInput({"dir": "ltr"}),  # a slug reads left to right in Arabic too
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    purpose = forms.CharField(
        label=_("What it is for"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PackageEntryForm(forms.Form):
    license_id = forms.CharField(
        label=_("SPDX license id"),
        max_length=100,
        help_text=_("For example Apache-2.0 or GPL-3.0-or-later."),
        widget=forms.TextInput({"dir": "ltr"}),  # an SPDX id reads left to right
    )
    rationale = forms.CharField(
        label=_("Why the package recommends it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class PackagePublishForm(forms.Form):
    changes = forms.CharField(
        label=_("What changed and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class LegalReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReviewStatus.choices)
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Required when the license is cleared with conditions."),
    )
    reviewed_on = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reviewer_entity = forms.ModelChoiceField(
        label=_("Reviewed by the legal team of"),
        queryset=Entity.objects.order_by("acronym"),
        required=False,
        empty_label=_("Not said"),
    )


class ReviewPreferencesForm(forms.Form):
    reviews_public = forms.BooleanField(label=_("Show our legal reviews publicly"), required=False)
