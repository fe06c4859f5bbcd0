"""Several managers per team (and a team's mentors and hosts): the one ``manager`` becomes the
first of ``managers``; nothing else changes."""

from django.conf import settings
from django.db import migrations, models


def managers_from_manager(apps, schema_editor):
    team_model = apps.get_model("training", "Team")
    through = team_model.managers.through
    through.objects.bulk_create([through(team_id=team.pk, user_id=team.manager_id)
                                 for team in team_model.objects.all()])


def manager_from_managers(apps, schema_editor):
    team_model = apps.get_model("training", "Team")
    for team in team_model.objects.all():
        first = team.managers.order_by("pk").first()
        if first is None:
            raise RuntimeError(f"Team {team.slug} has no manager: give it one before going back.")
        team.manager_id = first.pk
        team.save(update_fields=["manager"])


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("training", "0006_task_paths"),
    ]

    operations = [
        migrations.AddField(
            model_name="team", name="managers",
            field=models.ManyToManyField(blank=True, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name="team", name="manager",
            field=models.ForeignKey(null=True, on_delete=models.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(managers_from_manager, manager_from_managers),
        migrations.RemoveField(model_name="team", name="manager"),
        migrations.AlterField(
            model_name="team", name="managers",
            field=models.ManyToManyField(blank=True, related_name="managed_teams", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="team", name="mentors",
            field=models.ManyToManyField(blank=True, related_name="mentor_of_teams", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="team", name="hosts",
            field=models.ManyToManyField(blank=True, related_name="host_of_teams", to=settings.AUTH_USER_MODEL),
        ),
    ]
