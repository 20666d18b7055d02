"""Publish version 1.0 of the Terms, the Use Policy and the CLA so that sign-up works at once.

Administrators publish later versions from the admin site.
"""

from pathlib import Path

from django.db import migrations
from django.utils import timezone

TEXTS = Path(__file__).resolve().parent.parent / "policy_texts"
DOCUMENTS = [
    ("terms", "Terms and Conditions"),
    ("use_policy", "Use Policy"),
    ("cla", "Contributor License Agreement"),
]


def publish_first_versions(apps, schema_editor):
    PolicyDocument = apps.get_model("accounts", "PolicyDocument")
    now = timezone.now()
    for kind, title in DOCUMENTS:
        PolicyDocument.objects.get_or_create(
            kind=kind,
            version="1.0",
            defaults={
                "title": title,
                "body": (TEXTS / f"{kind}.txt").read_text(encoding="utf-8"),
                "published_at": now,
                "created_at": now,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(publish_first_versions, migrations.RunPython.noop)]
