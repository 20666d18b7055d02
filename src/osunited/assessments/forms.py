"""Forms of the assessment pages. Rules (N/A needs a reason, link checks) live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited import framework as fw
from osunited.assessments.models import Answer, RatingChoice, Visibility

MAX_ANSWERS_FILE_BYTES = 1024 * 1024


def form_prefix(item_id: str) -> str:
    """Field names and ids of one item's form: `P2.4` gives `P2_4-rating`."""
    return item_id.replace(".", "_")


class AnswerForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Rating"),
        choices=RatingChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating.")},
    )
    justification = forms.CharField(
        label=_("Why it does not apply"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the rating is not applicable."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows this: a policy, a decision, a process, a page."),
    )
    links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("http(s) addresses, one per line, at most ten."),
    )
    owner = forms.CharField(
        label=_("Owner"),
        required=False,
        max_length=200,
        help_text=_("Who is responsible for this item at the entity."),
    )

    def __init__(self, data: Any = None, *, item_id: str, initial: Any = None) -> None:
        super().__init__(data, prefix=form_prefix(item_id), initial=initial)
        self.fields["rating"].label = _("Rating of %(item)s") % {"item": item_id}


def answer_initial(answer: Answer | None) -> dict[str, Any]:
    if answer is None:
        return {}
    return {
        "rating": answer.rating,
        "justification": answer.justification,
        "evidence": answer.evidence,
        "links": "\n".join(answer.links),
        "owner": answer.owner,
    }


class EvidenceFileForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("At most 10 MB; it is served as a download only."),
    )


def framework_choices() -> list[tuple[str, str]]:
    frameworks = [fw.load_framework(framework_id) for framework_id in fw.available_frameworks()]
    return [(f.id, f"{f.title}, {f.version}") for f in reversed(frameworks)]


class StartForm(forms.Form):
    framework = forms.ChoiceField(label=_("Framework version"), choices=framework_choices)


class ImportForm(forms.Form):
    answers_file = forms.FileField(
        label=_("Answers file (YAML or JSON)"),
        help_text=_("The portable answers format of docs/assessment.md, at most 1 MB."),
    )

    def clean_answers_file(self) -> str:
        upload = self.cleaned_data["answers_file"]
        if upload.size > MAX_ANSWERS_FILE_BYTES:
            raise forms.ValidationError(_("The answers file may be at most 1 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The answers file is not UTF-8 text.")) from exc


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)


class CarryForwardForm(forms.Form):
    framework = forms.ChoiceField(label=_("Framework version"), choices=framework_choices)
