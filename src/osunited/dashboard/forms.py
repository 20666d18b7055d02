from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited.dashboard.selectors import PERIODS
from osunited.entities.models import Entity
from osunited.platform.datatexts import SDG_GOALS, sdg_label


class DashboardFilterForm(forms.Form):
    """The page's filters, read from the query string; a wrong value is an error, not a guess."""

    entity = forms.ModelChoiceField(
        label=_("Entity"),
        required=False,
        queryset=Entity.objects.order_by("acronym"),
        to_field_name="slug",
        empty_label=_("All entities"),
    )
    sdg = forms.TypedChoiceField(
        label=_("Sustainable Development Goal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All goals"))] + [(str(g), sdg_label(g)) for g in SDG_GOALS],
    )
    period = forms.ChoiceField(
        label=_("Period of the trends"),
        required=False,
        initial="1y",
        choices=[("90d", _("90 days")), ("1y", _("One year")), ("2y", _("Two years"))],
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("entity") and cleaned.get("sdg"):
            raise forms.ValidationError(
                _("Choose an entity or a goal: the figures are kept for one or the other.")
            )
        return cleaned

    @property
    def days(self) -> int:
        return PERIODS[self.cleaned_data.get("period") or "1y"]
