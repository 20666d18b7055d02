"""How the platform renders form widgets: an address typed into a right-to-left page (a link, an
e-mail address) reads left to right, as it is written (issue #21)."""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest

LEFT_TO_RIGHT_INPUTS = {"email", "url"}
LEFT_TO_RIGHT_NAMES = {"slug"}  # a web address's last part, Latin letters, digits and dashes


class AddressesLeftToRight(DjangoTemplates):
    """Django's form templates; URL, e-mail and slug inputs carry dir="ltr" unless a form set a
    dir."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if widget and (
            widget.get("type") in LEFT_TO_RIGHT_INPUTS  # also a text input typed so
            or widget.get("name") in LEFT_TO_RIGHT_NAMES
        ):
            widget["attrs"].setdefault("dir", "ltr")
        return super().render(template_name, context, request)
