from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0023_readiness_levels'),
    ]

    operations = [
        migrations.AddField(
            model_name='step',
            name='estimate_minutes',
            field=models.PositiveIntegerField(
                blank=True, null=True,
                help_text='The time the step takes, as the track file estimates it ({minutes: 90}).'),
        ),
    ]
