"""How the platform renders form widgets: an address typed into a right-to-left page (a link, an
e-mail address) reads left to right, as it is written (issue #21)."""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest

LEFT_TO_RIGHT_INPUTS = {"email", "url"}


class AddressesLeftToRight(DjangoTemplates):
    """Django's form templates; URL and e-mail inputs carry dir="ltr" unless a form set a dir."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if widget and widget.get("type") in LEFT_TO_RIGHT_INPUTS:  # also a text input typed so
            widget["attrs"].setdefault("dir", "ltr")
        return super().render(template_name, context, request)
