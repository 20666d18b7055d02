from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from osunited.entities.models import EmailDomain, Entity
from osunited.entities.selectors import entity_staff


class EntityProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Entity
        fields = ("website", "description", "liaison")
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The liaison must be one of the entity's own UN staff.
        liaison = self.fields["liaison"]
        assert isinstance(liaison, forms.ModelChoiceField)
        liaison.queryset = entity_staff(entity=self.instance)
        liaison.empty_label = _("No liaison designated")


class EmailDomainForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = EmailDomain
        fields = ("domain",)

    def clean_domain(self) -> str:
        domain = str(self.cleaned_data["domain"]).strip().lower().lstrip("@")
        if "." not in domain or "@" in domain or " " in domain:
            raise forms.ValidationError(_("Enter a domain such as undp.org."))
        return domain
