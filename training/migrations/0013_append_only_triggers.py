"""On PostgreSQL a trigger refuses any UPDATE or DELETE of audit events and sign-offs, whoever
sends it: a direct SQL edit fails, not only the ORM's (``AppendOnlyModel``). SQLite has no such
guard: there ``manage.py audit_verify`` shows an edit. TRUNCATE stays allowed (a restore empties
the database before it loads a backup)."""

from django.db import migrations

APPEND_ONLY_TABLES = ["training_auditevent", "training_signoff"]


def refuse_changes_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("""
        CREATE OR REPLACE FUNCTION shiftready_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'Shiftready: % is append-only, % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$ LANGUAGE plpgsql""", params=None)  # no placeholders: RAISE's own % stay as they are
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f"""
            CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION shiftready_append_only()""")


def allow_changes_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS shiftready_append_only()")


class Migration(migrations.Migration):

    dependencies = [
        ("training", "0012_audit_chain"),
    ]

    operations = [
        migrations.RunPython(refuse_changes_on_postgresql, allow_changes_on_postgresql),
    ]
