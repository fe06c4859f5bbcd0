"""The engineer's forms on a step page: nothing typed is lost when a form is refused, each error
stands beside its field and names it, dates travel as ISO values."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.training.factories import Org
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import ProgressStatus

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def field_html(html, name):
    """The crispy block of one field: its label, input and the errors shown beside it."""
    match = re.search(rf'<div id="div_id_{name}".*?(?=<div id="div_id_|</form>)', html, re.S)
    assert match, f"no field {name} on the page"
    return match.group(0)


def org_with_host():
    org = Org()
    org.team.hosts.add(org.host)  # on the team's host list: a host whatever the picker's rule
    return org


def post_shift(client, org, **changes):
    progress = org.progress(StepKind.SHADOW)
    data = {"date": YESTERDAY.isoformat(), "hours": "3.5", "host": org.host.pk, "role": "assist",
            "incidents": "INC-7, P2, Broker backlog\nINC-8 P3 no commas", "notes": "Watched the broker restart."}
    data.update(changes)
    return client.post(reverse("training:shadow_shift_log", args=[progress.pk]), data)


class TestExerciseLog:
    def test_an_unticked_checklist_keeps_the_notes_and_says_so_beside_the_checklist(self, client):
        org = Org()
        client.force_login(org.engineer)
        progress = org.progress(StepKind.EXERCISE)
        response = client.post(reverse("training:exercise_log_submit", args=[progress.pk]),
                               {"notes": "Submitted task 9; it reached the agent in 2 s.", "ticks": ["1"]})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Submitted task 9; it reached the agent in 2 s.</textarea>" in field_html(html, "notes")
        ticks = field_html(html, "ticks")
        assert "Sign-off checklist: tick every item" in ticks
        assert re.search(r'value="1"[^>]*checked', ticks) and not re.search(r'value="0"[^>]*checked', ticks)
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.NOT_STARTED

    def test_missing_notes_are_named_and_the_ticks_stay(self, client):
        org = Org()
        client.force_login(org.engineer)
        progress = org.progress(StepKind.EXERCISE)
        html = client.post(reverse("training:exercise_log_submit", args=[progress.pk]),
                           {"notes": "  ", "ticks": ["0", "1"]}).content.decode()
        assert "Notes: describe what you did" in field_html(html, "notes")
        assert len(re.findall(r'name="ticks"[^>]*checked', field_html(html, "ticks"))) == 2

    def test_a_returned_exercise_opens_with_the_previous_notes(self, client):
        org = Org()
        log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                           notes="Task 42 went through the queue.", ticks=[0, 1])
        services.exercise_log_return(log=log, by=org.mentor, comment="Add the task ID please")
        client.force_login(org.engineer)
        html = client.get(reverse("training:step_detail", args=[log.progress_id])).content.decode()
        assert "Fix and resubmit" in html
        assert "Task 42 went through the queue.</textarea>" in field_html(html, "notes")

    def test_a_step_never_returned_opens_empty(self, client):
        org = Org()
        client.force_login(org.engineer)
        html = client.get(reverse("training:step_detail", args=[org.progress(StepKind.EXERCISE).pk])).content.decode()
        assert "\n</textarea>" in field_html(html, "notes")


class TestShadowShift:
    def test_one_bad_incident_line_keeps_every_value(self, client):
        org = org_with_host()
        client.force_login(org.engineer)
        response = post_shift(client, org)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'value="{YESTERDAY.isoformat()}"' in field_html(html, "date")
        assert 'value="3.5"' in field_html(html, "hours")
        assert re.search(rf'value="{org.host.pk}" selected', field_html(html, "host"))
        assert re.search(r'value="assist" selected', field_html(html, "role"))
        incidents = field_html(html, "incidents")
        assert "INC-7, P2, Broker backlog\nINC-8 P3 no commas</textarea>" in incidents
        assert "Incidents, line 2:" in incidents
        assert "Watched the broker restart.</textarea>" in field_html(html, "notes")
        assert not org.progress(StepKind.SHADOW).shadow_shifts.exists()

    def test_each_error_names_its_field(self, client):
        org = org_with_host()
        client.force_login(org.engineer)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        html = post_shift(client, org, date=tomorrow.isoformat(), hours="30", host="", incidents="").content.decode()
        assert "Date: a shadow shift cannot be in the future." in field_html(html, "date")
        assert f'value="{tomorrow.isoformat()}"' in field_html(html, "date")  # the typed date survives
        assert "Hours: at most 24" in field_html(html, "hours")
        assert "On-call engineer: choose who you shadowed." in field_html(html, "host")

    def test_someone_not_in_the_picker_is_refused_beside_the_field(self, client):
        org = org_with_host()
        client.force_login(org.engineer)
        html = post_shift(client, org, host=org.engineer.pk, incidents="INC-7, P2, Broker backlog").content.decode()
        assert "On-call engineer: choose someone from the list." in field_html(html, "host")
        assert 'value="3.5"' in field_html(html, "hours")

    def test_a_refusal_of_the_service_shows_on_the_page(self, client):
        org = org_with_host()
        org.enrollment.status = "withdrawn"
        org.enrollment.save(update_fields=["status"])
        client.force_login(org.engineer)
        response = post_shift(client, org, incidents="")
        assert response.status_code == 200
        assert "This enrollment is no longer active." in response.content.decode()

    def test_the_date_field_carries_an_iso_value(self, client):
        org = org_with_host()
        client.force_login(org.engineer)
        html = client.get(reverse("training:step_detail", args=[org.progress(StepKind.SHADOW).pk])).content.decode()
        date = field_html(html, "date")
        assert f'type="date" name="date" value="{timezone.localdate().isoformat()}"' in date
        assert "/" not in re.search(r'value="([^"]*)"', date).group(1)


def test_every_date_input_renders_iso():
    """Every form of every app with a date field: the initial value is ISO, whatever the locale."""
    from django.contrib.auth import get_user_model

    from training.api.forms import ServiceTokenForm
    from training.audit.forms import AuditFilterForm
    from training.workflow.forms import EnrollForm

    day, nobody = datetime.date(2026, 11, 29), get_user_model().objects.none()
    rendered = [
        str(EnrollForm(initial={"target_date": day}, engineers=nobody, mentors=nobody)["target_date"]),
        str(AuditFilterForm(initial={"since": day})["since"]),
        str(ServiceTokenForm(initial={"expires_on": day})["expires_on"]),
    ]
    for html in rendered:
        assert 'value="2026-11-29"' in html, html


def test_a_refused_final_sign_off_keeps_the_comment_beside_the_reason(client):
    from training.workflow.models import ShiftRole

    org = org_with_host()
    log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer, notes="Done.",
                                       ticks=[0, 1])
    services.exercise_log_verify(log=log, by=org.manager)  # the manager witnessed: another must sign off
    services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
    shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer, date=YESTERDAY,
                                      hours=4, host=org.host, role=ShiftRole.LEAD)
    services.shadow_shift_confirm(shift=shift, by=org.host)
    services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=org.track.readiness_items)
    client.force_login(org.manager)
    response = client.post(reverse("training:sign_off", args=[org.enrollment.pk]),
                           {"comment": "Welcome to the rota, well earned."})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Welcome to the rota, well earned."' in html
    assert re.search(r'data-testid="sign-off-error">Not signed off: .*separation of duties', html)
    org.enrollment.refresh_from_db()
    assert org.enrollment.status == "active"
