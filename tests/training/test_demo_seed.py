"""The demo follows the seed (/work/shared/seeds/003): its library holds every decision tree,
incident scenario and section the seed's cross-references send a reader to, each symptom leads
to them, and its three tracks take the seed's time (Fast 4-5 h, Standard 6-8 h, Comprehensive
10+ h), step by step as its learning paths list them."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from content import demo as content_demo
from content.models import Scenario
from tests.factories import UserFactory
from training.tracks.estimates import track_estimate
from training.tracks.models import StepKind, Track
from training.workflow.models import Enrollment

pytestmark = pytest.mark.django_db

TREES = {
    1: "Application isn't responding", 2: "Tasks not being processed", 3: "Getting too many errors",
    4: "System is slow", 5: "Can't connect to database", 6: "RabbitMQ problems",
    7: "Running out of resources", 8: "Data is wrong/inconsistent", 9: "Agent not responding",
}
# The seed's cross-references: symptom -> (tree, incident scenarios, the other section it names).
CROSS_REFERENCES = {
    "Application isn't responding": (1, [1], "operational-runbooks", "morning-health-check"),
    "Tasks not being processed": (2, [7], "system-architecture-training", "data-flow"),
    "Getting too many errors": (3, [6], "operational-runbooks", "weekly-error-analysis"),
    "System is slow": (4, [], "operational-runbooks", "performance-optimization"),
    "Can't connect to database": (5, [2, 5], "operational-runbooks", "database-pool-exhaustion"),
    "RabbitMQ problems": (6, [3, 9], "system-architecture-training", "message-broker"),
    "Running out of resources": (7, [10], "operational-runbooks", "memory-leak"),
    "Data is wrong/inconsistent": (8, [8, 9], "system-architecture-training", "cache"),
    "Agent not responding": (9, [7], "operational-runbooks", "agent-verification"),
}
# Sections the seed's checklists and quick starts name besides the cross-references.
NAMED_SECTIONS = {
    "operational-runbooks": ["daily-operations", "weekly-maintenance", "monthly-operations", "emergency-procedures"],
    "system-architecture-training": ["monitoring", "hands-on-exercises"],
    "on-call-procedures": ["pre-shift-preparation", "incident-response-protocol", "escalation", "handoff"],
    "incident-response-guide": ["severity-levels", "after-the-incident", "root-cause-analysis"],
    "operations-training-checklist": ["fast-track", "standard-track", "comprehensive-track",
                                      "week-1-foundations", "week-2-incident-response", "hands-on-exercises"],
}


def anchors(client, slug):
    html = client.get(reverse("content:document_detail", args=[slug])).content.decode()
    return set(re.findall(r'<h[1-6][^>]* id="([^"]+)"', html)), html


def test_the_library_holds_every_tree_scenario_and_section_the_seed_cross_references(client_for):
    content_demo.load(owner=UserFactory(username="admin"))
    client = client_for(UserFactory())
    pages = {slug: anchors(client, slug) for slug in (
        "troubleshooting-decision-tree", "incident-response-guide", "operational-runbooks",
        "system-architecture-training", "on-call-procedures", "operations-training-checklist",
        "operations-documentation-index")}

    trees, tree_html = pages["troubleshooting-decision-tree"]
    for number, symptom in TREES.items():
        assert any(a.startswith(f"tree-{number}-") for a in trees), f"Tree {number}"
        assert symptom.replace("'", "&#x27;") in tree_html or symptom in tree_html, symptom
    scenarios, _html = pages["incident-response-guide"]
    numbered = {int(m.group(1)) for a in scenarios if (m := re.match(r"scenario-(\d+)-", a))}
    assert numbered == set(range(1, 21))  # 1-10 in full, 11-20 short: "20+ scenarios"
    for symptom, (tree, incident_scenarios, slug, section) in CROSS_REFERENCES.items():
        assert section in pages[slug][0], (symptom, slug, section)
        # The symptom leads to its tree, its scenarios and its section in the library.
        links = list(Scenario.objects.get(symptom=symptom).links.select_related("document"))
        sections = {(link.document.slug, link.section.split(":")[0]) for link in links}
        assert ("troubleshooting-decision-tree", f"Tree {tree}") in sections, symptom
        assert {("incident-response-guide", f"Scenario {n}") for n in incident_scenarios} <= sections, symptom
    for slug, sections in NAMED_SECTIONS.items():
        assert set(sections) <= pages[slug][0], slug

    # The index: where to start by role, and every cross-reference as a link to its section.
    _anchors, index = pages["operations-documentation-index"]
    for symptom, (_tree, _scenarios, slug, section) in CROSS_REFERENCES.items():
        assert f"/library/docs/{slug}/#{section}" in index, symptom


SEED_HOURS = {"fast": (4, 5), "standard": (6, 8), "comprehensive": (10, None)}


def test_each_track_takes_the_seeds_hours_step_by_step(client_for):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tracks = {slug: Track.objects.current().get(slug=slug) for slug in SEED_HOURS}
    for slug, (low, high) in SEED_HOURS.items():
        estimate = track_estimate(tracks[slug].steps.all())
        assert estimate.hours >= low and (high is None or estimate.hours <= high), (slug, estimate)
        assert estimate.unestimated <= 1, slug  # Fast's "confirm your paging accounts" has none

    # Path 1 as the seed lists it: architecture 1.5 h, decision tree 1 h, runbooks sections 1-4
    # 1.5 h, exercises 1-2 in 1 h, then 4 hours shadowing on-call.
    fast = [(s.ref or s.exercise.slug if s.kind != StepKind.SHADOW else "shadow", s.sections,
             s.estimate_minutes or s.hours) for s in tracks["fast"].steps.select_related("exercise")
            if s.kind in (StepKind.READ, StepKind.EXERCISE, StepKind.SHADOW)]
    assert fast == [
        ("system-architecture-training", "", 90), ("troubleshooting-decision-tree", "", 60),
        ("operational-runbooks", "sections 1-4", 90), ("submit-and-track", "", 30), ("monitor-agents", "", 30),
        ("shadow", "", Decimal("4.0")),
    ]
    # Path 2: the standard track, all five exercises, scenarios 1-10, shadowing, practising scenarios.
    standard = tracks["standard"].steps.all()
    assert standard.filter(kind=StepKind.EXERCISE).count() == 5
    assert standard.get(ref="incident-response-guide").sections == "scenarios 1-10"
    assert standard.filter(kind=StepKind.SHADOW).exists() and standard.filter(title__startswith="Practise").exists()
    # Path 3: every document complete, an incident simulation, past incidents and their RCAs.
    comprehensive = tracks["comprehensive"].steps.all()
    assert {s.ref for s in comprehensive.filter(kind=StepKind.READ)} >= {
        "system-architecture-training", "operational-runbooks", "incident-response-guide", "on-call-procedures",
        "troubleshooting-decision-tree"}
    assert comprehensive.filter(title__icontains="incident simulation").exists()
    assert comprehensive.filter(title__icontains="RCAs").exists()

    # What people see: the track's estimate on its page, a step's on its page and in "what next".
    people = {user.username: user for user in get_user_model().objects.filter(username__in=("admin", "alice"))}
    html = client_for(people["admin"]).get(tracks["fast"].get_absolute_url()).content.decode()
    assert "About <strong>5 h</strong> of reading, exercises and practice, plus 4 h of shadow shifts" in html
    assert html.count('data-testid="step-estimate"') == 5 and "about 1 h 30 min" in html
    client = client_for(people["alice"])
    home = client.get(reverse("training:my_training")).content.decode()
    assert re.search(r'data-testid="next-step-estimate">about 15 min<', home)  # the training checklist, 15 min
    progress = Enrollment.objects.get(engineer=people["alice"]).progress.get(step__ref="incident-response-guide")
    page = client.get(reverse("training:step_detail", args=[progress.pk])).content.decode()
    assert re.search(r'data-testid="step-estimate">about 1 h<', page)
