"""Feedback on the training: the engineer rates each step of their track and reports what a
reading step's document does not say; training admins see each step's rating and the open gaps
of its document on the track page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services as content_services
from content.models import GapReport
from tests.content.factories import DocumentFactory
from tests.factories import UserFactory
from tests.training.factories import ExerciseFactory, Org, simple_track
from training.audit.models import AuditEvent, AuditKind
from training.errors import TrainingError
from training.feedback import services
from training.feedback.models import StepRating

pytestmark = pytest.mark.django_db

READING_TRACK = """---
name: Reading track
slug: reading
hours: 2
validity_months: 12
---
## Week 1: Foundations
- [ ] Read the runbook {{ref: failover}}
- [ ] Exercise: Practise the thing {{ref: {exercise}}}
- [ ] Confirm your pager works
"""


@pytest.fixture
def org():
    DocumentFactory(slug="failover", title="Failover runbook", owner=UserFactory(username="owner"))
    return Org(track=simple_track(ExerciseFactory(slug="practise"), text=READING_TRACK))


class TestRatingAStep:
    def test_the_engineer_rates_once_and_may_change_it(self, org):
        progress = org.progress("read")
        services.step_rate(progress=progress, user=org.engineer, score="3")
        services.step_rate(progress=progress, user=org.engineer, score="5")
        assert list(StepRating.objects.values_list("user", "step", "score")) == [
            (org.engineer.pk, progress.step_id, 5)]

    @pytest.mark.parametrize("who", ["mentor", "manager", "host"])
    def test_nobody_but_the_engineer_rates(self, org, who):
        with pytest.raises(TrainingError, match="Only the engineer of this training"):
            services.step_rate(progress=org.progress("read"), user=getattr(org, who), score=4)
        assert not StepRating.objects.exists()

    def test_the_page_flashes_the_rating_and_refuses_a_bad_score(self, client_for, org):
        progress = org.progress("exercise")
        client = client_for(org.engineer)
        url = reverse("training:step_rate", args=[progress.pk])
        html = client.post(url, {"score": "9"}, follow=True).content.decode()
        assert "Pick a usefulness from 1 (not useful) to 5 (very useful)." in html
        html = client.post(url, {"score": "4"}, follow=True).content.decode()
        assert "You rated “Exercise: Practise the thing” 4 out of 5." in html and "You rated this step 4 / 5." in html

    def test_the_step_page_links_the_engineer_to_the_feedback(self, client_for, org):
        progress = org.progress("read")
        html = client_for(org.engineer).get(reverse("training:step_detail", args=[progress.pk])).content.decode()
        assert reverse("training:step_feedback", args=[progress.pk]) in html
        html = client_for(org.mentor).get(reverse("training:step_detail", args=[progress.pk])).content.decode()
        assert reverse("training:step_feedback", args=[progress.pk]) not in html

    @pytest.mark.parametrize("who", ["mentor", "manager"])
    def test_another_persons_step_is_not_found(self, client_for, org, who):
        progress = org.progress("read")
        client = client_for(getattr(org, who))
        assert client.get(reverse("training:step_feedback", args=[progress.pk])).status_code == 404
        assert client.post(reverse("training:step_rate", args=[progress.pk]), {"score": "1"}).status_code == 404
        assert client.post(reverse("training:step_gap", args=[progress.pk]), {"text": "x"}).status_code == 404
        assert not StepRating.objects.exists() and not GapReport.objects.exists()


class TestGapFromAStep:
    def test_a_gap_from_a_reading_step_goes_to_its_document_naming_the_step(self, client_for, org):
        progress = org.progress("read")
        response = client_for(org.engineer).post(reverse("training:step_gap", args=[progress.pk]),
                                                 {"text": "It does not say how to fail back."}, follow=True)
        assert "Gap reported in “Failover runbook”" in response.content.decode()
        gap = GapReport.objects.get()
        assert gap.document.slug == "failover" and gap.reporter == org.engineer
        assert gap.context == "Reading track (v1) · Read the runbook"
        assert AuditEvent.objects.filter(kind=AuditKind.GAP_REPORT, actor=org.engineer).count() == 1

    def test_an_empty_gap_is_refused_and_the_page_shows_why(self, client_for, org):
        progress = org.progress("read")
        response = client_for(org.engineer).post(reverse("training:step_gap", args=[progress.pk]), {"text": " "})
        html = response.content.decode()
        assert response.status_code == 200 and "The gap was not reported: see below." in html
        assert "This field is required." in html and not GapReport.objects.exists()

    def test_a_step_without_a_document_takes_no_gap(self, client_for, org):
        progress = org.progress("exercise")
        with pytest.raises(TrainingError, match="no document"):
            services.step_gap_report(progress=progress, user=org.engineer, text="Missing")
        html = client_for(org.engineer).get(reverse("training:step_feedback", args=[progress.pk])).content.decode()
        assert "step-gap-form" not in html and "This step has no document" in html


class TestTrackPage:
    def test_training_admins_see_each_steps_rating_and_open_gaps(self, client_for, training_admin, org):
        read = org.progress("read")
        services.step_rate(progress=read, user=org.engineer, score=4)
        other = Org(track=org.track, prefix="b-")
        services.step_rate(progress=other.progress("read"), user=other.engineer, score=1)
        services.step_gap_report(progress=read, user=org.engineer, text="No fail back")
        html = client_for(training_admin).get(org.track.get_absolute_url()).content.decode()
        assert "Useful: 2.5 / 5 (2 ratings)" in html
        assert "1 open gap in its document" in html and "Not rated yet" in html

    def test_the_track_page_runs_the_same_queries_however_much_feedback(
            self, client_for, training_admin, org, django_assert_num_queries):
        client = client_for(training_admin)
        url = org.track.get_absolute_url()
        cache.clear()
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        for prefix in ("b-", "c-", "d-"):
            other = Org(track=org.track, prefix=prefix)
            for kind in ("read", "exercise"):
                services.step_rate(progress=other.progress(kind), user=other.engineer, score=3)
            services.step_gap_report(progress=other.progress("read"), user=other.engineer, text=f"Gap {prefix}")
        content_services.document_rate(user=org.engineer, document=GapReport.objects.first().document, score=2)
        cache.clear()
        with django_assert_num_queries(len(small.captured_queries)):
            html = client.get(url).content.decode()
        assert "3 open gaps in its document" in html and "Useful: 3.0 / 5 (3 ratings)" in html

    def test_the_track_page_is_not_for_engineers(self, client_for, org):
        assert client_for(org.engineer).get(org.track.get_absolute_url()).status_code == 403
