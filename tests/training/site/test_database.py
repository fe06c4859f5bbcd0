"""Database connections as the settings make them: on PostgreSQL a page's queries are prepared on
the connection that runs them (parsed and planned once, not on every visit), unless
``DB_PREPARE_THRESHOLD=off`` says a pooler in between cannot keep them."""

import json

import pytest
from django.db import connection

from tests.training.site.test_foundation import run_manage
from training.teams.models import Team

POSTGRES_URL = "postgres://shiftready@127.0.0.1:5432/shiftready"  # settings only: never connected to


def database_options(**env):
    result = run_manage("shell", "--no-imports", "-c",
                        "import json; from django.conf import settings; "
                        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))",
                        env_overrides={"DATABASE_URL": POSTGRES_URL, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_connections_bind_on_the_server_and_prepare_a_query_the_second_time():
    options = database_options()
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 1
    assert "jit=off" in options["options"]
    assert database_options(DB_PREPARE_THRESHOLD="3")["prepare_threshold"] == 3


def test_prepared_statements_can_be_turned_off_for_a_pooler_that_cannot_keep_them():
    options = database_options(DB_PREPARE_THRESHOLD="off")
    assert "server_side_binding" not in options and "prepare_threshold" not in options
    assert "jit=off" in options["options"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="prepared statements are PostgreSQL's; `make test` runs this module on it too")
def test_a_query_asked_again_on_a_connection_runs_prepared():
    for slug in ("platform", "storage", "network"):
        list(Team.objects.filter(slug=slug))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "training_team"' in statement and '"slug" = $1' in statement for statement in prepared), prepared
