"""The Board's forms: a petition to join with its documents, a vote, its closing, the settings."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.entities.models import Entity
from osunited.governance.models import BoardMeeting, BoardSettings, MeetingStatus, VoteChoice
from osunited.governance.services.petitions import DocumentIn

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_SLOTS = 3
# The first bytes each accepted format starts with (ODT and DOCX are ZIP archives).
DOCUMENT_SIGNATURES = {".pdf": b"%PDF-", ".odt": b"PK\x03\x04", ".docx": b"PK\x03\x04"}
MARKDOWN_SUFFIXES = (".md", ".markdown")
GUIDELINE_CHOICES = [("", _("Any")), ("G1", "G1"), ("G2", "G2"), ("G3", "G3")]


def validate_document(upload: UploadedFile) -> None:
    """A PDF, ODT, DOCX or Markdown file of at most 10 MB, whose content matches its name."""
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(_("A document may be at most 10 MB."))
    suffix = PurePosixPath((upload.name or "").lower()).suffix
    head = upload.read(2048)
    upload.seek(0)
    if suffix in DOCUMENT_SIGNATURES and head.startswith(DOCUMENT_SIGNATURES[suffix]):
        return
    if suffix in MARKDOWN_SUFFIXES and b"\x00" not in head and _is_utf8(upload):
        return
    raise forms.ValidationError(_("Attach a PDF, ODT, DOCX or Markdown (.md) file."))


def _is_utf8(upload: UploadedFile) -> bool:
    try:
        upload.read().decode("utf-8")
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


class PetitionForm(forms.Form):
    entity = forms.ModelChoiceField(queryset=Entity.objects.none(), label=_("Entity"))
    liaison_email = forms.EmailField(
        label=_("Open source liaison's e-mail (G1)"),
        help_text=_(
            "The entity's main point of contact for open source; they need an account on the "
            "platform and become the entity's representative on the Board if it joins."
        ),
    )
    governance_structure = forms.CharField(
        label=_("Governance structure (G2)"),
        help_text=_("The entity's open source team, OSPO or project, its lead and its mandate."),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    motivation = forms.CharField(
        label=_("Why the entity wants to join"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, entities: QuerySet[Entity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities  # type: ignore[attr-defined]
        for slot in range(1, DOCUMENT_SLOTS + 1):
            self.fields.update(_document_fields(slot))

    def clean_liaison_email(self) -> User:
        email = self.cleaned_data["liaison_email"].strip().lower()
        liaison = User.objects.filter(email__iexact=email, is_active=True).first()
        if liaison is None:
            raise forms.ValidationError(_("Nobody with this e-mail has an account yet."))
        return liaison

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for slot in range(1, DOCUMENT_SLOTS + 1):
            title = cleaned.get(f"document_{slot}_title", "")
            given = cleaned.get(f"document_{slot}_url") or cleaned.get(f"document_{slot}_file")
            if given and not title:
                self.add_error(f"document_{slot}_title", _("Give the document a title."))
            elif title and not given:
                self.add_error(f"document_{slot}_url", _("Give a link or attach a file."))
        return cleaned

    def documents(self) -> list[DocumentIn]:
        return [
            DocumentIn(
                title=self.cleaned_data[f"document_{slot}_title"],
                url=self.cleaned_data[f"document_{slot}_url"],
                file=self.cleaned_data[f"document_{slot}_file"],
                guideline=self.cleaned_data[f"document_{slot}_guideline"],
            )
            for slot in range(1, DOCUMENT_SLOTS + 1)
            if self.cleaned_data.get(f"document_{slot}_title")
        ]

    def document_slots(self) -> list[list[forms.BoundField]]:
        names = ("title", "url", "file", "guideline")
        return [
            [self[f"document_{slot}_{name}"] for name in names]
            for slot in range(1, DOCUMENT_SLOTS + 1)
        ]


def _document_fields(slot: int) -> dict[str, forms.Field]:
    return {
        f"document_{slot}_title": forms.CharField(label=_("Title"), required=False, max_length=200),
        f"document_{slot}_url": forms.URLField(
            label=_("Link"), required=False, max_length=500, assume_scheme="https"
        ),
        f"document_{slot}_file": forms.FileField(
            label=_("or a file (PDF, ODT, DOCX or Markdown, at most 10 MB)"),
            required=False,
            validators=[validate_document],
        ),
        f"document_{slot}_guideline": forms.ChoiceField(
            label=_("Evidence for"), required=False, choices=GUIDELINE_CHOICES
        ),
    }


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (published with the vote)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for the decision (published)"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PutToVoteForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("At the meeting"),
        required=False,
        empty_label=_("No meeting (vote online)"),
        queryset=BoardMeeting.objects.filter(status=MeetingStatus.SCHEDULED).order_by("starts_at"),
    )


class BoardSettingsForm(forms.ModelForm[BoardSettings]):
    class Meta:
        model = BoardSettings
        fields = ("quorum_percent", "majority_percent")
