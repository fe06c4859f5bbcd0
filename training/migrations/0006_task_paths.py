"""The background tasks moved into their packages (``training.tasks`` is gone): tasks already in
the database queue (the daily run queues itself for tomorrow) are pointed at their new home, so
a worker upgraded in place picks them up instead of failing to import them. No schema change."""

from django.db import migrations

MOVED = {
    "training.tasks.build_export": "training.reports.exports.build_export",
    "training.tasks.build_export_part": "training.reports.exports.build_export_part",
    "training.tasks.assemble_export": "training.reports.exports.assemble_export",
    "training.tasks.send_reminders_task": "training.site.daily.send_reminders_task",
}


def _rename(apps, mapping):
    result = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in mapping.items():
        result.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    _rename(apps, MOVED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0005_auditevent"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
