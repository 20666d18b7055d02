"""The catalog's forms: registering and editing a project, and a committee member's review."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.catalog.licenses import checked_license_expression
from osunited.catalog.models import PROJECT_FACTS, DevelopmentStatus, Hosting, Project, Review
from osunited.catalog.review import CHECKLIST
from osunited.entities.models import Entity
from osunited.platform.datatexts import sdg_label
from osunited.texts import text_direction

SDG_GOALS = range(1, 18)
# Form fields filled with one value per line; the project stores them as lists.
MAIN_FIELDS = (
    "name",
    "purpose",
    "description",
    "language",
    "features",
    "development_status",
    "licenses",
    "entity",
    "website",
    "documentation_url",
    "topics",
    "languages",
    "dependencies",
)
LINE_FIELDS = ("features", "topics", "languages", "dependencies", "repositories")


class LinesField(forms.CharField):
    """A textarea of one value per line, cleaned into a list without blanks or repeats."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list | tuple) else value


class ProjectForm(forms.Form):
    """Registration and editing (CPF 4.3.2). The SDGs are 17 checkboxes, each with a line of
    evidence (`sdg_<n>`, `sdg_<n>_evidence`). The prefill fields are not saved: a submit button
    named `prefill` fills the form from them."""

    prefill_url = forms.CharField(
        label=_("Repository URL to prefill from"),
        required=False,
        max_length=500,
        widget=forms.TextInput({"dir": "ltr"}),  # a git URL reads left to right in Arabic too
    )
    publiccode_text = forms.CharField(
        label=_("Or paste a publiccode.yml"), required=False, widget=forms.Textarea({"rows": 4})
    )
    publiccode_file = forms.FileField(label=_("Or upload a publiccode.yml"), required=False)

    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, help_text=_("One sentence."))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea({"rows": 5})
    )
    language = forms.ChoiceField(
        label=_("Language of the name, purpose and description"),
        choices=[*settings.LANGUAGES, ("", _("Another language"))],
        required=False,
        initial="en",
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not one of the platform's languages: choose one of the list, "
                "or “Another language”."
            )
        },
    )
    features = LinesField(label=_("Functionality (one feature per line)"), required=False)
    development_status = forms.ChoiceField(
        label=_("Development status"), choices=DevelopmentStatus.choices
    )
    licenses = forms.CharField(
        label=_("License(s), as an SPDX expression"),
        max_length=200,
        required=False,
        help_text=_("For example Apache-2.0 or MIT OR GPL-3.0-only."),
        widget=forms.TextInput({"dir": "ltr"}),  # an SPDX expression reads left to right
    )
    entity = forms.ModelChoiceField(label=_("Entity"), queryset=Entity.objects.all())
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    documentation_url = forms.URLField(
        label=_("Documentation link"), required=False, assume_scheme="https"
    )
    topics = LinesField(label=_("Topics (one per line)"), required=False)
    languages = LinesField(label=_("Programming languages (one per line)"), required=False)
    dependencies = LinesField(label=_("Main dependencies (one per line)"), required=False)
    hosting = forms.ChoiceField(
        label=_("Hosting"),
        choices=Hosting.choices,
        widget=forms.RadioSelect,
        initial=Hosting.EXTERNAL,
    )
    repositories = LinesField(
        label=_("Repository URLs (one per line)"),
        required=False,
        help_text=_("A microservices project may list several repositories."),
    )
    source_archive = forms.FileField(
        label=_("Source archive (internal hosting)"),
        required=False,
        help_text=_("A .zip, .tar, .tar.gz, .tgz, .tar.bz2 or .tar.xz of the source code."),
    )
    focal_point_emails = LinesField(
        label=_("Focal points: e-mail addresses of UN staff (one per line)"), required=False
    )
    prefill_sources = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, require_focal_points: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.require_focal_points = require_focal_points
        for goal in SDG_GOALS:
            self.fields[f"sdg_{goal}"] = forms.BooleanField(label=sdg_label(goal), required=False)
            self.fields[f"sdg_{goal}_evidence"] = forms.CharField(
                label=_("Evidence for SDG %d") % goal, max_length=300, required=False
            )
        for code, language in settings.LANGUAGES:
            self.fields.update(_text_fields(code, language))

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MAIN_FIELDS]

    def sdg_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(g, self[f"sdg_{g}"], self[f"sdg_{g}_evidence"]) for g in SDG_GOALS]

    def text_sets(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """(language code, its name, its three fields) for each of the platform's languages."""
        return [
            (code, language, [self[text_field(code, field)] for field in TEXT_FIELDS])
            for code, language in settings.LANGUAGES
        ]

    def texts_open(self) -> bool:
        """Whether the section of other languages starts open: something is written in it."""
        return any(
            field.value() or field.errors for *_, fields in self.text_sets() for field in fields
        )

    def prefill_notes(self) -> dict[str, str]:
        """field name -> where its prefilled value came from."""
        return parse_sources(self["prefill_sources"].value())

    def clean_focal_point_emails(self) -> list[User]:
        emails: list[str] = self.cleaned_data["focal_point_emails"]
        users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
        unknown = [email for email in emails if email.lower() not in users]
        if unknown:
            raise forms.ValidationError(_("No user has these addresses: %s.") % ", ".join(unknown))
        outsiders = [email for email in emails if not users[email.lower()].is_un_staff]
        if outsiders:
            raise forms.ValidationError(
                _("Focal points must be UN staff: %s.") % ", ".join(outsiders)
            )
        if self.require_focal_points and not users:
            raise forms.ValidationError(_("A project needs at least one focal point."))
        return list(users.values())

    def clean_licenses(self) -> str:
        """The SPDX expression in canonical form; an unknown id is refused here, on the field."""
        return checked_license_expression(self.cleaned_data["licenses"])

    def clean_language(self) -> str | None:
        """None when the form sent no language (a client of an earlier form): unchanged."""
        language: str = self.cleaned_data["language"]
        return language if "language" in self.data else None

    def clean_prefill_sources(self) -> dict[str, str]:
        return parse_sources(self.cleaned_data["prefill_sources"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sdgs = []
        for goal in SDG_GOALS:
            chosen = cleaned.get(f"sdg_{goal}")
            evidence = (cleaned.get(f"sdg_{goal}_evidence") or "").strip()
            if chosen and not evidence:
                self.add_error(f"sdg_{goal}_evidence", _("Give a line of evidence for this SDG."))
            elif evidence and not chosen:
                self.add_error(f"sdg_{goal}", _("Tick the SDG, or clear its evidence."))
            elif chosen:
                sdgs.append((goal, evidence))
        cleaned["sdgs"] = sdgs
        cleaned["texts"] = self._clean_texts(cleaned)
        return cleaned

    def _clean_texts(self, cleaned: dict[str, Any]) -> dict[str, dict[str, str]]:
        """The texts in other languages by language, those left blank left out."""
        texts = {}
        for code, language in settings.LANGUAGES:
            text = {field: cleaned.get(text_field(code, field)) or "" for field in TEXT_FIELDS}
            if not any(text.values()):
                continue
            if code == cleaned.get("language"):
                message = _("The project's own texts above are in %(language)s already.")
                self.add_error(text_field(code, "name"), message % {"language": language})
            for field in ("name", "purpose"):
                if not text[field]:
                    self.add_error(text_field(code, field), _("Give it in this language too."))
            texts[code] = text
        return texts

    def project_fields(self) -> dict[str, Any]:
        """The cleaned values, as `project_create` and `project_update` take them."""
        data = self.cleaned_data
        fields = {name: data[name] for name in (*MAIN_FIELDS, "hosting", "prefill_sources")}
        if fields["language"] is None:
            del fields["language"]
        return fields


TEXT_FIELDS = ("name", "purpose", "description")


def text_field(language: str, field: str) -> str:
    """The form field of a project's `field` in `language`: `text_zh_hans_name`."""
    return f"text_{language.replace('-', '_')}_{field}"


def _text_fields(code: str, language: Any) -> dict[str, forms.Field]:
    # What is typed in them is in that language, whatever the page's.
    attrs = {"lang": code, "dir": text_direction(code)}
    names = {"language": language}
    return {
        text_field(code, "name"): forms.CharField(
            label=_("Name in %(language)s") % names,
            max_length=200,
            required=False,
            widget=forms.TextInput(attrs),
        ),
        text_field(code, "purpose"): forms.CharField(
            label=_("Purpose in %(language)s") % names,
            max_length=300,
            required=False,
            widget=forms.TextInput(attrs),
        ),
        text_field(code, "description"): forms.CharField(
            label=_("Description in %(language)s") % names,
            required=False,
            widget=forms.Textarea({"rows": 3, **attrs}),
        ),
    }


def parse_sources(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    try:
        parsed = json.loads(value or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def initial_for_project(project: Project) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(project, name) for name in PROJECT_FACTS}
    initial["entity"] = project.entity_id
    initial["repositories"] = [r.url for r in project.repositories.all()]
    initial["focal_point_emails"] = [u.email for u in project.focal_points.all()]
    initial["prefill_sources"] = json.dumps(project.prefill_sources)
    initial["language"] = project.language
    for text in project.texts.all():
        for field in TEXT_FIELDS:
            initial[text_field(text.language, field)] = getattr(text, field)
    for sdg in project.sdgs.all():
        initial[f"sdg_{sdg.goal}"] = True
        initial[f"sdg_{sdg.goal}_evidence"] = sdg.evidence
    return initial


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=40)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea({"rows": 3}))


class ReviewForm(forms.Form):
    """A committee member's review: each checklist item met or not, with a note; a decision
    and a comment for the focal points (`item_<id>`, `item_<id>_note`)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment for the focal points"), widget=forms.Textarea({"rows": 4})
    )
    scan_override_reason = forms.CharField(
        label=_("Approve without a successful scan of every repository, because"),
        help_text=_("Only when a scan cannot succeed; the history and the audit log keep it."),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in CHECKLIST:
            self.fields[f"item_{item.id}"] = forms.ChoiceField(
                label=str(item.label),
                widget=forms.RadioSelect,
                required=False,
                choices=(("met", _("Met")), ("not_met", _("Not met")), ("", _("Not judged"))),
            )
            self.fields[f"item_{item.id}_note"] = forms.CharField(
                label=_("Note"), max_length=1000, required=False
            )

    def checklist(self) -> dict[str, dict[str, Any]]:
        """item id -> {"met": True | False | None, "note": str}"""
        answers = {}
        for item in CHECKLIST:
            value = self.cleaned_data.get(f"item_{item.id}")
            answers[item.id] = {
                "met": {"met": True, "not_met": False}.get(value or ""),
                "note": self.cleaned_data.get(f"item_{item.id}_note", "").strip(),
            }
        return answers


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict?"), max_length=2000, widget=forms.Textarea({"rows": 2})
    )


# -- public feedback (CPF 4.3.8) --------------------------------------------------------------


class FeedbackForm(forms.Form):
    body = forms.CharField(
        label=_("Your feedback"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A moderator reads it before it appears on this page."),
    )


class FeedbackReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeedbackModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=(("publish", _("Publish")), ("reject", _("Reject")))
    )
