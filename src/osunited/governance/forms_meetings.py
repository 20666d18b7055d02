"""Forms of the Board's meetings: a meeting (times typed in a chosen time zone, kept and shown in
UTC, as events are), an agenda item, putting it to the vote, the minutes and an action item."""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.accounts.models import User
from osunited.entities.models import Entity
from osunited.governance.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    BoardMeeting,
    FrameworkReviewProposal,
    Petition,
    WorkingGroup,
)
from osunited.governance.selectors.meetings import action_owner_choices, agenda_choices
from osunited.governance.services.meetings import MEETING_FIELDS

_LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_NOT_LISTED = {"invalid_choice": _("Choose one of those listed.")}


@cache
def _time_zones() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"UTC"})
    return [("UTC", "UTC"), *((name, name) for name in names)]


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

    def changes(self) -> dict[str, Any]:
        """The cleaned values the services take: every field but the time zone."""
        return {name: value for name, value in self.cleaned_data.items() if name != "time_zone"}


class MeetingForm(_ZonedTimes):
    zoned_fields = ("starts_at", "ends_at")
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=_LOCAL_DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=_LOCAL_DATETIME)
    location = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for a meeting online only."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        help_text=_("Shown to the Board only."),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )

    field_order = ("title", "starts_at", "ends_at", "time_zone", "location", "online_url")

    def __init__(self, *args: Any, meeting: BoardMeeting | None = None, **kwargs: Any) -> None:
        if meeting is not None:
            kwargs.setdefault("initial", model_to_dict(meeting, fields=MEETING_FIELDS))
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class _PetitionChoice(forms.ModelChoiceField[Petition]):
    def label_from_instance(self, obj: Petition) -> str:
        return str(
            _("%(entity)s, filed on %(date)s")
            % {"entity": obj.entity.acronym, "date": obj.filed_at.date().isoformat()}
        )


_LINK_OF_KIND: dict[str, str] = {
    AgendaKind.PETITION: "petition",
    AgendaKind.FRAMEWORK_REVIEW: "proposal",
    AgendaKind.WORKING_GROUP_REPORT: "working_group",
}


class AgendaItemForm(forms.Form):
    """An agenda item and the one petition, proposal or working group it is about. An item put
    to the vote keeps what it is about: only its title and notes change."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaKind.choices)
    petition = _PetitionChoice(
        label=_("Petition (for a petition to join)"),
        queryset=Petition.objects.none(),
        required=False,
        error_messages=_NOT_LISTED,
    )
    proposal = forms.ModelChoiceField(
        label=_("Proposal (for a framework review)"),
        queryset=FrameworkReviewProposal.objects.none(),
        required=False,
        error_messages=_NOT_LISTED,
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group (for its report)"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        error_messages=_NOT_LISTED,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to name it after the petition, proposal or working group."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, item: AgendaItem | None = None, **kwargs: Any) -> None:
        if item is not None:
            kwargs.setdefault("initial", _initial_of(item))
        super().__init__(*args, **kwargs)
        self.locked = item is not None and item.decision_id is not None
        if self.locked:
            for name in ("kind", "petition", "proposal", "working_group"):
                del self.fields[name]
            return
        choices = agenda_choices()
        self._set_queryset("petition", choices.petitions, item.petition_id if item else None)
        self._set_queryset("proposal", choices.proposals, item.proposal_id if item else None)
        self._set_queryset("working_group", choices.working_groups, None)

    def _set_queryset(self, name: str, queryset: Any, keep: int | None) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset | queryset.model.objects.filter(pk=keep) if keep else queryset

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        needed = _LINK_OF_KIND.get(str(kind))
        if needed and not cleaned.get(needed) and needed not in self.errors:
            self.add_error(needed, _("Choose what this item is about."))
        for name in ("petition", "proposal", "working_group"):
            if name != needed:
                cleaned[name] = None
        return cleaned


def _initial_of(item: AgendaItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "title": item.title,
        "notes": item.notes,
        "petition": item.petition_id,
        "proposal": item.proposal_id,
        "working_group": item.working_group_id,
    }


class VoteForm(_ZonedTimes):
    zoned_fields = ("closes_at",)
    title = forms.CharField(label=_("Title of the motion"), max_length=300)
    motion = forms.CharField(
        label=_("Motion"),
        help_text=_("What the Board is asked to decide, as it will be published."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    closes_at = forms.DateTimeField(
        label=_("Vote closes"),
        required=False,
        widget=_LOCAL_DATETIME,
        help_text=_("Leave empty to close the vote by hand."),
    )

    field_order = ("title", "motion", "closes_at", "time_zone")

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"title": item.title})
        super().__init__(*args, **kwargs)
        # A petition's or a proposal's own service words the motion; a petition's vote is
        # closed by hand.
        if item.kind in (AgendaKind.PETITION, AgendaKind.FRAMEWORK_REVIEW):
            del self.fields["title"], self.fields["motion"]
        if item.kind == AgendaKind.PETITION:
            del self.fields["closes_at"], self.fields["time_zone"]


class _EntityChoice(forms.ModelMultipleChoiceField[Entity]):
    def label_from_instance(self, obj: Entity) -> str:
        return obj.acronym


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        help_text=_(
            "Plain text; # for a heading, - for a list, **bold**, *emphasis* and "
            "[a link](https://…) are understood."
        ),
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    attendees = _EntityChoice(
        label=_("Entities present"),
        queryset=Entity.objects.order_by("acronym"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the entities listed.")},
    )


class _OwnerChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = _OwnerChoice(
        label=_("Owner"),
        queryset=User.objects.none(),
        help_text=_("A Board member or the secretariat."),
        error_messages=_NOT_LISTED,
    )
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        error_messages=_NOT_LISTED,
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def __init__(
        self, *args: Any, meeting: BoardMeeting, action: ActionItem | None = None, **kwargs: Any
    ) -> None:
        if action is not None:
            fields = ("title", "owner", "due_on", "agenda_item", "status")
            kwargs.setdefault("initial", model_to_dict(action, fields=fields))
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        # Someone who left the Board keeps the actions they own until they are given to another.
        owners = action_owner_choices()
        if action is not None:
            owners = owners | User.objects.filter(pk=action.owner_id)
        owner.queryset = owners
        agenda_item = self.fields["agenda_item"]
        assert isinstance(agenda_item, forms.ModelChoiceField)
        agenda_item.queryset = meeting.agenda.order_by("position")
        if action is None:
            del self.fields["status"]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
