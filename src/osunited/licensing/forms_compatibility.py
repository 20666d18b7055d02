"""The compatibility pages' forms: a pair of license expressions with a kind of use, and the
verdict filter of a project's page; and the words the pages use for the engine's uses and
verdicts (the engine itself knows no translations)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from osunited.licenses import Use, Verdict, normalise_expression

EVERY_USE = "every"
# A real SPDX expression is a few dozen characters; the engine reads at most 500.
MAX_EXPRESSION_LENGTH = 500

USE_LABELS: dict[Use, Promise] = {
    Use.DISTINCT_COMPONENT: _("Shipped beside the project as a distinct program"),
    Use.TOOL: _("A tool to build, test or run it, never shipped in it"),
    Use.DYNAMIC_LINKING: _("A library loaded at run time (dynamic linking)"),
    Use.STATIC_LINKING: _("A library linked or bundled into its binary (static linking)"),
    Use.MERGED_SOURCES: _("Code copied into the project's own files"),
}

VERDICT_LABELS: dict[Verdict, Promise] = {
    Verdict.COMPATIBLE: _("Compatible"),
    Verdict.CONDITIONAL: _("Compatible on conditions"),
    Verdict.INCOMPATIBLE: _("Incompatible"),
    Verdict.UNKNOWN: _("Unknown"),
    Verdict.NOT_COVERED: _("Not covered by this source"),
}

# Why a project's verdict was not measured (selectors.compatibility.CompatibilityNotMeasured).
NOT_MEASURED_LABELS: dict[str, Promise] = {
    "not_scanned": _("The project has no successful scan yet."),
    "check_not_run": _(
        "Its latest scan was made before the platform judged whole projects' license "
        "compatibility, or did not run that check; the next scan will measure it."
    ),
    "unreadable": _("The report of its latest scan cannot be read; the next scan will tell."),
    "no_project_license": _(
        "The scan found no license of the project's own to judge its components against."
    ),
}

# A project page lists conflicts first, then what cannot be judged, then the rest.
PROJECT_VERDICTS = (
    Verdict.INCOMPATIBLE,
    Verdict.UNKNOWN,
    Verdict.CONDITIONAL,
    Verdict.COMPATIBLE,
)


class PairForm(forms.Form):
    inbound = forms.CharField(
        label=_("License of the component (inbound)"),
        max_length=MAX_EXPRESSION_LENGTH,
        help_text=_("An SPDX expression, such as GPL-2.0-only or MIT OR Apache-2.0."),
    )
    outbound = forms.CharField(
        label=_("License of the project (outbound)"),
        max_length=MAX_EXPRESSION_LENGTH,
        help_text=_("The license the project is released under, as an SPDX expression."),
    )
    use = forms.ChoiceField(
        label=_("How the project uses the component"),
        choices=[(EVERY_USE, _("Every kind of use")), *((u.value, USE_LABELS[u]) for u in Use)],
        initial=EVERY_USE,
        widget=forms.RadioSelect,
    )

    def clean_inbound(self) -> str:
        return _spdx(self.cleaned_data["inbound"])

    def clean_outbound(self) -> str:
        return _spdx(self.cleaned_data["outbound"])

    def uses(self) -> tuple[Use, ...]:
        chosen = self.cleaned_data["use"]
        return tuple(Use) if chosen == EVERY_USE else (Use(chosen),)


def _spdx(expression: str) -> str:
    try:
        return normalise_expression(expression)
    except ValueError as error:
        raise forms.ValidationError(
            _("This is not an SPDX license expression the platform can read: %(why)s"),
            code="not_spdx",
            params={"why": error},
        ) from None


class VerdictFilterForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[
            ("", _("Every verdict")),
            *((v.value, VERDICT_LABELS[v]) for v in PROJECT_VERDICTS),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

    def verdict_chosen(self) -> Verdict | None:
        """The verdict to show; a bad value shows every verdict."""
        if not self.is_valid() or not self.cleaned_data["verdict"]:
            return None
        return Verdict(self.cleaned_data["verdict"])

    def page_number(self) -> int:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return data.get("page") or 1
