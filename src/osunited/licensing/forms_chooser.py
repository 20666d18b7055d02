"""The use-case chooser's questionnaire (CPF 4.2.2), and the request to open a merge request
adding the chosen LICENSE."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited.forges.models import HostedRepository
from osunited.licenses import (
    COMMENT_STYLES,
    ChooserAnswers,
    CopyleftPreference,
    Deployment,
    Released,
    normalise_expression,
)

RELEASED_CHOICES = [
    (Released.LIBRARY.value, _("A library other software uses")),
    (Released.APPLICATION.value, _("An application people install or run")),
    (Released.SERVICE.value, _("A service people use over a network")),
    (Released.DOCUMENTATION.value, _("Documentation or other written content")),
    (Released.DATA.value, _("Data or a database")),
]
DEPLOYMENT_CHOICES = [
    (Deployment.DISTRIBUTED.value, _("Distributed: people get a copy (downloads, packages)")),
    (Deployment.NETWORK.value, _("Run as a network service: people use it without a copy")),
]
COPYLEFT_CHOICES = [
    (CopyleftPreference.NONE.value, _("None: anyone may reuse it, in closed products too")),
    (
        CopyleftPreference.WEAK.value,
        _("Weak: changes to our files stay open; larger works may be closed"),
    ),
    (
        CopyleftPreference.STRONG.value,
        _("Strong: every program that includes it is released under it"),
    ),
    (
        CopyleftPreference.NETWORK_IF_NEEDED.value,
        _("Strong, and for network users too when it runs as a service"),
    ),
]
PATENT_CHOICES = [
    ("yes", _("Yes: every contributor grants a license to their patents")),
    ("no", _("No, not needed")),
]
LANGUAGE_CHOICES = [(language, language.capitalize()) for language in COMMENT_STYLES]
MAX_INCLUDED = 20


class ChooserForm(forms.Form):
    """A GET form: its answers are in the result page's address, to share or bookmark."""

    released = forms.ChoiceField(
        label=_("What do you release?"), choices=RELEASED_CHOICES, widget=forms.RadioSelect
    )
    deployment = forms.MultipleChoiceField(
        label=_("How do people get it?"),
        choices=DEPLOYMENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[Deployment.DISTRIBUTED.value],
    )
    copyleft = forms.ChoiceField(
        label=_("Which copyleft do you want?"),
        choices=COPYLEFT_CHOICES,
        widget=forms.RadioSelect,
        initial=CopyleftPreference.NONE.value,
    )
    patents = forms.ChoiceField(
        label=_("Do you want an express patent grant from contributors?"),
        choices=PATENT_CHOICES,
        widget=forms.RadioSelect,
        initial="yes",
    )
    included = forms.CharField(
        label=_("Licenses of what it includes"),
        help_text=_(
            "One SPDX license expression a line, for instance GPL-3.0-only or MIT OR Apache-2.0. "
            "Leave empty when it includes nothing under another license."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
    )
    holder = forms.CharField(
        label=_("Copyright holder, for the SPDX header"),
        required=False,
        max_length=200,
        help_text=_("For instance the name of your organisation."),
    )
    language = forms.ChoiceField(
        label=_("Comment style of the SPDX header"),
        choices=LANGUAGE_CHOICES,
        required=False,
        initial="python",
    )

    def clean_included(self) -> tuple[str, ...]:
        lines = [line.strip() for line in self.cleaned_data["included"].splitlines()]
        expressions = [line for line in lines if line]
        if len(expressions) > MAX_INCLUDED:
            raise forms.ValidationError(
                _("Give at most %(count)d licenses."), params={"count": MAX_INCLUDED}
            )
        normalised = []
        for expression in expressions:
            try:
                normalised.append(normalise_expression(expression))
            except ValueError:
                raise forms.ValidationError(
                    _("%(expression)s is not an SPDX license expression."),
                    params={"expression": expression[:100]},
                ) from None
        return tuple(dict.fromkeys(normalised))

    def clean_holder(self) -> str:
        holder: str = self.cleaned_data["holder"]
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in holder):
            raise forms.ValidationError(
                _("Write the copyright holder on one line, without tabs or control characters.")
            )
        return holder

    def answers(self) -> ChooserAnswers:
        data = self.cleaned_data
        return ChooserAnswers(
            released=Released(data["released"]),
            deployment=frozenset(Deployment(value) for value in data["deployment"]),
            copyleft=CopyleftPreference(data["copyleft"]),
            patent_grant=data["patents"] == "yes",
            included=data["included"],
        )


class MergeRequestForm(forms.Form):
    """Which of the user's hosted repositories gets the LICENSE, and which license."""

    repository = forms.ModelChoiceField(
        label=_("Repository"), queryset=HostedRepository.objects.none()
    )
    license = forms.CharField(max_length=100, widget=forms.HiddenInput)
    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, repositories: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if repositories is not None:
            self.fields["repository"].queryset = repositories  # type: ignore[attr-defined]
