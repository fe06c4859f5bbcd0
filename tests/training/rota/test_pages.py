"""The first on-call shifts page: who sees it, the manager's form (kept when refused), the
engineer's dated checklist and ticks, "on the rota" refused early with its reason, the panel on
the enrollment's page, and the section of the shadowing log PDF (re-rendered when it changes)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import TrainingAdminFactory, UserFactory
from tests.training.certification.test_certificates import pdf_text
from tests.training.rota.world import TODAY, Rota
from training.reports import rendered
from training.rota import services
from training.rota.models import CountdownTick, FirstShifts

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def page_url(rota, name="first_shifts", **kwargs):
    return reverse(f"training:{name}", kwargs={"pk": rota.enrollment.pk, **kwargs})


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def flat(text):
    """The text with its markup left out and its spaces made single."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_the_manager_schedules_on_the_page_and_a_refusal_keeps_what_was_typed(client):
    rota = Rota()
    client.force_login(rota.manager)
    page = html(client, page_url(rota))
    assert "Not scheduled" in page and 'data-testid="schedule-form"' in page
    assert "Hugo Lindqvist" in page and rota.mentor.get_full_name() not in page  # only the eligible are offered
    day = (TODAY + 10 * DAY).isoformat()
    # A first shift in the past: refused on the form, what was typed stays.
    past = (TODAY - DAY).isoformat()
    response = client.post(page_url(rota, "first_shifts_schedule"),
                           {"date": past, "time": "07:30", "backup": rota.backup.pk, "backed_weeks": "3"})
    refused = response.content.decode()
    assert response.status_code == 200 and "The first shift must start in the future." in refused
    assert f'value="{past}"' in refused and 'value="07:30"' in refused and 'value="3"' in refused
    # Someone not offered (the mentor, not eligible) is refused by the form itself.
    response = client.post(page_url(rota, "first_shifts_schedule"),
                           {"date": day, "time": "09:00", "backup": rota.mentor.pk, "backed_weeks": "2"})
    assert "Backup: choose someone eligible for on-call on the engineer&#x27;s team." in response.content.decode()
    assert not FirstShifts.objects.exists()
    response = client.post(page_url(rota, "first_shifts_schedule"),
                           {"date": day, "time": "09:00", "backup": rota.backup.pk, "backed_weeks": "2"})
    assert response.status_code == 302
    page = flat(html(client, page_url(rota)))
    assert "First on-call shifts of" in page and "saved" in page
    assert f"Hugo Lindqvist · 2 weeks, until {TODAY + 24 * DAY:%a %-d %b %Y}" in page
    assert f"{TODAY + 3 * DAY:%a %-d %b} · Work through the on-call procedures" in page
    assert "Change the first shifts" in page and "Confirm on the rota without backup" in page
    # Its history: who scheduled it, then who moved it.
    moved = {"date": (TODAY + 11 * DAY).isoformat(), "time": "09:00", "backup": rota.backup.pk, "backed_weeks": "2"}
    client.post(page_url(rota, "first_shifts_schedule"), moved)
    history = flat(html(client, page_url(rota)).split('data-testid="first-shifts-history"')[1])
    assert "with Hugo Lindqvist as backup for 2 week(s)" in history and "rescheduled from" in history


def test_the_engineer_ticks_the_dated_checklist_and_the_backup_sees_it(client):
    rota = Rota()
    rota.schedule(days=10)
    step = rota.steps()[0]
    client.force_login(rota.engineer)
    page = html(client, page_url(rota))
    assert page.count('data-testid="tick"') == 4 and 'data-testid="schedule-form"' not in page
    assert client.post(page_url(rota, "countdown_tick", step=step.pk)).status_code == 302
    assert CountdownTick.objects.get().step == step
    page = flat(html(client, page_url(rota)))
    assert "1 of 4 done." in page and "“Work through the on-call procedures” ticked." in page
    assert html(client, page_url(rota)).count('data-testid="tick"') == 3

    client.force_login(rota.backup)  # sees the engineer's first shifts, not their training
    page = html(client, page_url(rota))
    assert "Hugo Lindqvist" in page and 'data-testid="tick"' not in page and 'data-testid="on-rota"' not in page
    assert client.get(reverse("training:enrollment_detail", args=[rota.enrollment.pk])).status_code == 404
    assert client.post(page_url(rota, "countdown_tick", step=rota.steps()[1].pk)).status_code == 302
    assert CountdownTick.objects.count() == 1  # refused: only the engineer ticks

    # The backup leaves the team: the page says so, to everyone who sees it.
    rota.team.members.remove(rota.backup)
    client.force_login(rota.manager)
    assert "is not on the engineer&#x27;s team: the backup must be. Choose another backup below." in html(
        client, page_url(rota))

    client.force_login(UserFactory(username="stranger"))
    assert client.get(page_url(rota)).status_code == 404
    assert client.post(page_url(rota, "first_shifts_on_rota")).status_code == 404


def test_on_the_rota_early_is_refused_with_the_day_it_may_be(client):
    rota = Rota()
    rota.schedule(days=2)
    client.force_login(rota.manager)
    response = client.post(page_url(rota, "first_shifts_on_rota"), follow=True)
    assert f"until {TODAY + 16 * DAY:%a %-d %b %Y}" in flat(response.content.decode())
    assert FirstShifts.objects.get().on_rota_at is None


def test_before_the_sign_off_the_page_says_so_and_offers_no_form(client):
    rota = Rota(signed_off=False)
    client.force_login(rota.manager)
    page = flat(html(client, page_url(rota)))
    assert "is not signed off as ready for on-call yet" in page and 'data-testid="schedule-form"' not in page
    assert "Dated once the first shift is scheduled" in page  # the countdown the track has, undated


def test_the_enrollment_page_shows_the_first_shifts(client):
    rota = Rota()
    client.force_login(rota.manager)
    detail = reverse("training:enrollment_detail", args=[rota.enrollment.pk])
    assert "First on-call shifts" in html(client, detail) and "Not scheduled yet." in html(client, detail)
    rota.schedule(days=10)
    assert "with Hugo Lindqvist as backup for 2 weeks · 0 of 4 done before it." in flat(html(client, detail))


def test_the_shadowing_log_has_the_first_shifts_and_renders_again_when_they_change(client):
    rota = Rota()
    before = rendered.shadowing_log_snapshot(rota.enrollment).data_hash
    first = rota.schedule(days=10)
    scheduled = rendered.shadowing_log_snapshot(rota.enrollment).data_hash
    services.countdown_tick(first_shifts=first, step=rota.steps()[0], by=rota.engineer)
    ticked = rendered.shadowing_log_snapshot(rota.enrollment).data_hash
    assert len({before, scheduled, ticked}) == 3

    client.force_login(rota.manager)
    response = client.get(reverse("training:shadowing_log_pdf", args=[rota.enrollment.pk]))
    text = flat(pdf_text(b"".join(response.streaming_content)))
    shift_day = TODAY + 10 * DAY
    assert "First on-call shifts" in text and f"{shift_day:%-d %b %Y}, 09:00" in text
    assert "Hugo Lindqvist" in text and f"2, until {shift_day + 14 * DAY:%-d %b %Y}" in text
    assert f"{shift_day - 7 * DAY:%-d %b %Y} Work through the on-call procedures · 1 week before {TODAY:%-d %b %Y}" \
        in text
    assert f"{shift_day:%-d %b %Y} Read the emergency section of the runbooks · Morning of the shift Not ticked" in text
    assert "On the rota Not yet" in text
    assert "“Work through the on-call procedures” ticked by" in text  # the history, at the end


def test_the_list_holds_the_first_shifts_the_user_takes_backs_up_or_schedules(client):
    rota = Rota()
    rota.schedule(days=10)
    other = Rota(prefix="o-")  # another team: its manager's, not ours
    other.schedule(days=5)
    url = reverse("training:my_first_shifts")
    for who, engineers in ((rota.manager, [rota.engineer]), (rota.backup, [rota.engineer]),
                           (rota.engineer, [rota.engineer]), (other.manager, [other.engineer]),
                           (UserFactory(username="stranger"), [])):
        client.force_login(who)
        page = html(client, url)
        rows = page.count('data-testid="first-shifts-row"')
        assert rows == len(engineers) and all(e.get_full_name() in page for e in engineers), who
    client.force_login(rota.backup)
    assert "backup you for 2 weeks" in flat(html(client, url))
    FirstShifts.objects.filter(enrollment=rota.enrollment).update(first_shift_at=timezone.now() - 15 * DAY)
    client.force_login(rota.manager)
    assert "Ready for the rota alone" in html(client, url)
    # A fixed number of queries, whatever the number of rows: a training admin sees both, then one.
    client.force_login(TrainingAdminFactory())
    client.get(url)  # the first page of a session does its once-only work
    with CaptureQueriesContext(connection) as two:
        assert html(client, url).count('data-testid="first-shifts-row"') == 2
    FirstShifts.objects.filter(enrollment=other.enrollment).update(on_rota_at=timezone.now(), on_rota_by=other.manager)
    with CaptureQueriesContext(connection) as one:
        assert html(client, url).count('data-testid="first-shifts-row"') == 1
    assert len(two.captured_queries) == len(one.captured_queries)
