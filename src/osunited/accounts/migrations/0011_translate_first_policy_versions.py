"""Translations of version 1.0 of the Terms, the Use Policy and the CLA (0003) into Arabic,
Chinese, French, Russian and Spanish, for reading: not yet reviewed by a UN translator.

Each is policy_texts/<language>/<kind>.txt: its title on the first line, a blank line, then the
text. A translation is added only to a version whose English text is the shipped one, so that it
never stands beside a text it does not translate. Administrators review them, and add
translations of later versions, in the admin site.
"""

from pathlib import Path

from django.db import migrations

TEXTS = Path(__file__).resolve().parent.parent / "policy_texts"
KINDS = ("terms", "use_policy", "cla")
LANGUAGES = ("ar", "zh-hans", "fr", "ru", "es")


def shipped_translation(language: str, kind: str) -> tuple[str, str]:
    """(title, body) of a shipped translation."""
    title, _blank, body = (
        (TEXTS / language / f"{kind}.txt").read_text(encoding="utf-8").partition("\n\n")
    )
    return title.strip(), body.strip() + "\n"


def translate_first_versions(apps, schema_editor):  # type: ignore[no-untyped-def]
    PolicyDocument = apps.get_model("accounts", "PolicyDocument")
    PolicyDocumentTranslation = apps.get_model("accounts", "PolicyDocumentTranslation")
    for kind in KINDS:
        english = (TEXTS / f"{kind}.txt").read_text(encoding="utf-8")
        document = PolicyDocument.objects.filter(kind=kind, version="1.0", body=english).first()
        if document is None:
            continue
        for language in LANGUAGES:
            title, body = shipped_translation(language, kind)
            PolicyDocumentTranslation.objects.get_or_create(
                document=document,
                language=language,
                defaults={"title": title, "body": body, "reviewed": False},
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_policy_document_translations")]
    operations = [migrations.RunPython(translate_first_versions, migrations.RunPython.noop)]
