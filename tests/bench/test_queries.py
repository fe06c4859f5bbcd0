"""Each main page runs a fixed number of queries, whatever the size of the data: the number pinned
in ``training.bench.PINNED_QUERIES`` (which ``make bench`` also checks at small and large size),
on the benchmark's tiny organisation and on one about twice as large, where the engineer has two
certificates instead of one, the manager's team page more rows, the mentor's queue more logs and
the library more documents.

The same pages are pinned against their own growth elsewhere too: the team page and the queue in
tests/training/test_pages.py (3 and 100 enrollments), the library in tests/content/test_pages.py
(5 and 200 documents), the attempt page in tests/assessments/test_queries.py (3 and 30
questions). The engineer home (``training:my_training``) is pinned here only.
"""

from dataclasses import replace

import pytest
from django.urls import reverse

from training.bench import PINNED_QUERIES
from training.bench.measure import PAGES, page
from training.bench.org import SIZES, build_org

TINY = SIZES["tiny"]
GROWN = replace(TINY, name="tiny-grown", engineers=60, enrollments=170, documents=50, team_page=24,
                engineer_certificates=2, queue=45)


def sizes_seen_by_the_pages(org):
    from django.contrib.auth import get_user_model

    from content.models import Document
    from training.certification.models import Certificate
    from training.workflow.models import Enrollment, ExerciseLog

    manager = get_user_model().objects.get(pk=org.manager)
    return {
        "team_page": Enrollment.objects.managed_by(manager).exclude(status="withdrawn").count(),
        "engineer_certificates": Certificate.objects.filter(engineer_id=org.engineer).count(),
        "queue": ExerciseLog.objects.filter(state="submitted", progress__enrollment__mentor_id=org.mentor).count(),
        "documents": Document.objects.count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("size", [TINY, GROWN], ids=["tiny", "twice-as-large"])
def test_every_main_page_runs_its_pinned_number_of_queries(size):
    org = build_org(size)
    assert sizes_seen_by_the_pages(org) == {
        "team_page": size.team_page, "engineer_certificates": size.engineer_certificates, "queue": size.queue,
        "documents": size.documents,
    }
    counts = {}
    for name, url_name, who, kwarg in PAGES:
        url = reverse(url_name, kwargs={"pk": getattr(org, kwarg)} if kwarg else None)
        counts[name] = page(org, url, getattr(org, who), requests=1)["queries"]
    counts["engineer_home_cached"] = page(org, reverse("training:my_training"), org.engineer, requests=1,
                                          cold=False)["queries"]
    assert counts == PINNED_QUERIES
