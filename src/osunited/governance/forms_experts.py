"""Forms of the roster of experts: the application, the roster's search, the Board's vetting,
a consultation request, an expert's answer, and the committee's request for an opinion."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from osunited import osee
from osunited.catalog.models import Project
from osunited.entities.models import Entity
from osunited.governance.models import Expert
from osunited.governance.selectors.experts import (
    UN_LANGUAGES,
    area_choices,
    language_choices,
    language_codes,
    language_named,
)
from osunited.governance.services.experts import MAX_DAYS_PER_MONTH
from osunited.learning.selectors.osee_topics import competency_choices

_CODES = re.compile(r"[\s,;]+")


class ExpertForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown"), max_length=200)
    headline = forms.CharField(
        label=_("Headline"),
        max_length=200,
        help_text=_("One line: what you do, e.g. “Open source program office lead, 12 years”."),
    )
    bio = forms.CharField(
        label=_("Background"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    competencies = forms.MultipleChoiceField(
        label=_("Your areas (OSEE competencies)"), widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=200,
        help_text=_("ISO 639-1 codes separated by commas, e.g. “pt, sw”."),
    )
    availability = forms.CharField(
        label=_("Availability"),
        max_length=300,
        help_text=_("When and how you can help, e.g. “remote, two weeks' notice”."),
    )
    days_per_month = forms.IntegerField(
        label=_("Days a month available"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS_PER_MONTH,
    )
    interests = forms.CharField(
        label=_("Declaration of interests"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=Expert._meta.get_field("interests").help_text,
    )
    organisations = forms.CharField(
        label=_("Organisations your declaration names"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line (employers, clients, boards, funders, companies you hold shares in): "
            "they are compared with the projects and entities that consult you."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("competencies", competency_choices())
        self._choices("languages", [(code, language_named(code).name) for code in UN_LANGUAGES])

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices

    def competency_groups(self) -> list[tuple[str, list[BoundWidget]]]:
        """The competencies' checkboxes by OSEE module, for one fieldset each."""
        framework = osee.load_osee()
        boxes = list(self["competencies"])
        by_module = groupby(boxes, key=lambda box: str(box.data["value"]).split("/")[0])
        return [(framework.module(module).title, list(group)) for module, group in by_module]

    def clean_other_languages(self) -> list[str]:
        typed = _CODES.split(self.cleaned_data["other_languages"])
        codes = [code.lower() for code in typed if code]
        unknown = sorted(set(codes) - language_codes())
        if unknown:
            raise forms.ValidationError(
                _("Not ISO 639-1 codes the platform knows: %(codes)s."),
                params={"codes": ", ".join(unknown)},
            )
        return codes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        languages = [*cleaned.get("languages", []), *cleaned.get("other_languages", [])]
        if not languages and "other_languages" not in self.errors:
            self.add_error("languages", _("Choose at least one language."))
        cleaned["languages"] = list(dict.fromkeys(languages))
        return cleaned

    @classmethod
    def initial_for(cls, expert: Expert | None) -> dict[str, Any]:
        if expert is None:
            return {}
        return {
            "display_name": expert.display_name,
            "headline": expert.headline,
            "bio": expert.bio,
            "competencies": expert.competencies,
            "languages": [code for code in expert.languages if code in UN_LANGUAGES],
            "other_languages": ", ".join(c for c in expert.languages if c not in UN_LANGUAGES),
            "availability": expert.availability,
            "days_per_month": expert.days_per_month,
            "interests": expert.interests,
            "organisations": "\n".join(expert.organisations),
        }


class RosterSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    area = forms.ChoiceField(label=_("Area"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    min_days = forms.IntegerField(
        label=_("At least this many days a month"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS_PER_MONTH,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area, language = self.fields["area"], self.fields["language"]
        assert isinstance(area, forms.ChoiceField)
        assert isinstance(language, forms.ChoiceField)
        area.choices = [("", _("Any")), *area_choices()]
        language.choices = [("", _("Any")), *language_choices()]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["q"],
            "area": data["area"],
            "language": data["language"],
            "min_days": data["min_days"],
        }


class VettingForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept on the roster")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes to the applicant"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads them; required to decline."),
    )


class EntityChoiceField(forms.ModelChoiceField[Entity]):
    def label_from_instance(self, obj: Entity) -> str:
        return f"{obj.acronym}: {obj.name}"


class ExpertChoiceField(forms.ModelChoiceField[Expert]):
    def label_from_instance(self, obj: Expert) -> str:
        return f"{obj.display_name}: {obj.headline}"


class ConsultationForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    entity = EntityChoiceField(
        label=_("On behalf of the entity"),
        queryset=Entity.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    project = forms.ModelChoiceField(
        label=_("About the project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    conflicts_read = forms.BooleanField(
        label=_("I have read the conflicts of interest above and still ask this expert"),
        required=False,
    )

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity, project = self.fields["entity"], self.fields["project"]
        assert isinstance(entity, forms.ModelChoiceField)
        assert isinstance(project, forms.ModelChoiceField)
        entity.queryset = Entity.objects.order_by("acronym")
        project.queryset = projects.order_by("name")


class AnswerForm(forms.Form):
    response = forms.CharField(
        label=_("Your answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )


class OpinionForm(forms.Form):
    expert = ExpertChoiceField(label=_("Expert"), queryset=Expert.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("What the committee asks"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, experts: list[Expert], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expert"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Expert.objects.filter(pk__in=[expert.pk for expert in experts])
