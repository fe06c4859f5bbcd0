"""The audit log becomes a hash chain (``training.audit.chain``): the events recorded so far get
their numbers and hashes in the order they were written (0013 then guards the tables on
PostgreSQL)."""

from django.db import migrations, models

from training.audit.chain import digest


def chain_existing_events(apps, schema_editor):
    """Number and hash the events so far in the order they were written (by id), 1000 at a time."""
    AuditEvent = apps.get_model("training", "AuditEvent")
    AuditChainHead = apps.get_model("training", "AuditChainHead")
    events = AuditEvent.objects.using(schema_editor.connection.alias).select_related("signoff").order_by("pk")
    previous, seq, last_pk = "", 0, 0
    while batch := list(events.filter(pk__gt=last_pk)[:1000]):
        for event in batch:
            seq += 1
            event.seq, event.prev_hash = seq, previous
            event.hash = previous = digest(event, event.signoff)
        AuditEvent.objects.using(schema_editor.connection.alias).bulk_update(batch, ["seq", "prev_hash", "hash"])
        last_pk = batch[-1].pk
    AuditChainHead.objects.using(schema_editor.connection.alias).update_or_create(
        pk=1, defaults={"seq": seq, "hash": previous})


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0011_signoff_failed'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.PositiveBigIntegerField(default=0)),
                ('hash', models.CharField(blank=True, max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='seq',
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
    ]
