"""Snapshots taken before figures carried their coverage counted a project without a
vulnerability database as "0 vulnerabilities". Their vulnerability figure is dropped, so that
those days read "not measured" instead of 0; every other figure is kept."""

from django.db import migrations


def forget(apps, schema_editor):  # type: ignore[no-untyped-def]
    MetricSnapshot = apps.get_model("dashboard", "MetricSnapshot")
    for snapshot in MetricSnapshot.objects.iterator():
        values = snapshot.values or {}
        if "coverage" not in values and "open_vulnerabilities" in values:
            del values["open_vulnerabilities"]
            snapshot.values = values
            snapshot.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_snapshots")]
    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
