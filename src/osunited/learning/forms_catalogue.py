"""The catalogue's forms: a module (created or edited by the capacity-building team) and a step of
a learning path. They check types and shapes; the rules (known SPDX ids, OSEE ids, the kinds that
need an OSEE module) are the services', and a refusal comes back as a form error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import global_settings
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from osunited import osee
from osunited.learning.models import LearningModule, Level, ModuleKind
from osunited.learning.services.catalogue import RESERVED_SLUGS


def _language_choices(current: str = "") -> list[tuple[str, str]]:
    # Django's names of languages are marked but not translated (gettext_noop): translated here.
    choices = [("", _("Not stated")), *((c, gettext(n)) for c, n in global_settings.LANGUAGES)]
    if current and current not in dict(choices):
        choices.append((current, current))
    return [(code, str(name)) for code, name in choices]


def _osee_module_choices() -> list[tuple[str, str]]:
    modules = osee.load_osee().modules
    return [("", str(_("None"))), *((module.id, module.title) for module in modules)]


def _competency_choices() -> list[tuple[str, str]]:
    return [(c.id, c.name) for c in osee.load_osee().competencies()]


class ModuleForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens; it is the page's address."),
        widget=forms.TextInput({"dir": "ltr"}),  # a slug reads left to right in Arabic too
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the module teaches, for whom, and what it costs if anything."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ModuleKind.choices)
    osee_module = forms.ChoiceField(label=_("OSEE module"), required=False)
    competencies = forms.MultipleChoiceField(
        label=_("OSEE competencies it builds"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("An http or https address; leave it empty while there is none."),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Leave it empty when the provider does not state it."),
    )
    license = forms.CharField(
        label=_("License of the material"),
        max_length=200,
        required=False,
        help_text=_(
            "An SPDX license id such as CC-BY-4.0, or the terms in words; empty when not stated."
        ),
        widget=forms.TextInput({"dir": "auto"}),  # an SPDX id left to right, words as written
    )
    self_paced = forms.BooleanField(label=_("Self-paced"), required=False)

    def __init__(self, *args: Any, module: LearningModule | None = None, **kwargs: Any) -> None:
        if module is not None:
            kwargs.setdefault("initial", _initial(module))
        super().__init__(*args, **kwargs)
        if module is not None:
            del self.fields["slug"]  # a page's address stays; the sync finds shipped ones by it
        _set_choices(self.fields["osee_module"], _osee_module_choices())
        _set_choices(self.fields["competencies"], _competency_choices())
        _set_choices(self.fields["language"], _language_choices(module.language if module else ""))

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved; choose another."))
        return slug

    def competency_groups(self) -> list[tuple[str, list[BoundWidget]]]:
        """The competency checkboxes, one group per OSEE module, for a fieldset each."""
        titles = {module.id: module.title for module in osee.load_osee().modules}
        groups: dict[str, list[BoundWidget]] = {}
        for option in self["competencies"].subwidgets:
            module_id = str(option.data["value"]).split("/", 1)[0]
            groups.setdefault(titles.get(module_id, module_id), []).append(option)
        return list(groups.items())

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as the services take them (the slug apart)."""
        data = dict(self.cleaned_data)
        data.pop("slug", None)
        return data


def _set_choices(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _initial(module: LearningModule) -> dict[str, Any]:
    return {
        "title": module.title,
        "summary": module.summary,
        "kind": module.kind,
        "osee_module": module.osee_module,
        "competencies": list(module.competencies),
        "provider": module.provider,
        "url": module.url,
        "language": module.language,
        "level": module.level,
        "duration_minutes": module.duration_minutes,
        "license": module.license,
        "self_paced": module.self_paced,
    }


class _ModuleChoiceField(forms.ModelChoiceField[LearningModule]):
    def label_from_instance(self, obj: LearningModule) -> str:
        if obj.published:
            return obj.title
        return str(_("%(title)s (unpublished)") % {"title": obj.title})


class PathStepForm(forms.Form):
    module = _ModuleChoiceField(
        label=_("Module"), queryset=LearningModule.objects.none(), empty_label=None
    )
    why = forms.CharField(
        label=_("Why this step"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tie it to the CPF: the guideline or section it serves."),
    )

    def __init__(self, *args: Any, modules: QuerySet[LearningModule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["module"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = modules
