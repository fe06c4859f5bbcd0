import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from assessments import services
from tests.assessments.test_queries import mixed_questions
from tests.assessments.factories import quiz_with

@pytest.mark.django_db
def test_show(client_for, engineer, team):
    attempt = services.attempt_start(user=engineer, quiz=quiz_with(mixed_questions(3)))
    client = client_for(engineer)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("assessments:attempt_detail", kwargs={"pk": attempt.pk}))
    for q in ctx.captured_queries: print(q["sql"][:230])
