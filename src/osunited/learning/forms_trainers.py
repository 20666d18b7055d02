"""The capacity-building team's form for a trainer's record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.entities.models import Entity
from osunited.learning.models import Event, EventKind
from osunited.learning.selectors.osee_topics import competency_choices


class TrainerForm(forms.Form):
    """`with_person=False` when editing: the person of a record does not change."""

    email = forms.EmailField(
        label=_("The trainer's e-mail address"),
        help_text=_("The address they sign in with; they need an account first."),
    )
    entity = forms.ModelChoiceField(
        label=_("Entity"),
        queryset=Entity.objects.order_by("acronym"),
        required=False,
        help_text=_("Whose people they train; empty for a trainer of no UN entity."),
    )
    qualified_by = forms.ModelChoiceField(
        label=_("Qualified at (Train the Trainer event)"),
        queryset=Event.objects.filter(kind=EventKind.TRAIN_THE_TRAINER),
        required=False,
    )
    qualified_on = forms.DateField(
        label=_("Qualified on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics taught (OSEE competencies)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    active = forms.BooleanField(label=_("Active: trains people now"), required=False)

    def __init__(self, *args: Any, with_person: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = self.fields["topics"]
        assert isinstance(topics, forms.MultipleChoiceField)
        topics.choices = competency_choices()
        if not with_person:
            del self.fields["email"]

    def clean_email(self) -> User:
        email: str = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise forms.ValidationError(
                _("No account uses this address. Ask them to sign up first.")
            )
        return user
