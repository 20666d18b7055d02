"""The catalog's views, one module per area; `catalog.urls` joins their patterns.

A project's slug is a Unicode slug (a name in Cyrillic, Arabic or Chinese keeps its letters),
which Django's `<slug:...>` does not match: the views' patterns use `<uslug:...>`, registered
here because this package is imported before any of its modules builds its patterns."""

from django.urls import register_converter


class UnicodeSlugConverter:
    """Letters and digits of any script, `_` and `-`: what `slugify(allow_unicode=True)` gives."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
