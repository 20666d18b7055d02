"""Forms of framework reviews: choose an item of a current framework, then propose its change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited import framework as fw
from osunited.governance.models import ProposalChange

NO_COMMITMENT = "none"
LEVEL_CHOICES = [
    (fw.Level.OPTIONAL.value, _("Optional")),
    (fw.Level.RECOMMENDED.value, _("Recommended")),
    (fw.Level.REQUIRED.value, _("Required")),
]
COMMITMENT_CHOICES = [
    (NO_COMMITMENT, _("No commitment expected")),
    (fw.Commitment.PARTIAL.value, _("Partial commitment")),
    (fw.Commitment.FULL.value, _("Full commitment")),
]


def item_choices(framework: fw.Framework) -> list[tuple[str, list[tuple[str, str]]]]:
    """The framework's items grouped by pillar, for a select with option groups."""
    return [
        (
            pillar.name,
            [
                (item.id, f"{item.id}: {item.text}")
                for item in framework.items
                if item.pillar == pillar.id
            ],
        )
        for pillar in framework.pillars
    ]


class ItemChoiceForm(forms.Form):
    item = forms.ChoiceField(
        label=_("Guideline or statement"),
        error_messages={"invalid_choice": _("Choose a guideline or statement of the framework.")},
    )

    def __init__(self, *args: Any, framework: fw.Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = item_choices(framework)


def stage_values(item: fw.Item) -> list[str]:
    """The item's current value at each stage, as the form's stage fields hold them."""
    if item.commitments:
        return [c.value if c is not None else NO_COMMITMENT for c in item.commitments]
    return [level.value for level in item.levels]


class ProposalForm(forms.Form):
    change = forms.ChoiceField(
        label=_("What the proposal changes"),
        choices=ProposalChange.choices,
        widget=forms.RadioSelect,
    )
    proposed_text = forms.CharField(
        label=_("Proposed wording or action"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a change of wording or of the suggested action."),
    )
    rationale = forms.CharField(
        label=_("Why"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the change solves, and for whom. The Board reads it before voting."),
    )

    def __init__(self, *args: Any, item: fw.Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        choices = COMMITMENT_CHOICES if item.commitments else LEVEL_CHOICES
        for stage, current in zip(fw.STAGES, stage_values(item), strict=True):
            self.fields[f"stage_{stage}"] = forms.ChoiceField(
                label=_("Stage %(stage)d") % {"stage": stage}, choices=choices, initial=current
            )

    @property
    def stage_fields(self) -> list[forms.BoundField]:
        return [self[f"stage_{stage}"] for stage in fw.STAGES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        change = data.get("change")
        if (
            change in (ProposalChange.TEXT, ProposalChange.ACTION)
            and not data.get("proposed_text", "").strip()
        ):
            self.add_error("proposed_text", _("Write the proposed wording or action."))
        return data

    def proposed_levels(self) -> list[str | None]:
        values = [self.cleaned_data[f"stage_{stage}"] for stage in fw.STAGES]
        return [None if value == NO_COMMITMENT else value for value in values]
