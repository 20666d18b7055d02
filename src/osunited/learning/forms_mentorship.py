"""Mentorship's forms: a mentor's offer, a mentee's request, and the list's filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from osunited.learning.selectors.osee_topics import Topic, competency_choices
from osunited.learning.services.mentorship import MAX_CAPACITY


class OfferForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Topics you mentor on (OSEE competencies)"), widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you mentor in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Mentees at a time"),
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("Requests beyond this number wait until a mentorship ends."),
    )
    note = forms.CharField(
        label=_("About your mentoring"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone with your offer: experience, availability, how you meet."),
    )
    active = forms.BooleanField(label=_("Taking mentees now"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = self.fields["topics"]
        assert isinstance(topics, forms.MultipleChoiceField)
        topics.choices = competency_choices()


class RequestForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("What you hope for from this mentorship"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(topic.id, topic.name) for topic in topics]


class OfferFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *settings.LANGUAGES]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any")), *competency_choices()]
