"""Events' forms: an event and its sessions (times entered in a chosen time zone, kept in UTC;
links only over http or https), the filters of the events page, and an entity's decision."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import global_settings
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from osunited.learning.models import Event, EventKind, EventSession, LearningModule

_LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
RESERVED_SLUGS = frozenset({"new"})  # /learning/events/new/ is the form
_WEB_ONLY = URLValidator(schemes=["http", "https"])


def _web_link(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.URLField:
    return forms.URLField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[_WEB_ONLY],
    )


@cache
def _time_zones() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"UTC"})
    return [("UTC", "UTC"), *((name, name) for name in names)]


def language_choices() -> list[tuple[str, str]]:
    # Django's names of languages are marked but not translated (gettext_noop): translated here.
    return [(code, gettext(name)) for code, name in global_settings.LANGUAGES]


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class _ZonedTimes(forms.Form):
    """Times are typed as a clock in `time_zone` shows them; Django reads them as UTC (the
    site's zone), so their clock time is kept and the zone replaced."""

    zoned_fields: tuple[str, ...] = ()
    time_zone = forms.ChoiceField(
        label=_("Time zone of the times above"), choices=_time_zones, initial="UTC"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in self.zoned_fields:
            value = cleaned.get(name)
            if value is not None:
                wall_clock = timezone.make_naive(value)
                cleaned[name] = wall_clock.replace(tzinfo=zone).astimezone(zoneinfo.ZoneInfo("UTC"))
        return cleaned


class EventForm(_ZonedTimes, forms.ModelForm[Event]):
    zoned_fields = ("registration_closes_at",)
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, initial="en")
    recording_url = _web_link(_("Recording"), _("After the event: the link to its recording."))
    slides_url = _web_link(_("Slides"), _("After the event: the link to its slides."))
    organisers = forms.CharField(
        label=_("Organisers"),
        help_text=_("E-mail addresses of their accounts, one a line. They edit the event."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Event
        fields = (
            "slug",
            "title",
            "kind",
            "series",
            "summary",
            "language",
            "format",
            "location",
            "capacity",
            "registration_closes_at",
            "needs_confirmation",
            "modules",
            "recording_url",
            "slides_url",
            "published",
        )
        widgets = {
            "registration_closes_at": _LOCAL_DATETIME,
            "modules": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "slug": _("Letters, digits and hyphens; the event's address. It cannot change later."),
            "capacity": _("Leave empty for no limit."),
            "registration_closes_at": _("Leave empty to take registrations until the event ends."),
            "location": _("Where it takes place; leave empty for an event online only."),
        }

    def __init__(self, *args: Any, choose_organisers: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = self.fields["modules"]
        assert isinstance(modules, forms.ModelMultipleChoiceField)
        modules.queryset = LearningModule.objects.filter(published=True).order_by("title")
        if self.instance.pk is not None:
            del self.fields["slug"]
            self.initial["organisers"] = "\n".join(
                self.instance.organisers.order_by("email").values_list("email", flat=True)
            )
        if not choose_organisers:
            del self.fields["organisers"]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is taken by a page; choose another."))
        return slug

    def clean_capacity(self) -> int | None:
        capacity: int | None = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("Give at least one place, or leave it empty."))
        return capacity

    def clean_organisers(self) -> list[User]:
        addresses = [a.lower() for a in re.split(r"[\s,;]+", self.cleaned_data["organisers"]) if a]
        found = {user.email: user for user in User.objects.filter(email__in=addresses)}
        unknown = [address for address in addresses if address not in found]
        if unknown:
            raise forms.ValidationError(
                _("No account has these addresses: %(addresses)s.")
                % {"addresses": ", ".join(unknown)}
            )
        return list(found.values())

    def changes(self) -> dict[str, Any]:
        """The cleaned values the services take: every field but the time zone."""
        return {name: value for name, value in self.cleaned_data.items() if name != "time_zone"}


class _TrainerChoice(forms.ModelMultipleChoiceField[User]):
    """Trainers by name and entity; one no longer active (kept on a session they led) says so."""

    def label_from_instance(self, obj: User) -> str:
        record = getattr(obj, "trainer", None)  # None for someone with no trainer's record
        entity = record.entity.acronym if record and record.entity else _("no UN entity")
        if record is None or not record.active:
            label = _("%(name)s (%(entity)s, not an active trainer)")
            return str(label % {"name": obj, "entity": entity})
        return f"{obj} ({entity})"


def trainer_choices(session: EventSession | None) -> QuerySet[User]:
    """Active trainers, and those who already led the session (kept when it is edited)."""
    led = Q(pk__in=session.trainers.values("pk")) if session and session.pk else Q(pk__in=[])
    return (
        User.objects.filter(Q(trainer__active=True) | led)
        .select_related("trainer__entity")
        .order_by("display_name", "email")
    )


class SessionForm(_ZonedTimes, forms.ModelForm[EventSession]):
    zoned_fields = ("starts_at", "ends_at")
    joining_url = _web_link(_("Joining link"), _("Shown to confirmed participants only."))
    recording_url = _web_link(_("Recording"))
    slides_url = _web_link(_("Slides"))
    trainers = _TrainerChoice(
        label=_("Trainers who lead it"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Active trainers recorded on the platform; leave empty if nobody is named."),
        error_messages={
            "invalid_choice": _("This is not an active trainer: choose among those listed."),
            "invalid_pk_value": _("This is not an active trainer: choose among those listed."),
        },
    )

    class Meta:
        model = EventSession
        fields = (
            "title",
            "starts_at",
            "ends_at",
            "location",
            "joining_url",
            "recording_url",
            "slides_url",
            "trainers",
        )
        widgets = {"starts_at": _LOCAL_DATETIME, "ends_at": _LOCAL_DATETIME}
        help_texts = {"location": _("Leave empty when it is the event's place, or online.")}

    field_order = ("title", "starts_at", "ends_at", "time_zone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trainers = self.fields["trainers"]
        assert isinstance(trainers, forms.ModelMultipleChoiceField)
        trainers.queryset = trainer_choices(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The session must end after it starts."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "time_zone"}


FORMAT_CHOICES = [("", _("Any")), ("online", _("Online")), ("on_site", _("On site"))]


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    format = forms.ChoiceField(label=_("Where"), required=False, choices=FORMAT_CHOICES)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("Any")), *EventKind.choices]
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Any")), *((code, language_name(code)) for code in languages)]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("decline", _("Decline"))], label=_("Decision")
    )
