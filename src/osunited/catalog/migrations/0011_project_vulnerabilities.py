"""Known vulnerabilities over every source of a project (not only the scan that finished last),
filled from each project's latest succeeded scans."""

from django.db import migrations, models

from osunited.catalog.migrations._sqlite_search_triggers import (
    create_operation,
    drop_operation,
)


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from osunited.catalog.vulnerabilities import project_facts_of

    Project = apps.get_model("catalog", "Project")
    Scan = apps.get_model("catalog", "Scan")
    for project in Project.objects.exclude(latest_scan=None).iterator():
        latest = {}
        succeeded = Scan.objects.filter(project=project, status="succeeded").order_by("-pk")
        if not project.source_archive:
            succeeded = succeeded.exclude(repository=None)
        for scan in succeeded.only("pk", "repository_id", "facts"):
            latest.setdefault(scan.repository_id, scan)
        project.vulnerabilities = project_facts_of(list(latest.values()))
        project.save(update_fields=["vulnerabilities"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_review_integrity"),
    ]

    operations = [
        drop_operation(),
        migrations.AddField(
            model_name="project",
            name="vulnerabilities",
            field=models.JSONField(blank=True, default=dict),
        ),
        create_operation(),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
