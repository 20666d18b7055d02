"""Forms of the assessment pages; the rules themselves live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited.assessments.models import RatingChoice, Visibility
from osunited.framework import available_frameworks


class StartForm(forms.Form):
    framework = forms.ChoiceField(label=_("Framework version"), choices=())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        frameworks = available_frameworks()
        self.fields["framework"].choices = [(f, f) for f in frameworks]  # type: ignore[attr-defined]
        self.fields["framework"].initial = frameworks[-1]


class AnswerForm(forms.Form):
    rating = forms.ChoiceField(label=_("Rating"), choices=RatingChoice.choices,
                               widget=forms.RadioSelect)  # fmt: skip
    justification = forms.CharField(
        label=_("Why it does not apply"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    links = forms.CharField(
        label=_("Evidence links, one per line"), required=False, max_length=5100,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    file = forms.FileField(label=_("Evidence file (at most 10 MB)"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("rating") == RatingChoice.NOT_APPLICABLE and not data.get("justification"):
            self.add_error("justification", _("Not applicable needs a reason."))
        return data


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)


class CarryForwardForm(StartForm):
    pass


class ImportForm(forms.Form):
    answers = forms.FileField(label=_("Answers file (YAML or JSON)"))


class CompareForm(forms.Form):
    other = forms.IntegerField(label=_("Compare with"))
