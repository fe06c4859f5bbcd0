"""One wording across pages, and the admin's names."""

import pytest
from django.urls import reverse

from tests.training.factories import Org
from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.tracks.trackfile import TrackFileError
from training.workflow import services

pytestmark = pytest.mark.django_db


def test_a_submitted_log_and_its_step_say_the_same_thing(client):
    org = Org()
    services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer, notes="Done.",
                                 ticks=[0, 1])
    client.force_login(org.engineer)
    html = client.get(reverse("training:step_detail", args=[org.progress(StepKind.EXERCISE).pk])).content.decode()
    assert html.count("Waiting for sign-off") == 2  # the step's badge and the log's
    assert "Waiting for verification" not in html


def test_the_admin_names_step_progress_in_the_plural_without_a_typo(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Step progresss" not in html and "Step progress" in html


@pytest.mark.parametrize(("step", "message"), [
    ("- [ ] Exercise: Practise", "an exercise step needs a reference"),
    ("- [ ] Read the runbook", "a read step needs a reference"),
    ("- [ ] Scenario validation", "a scenario validation step needs a reference"),
])
def test_import_messages_read_as_english(step, message):
    with pytest.raises(TrackFileError) as refused:
        track_services.track_import(text=f"---\nname: T\nslug: t\n---\n## S\n{step}\n", strict=True)
    assert any(text.startswith(message) for _line, text in refused.value.errors)
