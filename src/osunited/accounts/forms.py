from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import PolicyDocument, User
from osunited.accounts.selectors import current_policy_documents
from osunited.accounts.services import policies_accept


def policy_checkbox(document: PolicyDocument) -> forms.BooleanField:
    url = reverse(
        "accounts:policy_version", kwargs={"kind": document.kind, "version": document.version}
    )
    return forms.BooleanField(
        required=True,
        label=_("I accept the %(title)s (version %(version)s)")
        % {"title": document.get_kind_display(), "version": document.version},
        help_text=format_html('<a href="{}" target="_blank">{}</a>', url, _("Read it")),
        error_messages={"required": _("You must accept this document to continue.")},
    )


class PolicyAcceptanceFields(forms.Form):
    """One required checkbox per current policy document; field names carry the version's id,
    so a document published while the form was open must be read and accepted anew."""

    def __init__(self, *args: Any, documents: list[PolicyDocument] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.policy_documents = current_policy_documents() if documents is None else documents
        for document in self.policy_documents:
            self.fields[f"accept_policy_{document.pk}"] = policy_checkbox(document)


class PolicyAcceptanceSignupForm(PolicyAcceptanceFields):
    """Added to allauth's sign-up form: sign-up requires accepting every current document."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=150,
        required=False,
        help_text=_("How other people see you on the platform. Optional."),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data.get("display_name", "")
        user.save(update_fields=["display_name"])
        policies_accept(user=user, documents=self.policy_documents, request=request)
