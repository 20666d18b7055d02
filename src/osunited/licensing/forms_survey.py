"""The survey's forms: a round opened by the licensing group, and the questionnaire an entity's
representative answers, built from the questions of the round's version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited.licensing import survey
from osunited.licensing.models import SurveyRound


class SurveyRoundForm(forms.ModelForm[SurveyRound]):
    class Meta:
        model = SurveyRound
        fields = ("title", "opens_on", "closes_on")
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The round must close on or after the day it opens."))
        return cleaned


def _field_for(question: survey.Question) -> forms.Field:
    common: dict[str, Any] = {"label": question.label, "help_text": question.help}
    if question.kind is survey.Kind.ONE:
        return forms.ChoiceField(
            choices=question.choices, widget=forms.RadioSelect, required=False, **common
        )
    if question.kind is survey.Kind.MANY:
        return forms.MultipleChoiceField(
            choices=question.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            **common,
        )
    if question.kind is survey.Kind.LICENSES:
        return forms.CharField(required=False, max_length=2000, **common)
    return forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **common
    )


class SurveyAnswerForm(forms.Form):
    """The questionnaire; `submit` (the button pressed) decides whether every required question
    must be answered. `answers` holds what the survey module accepted."""

    def __init__(
        self,
        *args: Any,
        version: str,
        submit: bool = False,
        stored: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version, self.submit = version, submit
        self.answers: dict[str, Any] = {}
        stored = stored or {}
        for question in survey.questions(version):
            self.fields[question.id] = _field_for(question)
            value = stored.get(question.id)
            if question.kind is survey.Kind.LICENSES and value:
                value = " ".join(value)
            if value:
                self.initial[question.id] = value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        checked = survey.check_answers(cleaned, version=self.version, complete=self.submit)
        for question_id, error in checked.errors.items():
            self.add_error(question_id, error)
        self.answers = checked.answers
        return cleaned
