"""Forms of the policy library: a policy (with its objectives, sources and clauses mapped to CPF
items), a lesson learned, an endorsement. What a user may choose (the kind of issuer, the entity,
the policy it replaces) is narrowed to what they may publish; the services check it again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osunited.accounts.roles import Role, roles_of
from osunited.accounts.types import Viewer
from osunited.framework import load_framework
from osunited.governance.countries import countries
from osunited.policies.models import (
    Endorsement,
    IssuerKind,
    LessonLearned,
    Objective,
    Origin,
    Policy,
    Region,
)
from osunited.policies.selectors.library import is_policy_editor, publishing_entities
from osunited.policies.services.library import FRAMEWORK_ID, ClauseInput

MAX_SOURCES = 20
MAX_CLAUSES = 50
SOURCE_SEPARATOR = " | "


def known_country(value: object) -> str:
    """An ISO 3166-1 alpha-2 code of the one country list, in capitals; "" when not stated."""
    country = str(value or "").strip().upper()
    if country and country not in countries():
        raise ValidationError(_("Not an ISO 3166-1 country code: two letters, such as AR or FR."))
    return country


def issuer_kinds_for(user: Viewer) -> list[tuple[str, Any]]:
    kinds = []
    if is_policy_editor(user):
        kinds += [IssuerKind.GOVERNMENT, IssuerKind.INTERNATIONAL_ORGANISATION]
    if publishing_entities(user).exists():
        kinds.append(IssuerKind.UN_ENTITY)
    return [(kind.value, kind.label) for kind in kinds]


def replaceable_policies(user: Viewer, policy: Policy | None) -> QuerySet[Policy]:
    """The policies `user` may mark as replaced by this one."""
    if Role.PLATFORM_ADMIN in roles_of(user):
        found = Policy.objects.all()
    else:
        mine = Q(entity__in=publishing_entities(user))
        if is_policy_editor(user):
            mine |= ~Q(issuer_kind=IssuerKind.UN_ENTITY)
        found = Policy.objects.filter(mine)
    if policy is not None:
        found = found.exclude(pk=policy.pk)
    return found.order_by("issuer", "-year", "title")


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class PolicyChoiceField(forms.ModelChoiceField[Policy]):
    def label_from_instance(self, obj: Policy) -> str:
        year = obj.year or _("year not stated")
        return f"{obj.issuer}: {obj.title} ({year})"


class PolicyForm(forms.ModelForm[Policy]):
    objectives = forms.MultipleChoiceField(
        label=_("Stated objectives"),
        choices=Objective.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sources_text = forms.CharField(
        label=_("Sources"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "One a line: a link, a citation, or a citation and its link separated by “ | ”."
        ),
    )
    change_note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("Kept with the published version (required when you change a policy)."),
    )

    class Meta:
        model = Policy
        fields = (
            "issuer_kind",
            "entity",
            "issuer",
            "country",
            "title",
            "region",
            "issuing_area",
            "policy_type",
            "status",
            "year",
            "date",
            "oss_specific",
            "action",
            "term",
            "summary",
            "objectives_text",
            "notes",
            "supersedes",
            "published",
        )
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives_text": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "issuer": _("For a UN entity, left empty: the entity's name."),
            "country": _("Two letters (ISO 3166-1), for a government."),
        }

    def __init__(self, *args: Any, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choice_field(self, "issuer_kind").choices = issuer_kinds_for(user)
        entities = publishing_entities(user)
        model_choice_field(self, "entity").queryset = entities
        if not self.instance.pk and len(entities[:2]) == 1:
            self.fields["entity"].initial = entities[0].pk
        self.fields["issuer"].required = False
        self.fields["supersedes"] = PolicyChoiceField(
            label=_("Replaces"),
            queryset=replaceable_policies(user, self.instance if self.instance.pk else None),
            required=False,
            help_text=_("The older policy this one replaces is marked replaced."),
        )
        self.fields["supersedes"].initial = self.instance.supersedes_id
        if not self.instance.pk:
            self.fields["region"].initial = Region.GLOBAL
        else:
            objectives = self.instance.objectives.all()
            self.fields["objectives"].initial = [o.objective for o in objectives]
            self.fields["sources_text"].initial = "\n".join(
                source_line(s.citation, s.url) for s in self.instance.sources.all()
            )

    def clean_sources_text(self) -> list[tuple[str, str]]:
        lines = [line.strip() for line in self.cleaned_data["sources_text"].splitlines()]
        sources = [parse_source_line(line) for line in lines if line]
        if len(sources) > MAX_SOURCES:
            raise ValidationError(_("At most 20 sources."))
        return sources

    def clean_country(self) -> str:
        return known_country(self.cleaned_data["country"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        entity = cleaned.get("entity")
        if cleaned.get("issuer_kind") == IssuerKind.UN_ENTITY:
            if entity is None:
                self.add_error("entity", _("Choose the UN entity whose policy this is."))
            elif not cleaned.get("issuer"):
                cleaned["issuer"] = entity.name
        elif entity is not None:
            self.add_error("entity", _("Only a UN entity's policy names a UN entity."))
        if not cleaned.get("issuer") and cleaned.get("issuer_kind") != IssuerKind.UN_ENTITY:
            self.add_error("issuer", _("Name the government or organisation."))
        if self.instance.pk and self.has_changed() and not cleaned.get("change_note"):
            self.add_error("change_note", _("Say what changed: it is kept with the version."))
        return cleaned

    def _post_clean(self) -> None:
        # policy_save validates the model and keeps the instance unchanged until then (it
        # compares the policy before and after to know what changed).
        pass

    def policy_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        return fields | {"issuer": self.cleaned_data.get("issuer") or ""}


def source_line(citation: str, url: str) -> str:
    if not url or url == citation:
        return url or citation
    return f"{citation}{SOURCE_SEPARATOR}{url}"


def parse_source_line(line: str) -> tuple[str, str]:
    """ "citation | link", a link alone, or a citation alone, as (citation, url)."""
    citation, _sep, url = line.rpartition(SOURCE_SEPARATOR.strip())
    citation, url = citation.strip(), url.strip()
    if not citation:
        citation, url = url, url
    if url and not url.lower().startswith(("http://", "https://")):
        return (line, "")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(
                _("%(link)s is not a web address.") % {"link": url[:100]}
            ) from None
        if len(url) > 1000:
            raise ValidationError(_("A link holds at most 1,000 characters."))
    return (citation, url)


def framework_item_choices() -> list[tuple[str, str]]:
    return [(item.id, f"{item.id} {item.text}") for item in load_framework(FRAMEWORK_ID).items]


class ClauseForm(forms.Form):
    reference = forms.CharField(label=_("Article or section"), max_length=100, required=False)
    text = forms.CharField(label=_("Clause"), widget=forms.Textarea(attrs={"rows": 3}))
    items = forms.MultipleChoiceField(
        label=_("CPF items it covers"),
        required=False,
        help_text=_("The CPF statements and guidelines this clause implements."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "items").choices = framework_item_choices()

    def clause(self) -> ClauseInput:
        return ClauseInput(
            reference=self.cleaned_data["reference"].strip(),
            text=self.cleaned_data["text"].strip(),
            items=tuple(self.cleaned_data["items"]),
        )


ClauseFormSet = forms.formset_factory(
    ClauseForm, extra=2, can_delete=True, max_num=MAX_CLAUSES, validate_max=True
)


def clause_initial(policy: Policy | None) -> list[dict[str, Any]]:
    if policy is None:
        return []
    return [
        {"reference": c.reference, "text": c.text, "items": list(c.items)}
        for c in policy.clauses.all()
    ]


def clauses_of(formset: Any) -> list[ClauseInput]:
    return [
        form.clause()
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class LessonForm(forms.ModelForm[LessonLearned]):
    class Meta:
        model = LessonLearned
        fields = ("role", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class EndorsementForm(forms.ModelForm[Endorsement]):
    statement_url = forms.URLField(
        label=_("Statement"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The public statement of the endorsement, if there is one."),
    )
    policies = forms.ModelMultipleChoiceField(
        label=_("Its policies in the library"),
        queryset=Policy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Endorsement
        fields = (
            "entity",
            "organisation",
            "organisation_kind",
            "country",
            "endorsed_on",
            "statement_url",
            "policies",
        )
        widgets = {"endorsed_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "organisation": _("For a UN entity, left empty: the entity's name."),
        }

    def __init__(self, *args: Any, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editor = is_policy_editor(user)
        entities = publishing_entities(user)
        entity_field = model_choice_field(self, "entity")
        entity_field.queryset = entities
        self.fields["organisation"].required = False
        self.fields["organisation_kind"].required = False
        if not editor:
            entity_field.required = True
            entity_field.empty_label = None
            choice_field(self, "organisation_kind").choices = [
                (IssuerKind.UN_ENTITY.value, IssuerKind.UN_ENTITY.label)
            ]
        published = Policy.objects.filter(published=True, origin=Origin.PLATFORM)
        if not editor:
            published = published.filter(entity__in=entities)
        model_choice_field(self, "policies").queryset = published.order_by("issuer", "title")

    def clean_country(self) -> str:
        return known_country(self.cleaned_data["country"])

    def clean_endorsed_on(self) -> Any:
        day = self.cleaned_data["endorsed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The endorsement date cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        entity = cleaned.get("entity")
        if entity is not None:
            cleaned["organisation"] = entity.name
            cleaned["organisation_kind"] = IssuerKind.UN_ENTITY
        elif not cleaned.get("organisation") or not cleaned.get("organisation_kind"):
            self.add_error("organisation", _("Name the organisation and its kind, or an entity."))
        return cleaned

    def _post_clean(self) -> None:
        # The service validates and saves; the model's uniqueness check gives its own message.
        pass
