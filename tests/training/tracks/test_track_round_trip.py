"""Round trip as a property (Hypothesis): any track the exporter writes, with the words teams use
(file names, Markdown links, sections, hours in words, braces, quotes, a version of its own),
reads back as the same track; and a stored track, linked or not, imports again unchanged."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.tracks.trackfile import StageSpec, StepSpec, TrackSpec, parse_track, render_track, spec_from_track

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
WORDS = st.sampled_from([
    "Read", "read", "the", "failover", "runbook", "ARCHITECTURE.md", "[handbook](docs/ON_CALL.md#first)",
    "sections 1-4", "Exercise:", "Quiz:", "Shadow", "three 2-hour shifts", "6h", "(4+ hours)", "{", "}", "{ref: x}",
    "\"quoted\"", "'single'", "#", "-", "–", ":", "Scenario validation", "Manager sign-off", "✅", "☐", "é", "100%",
    "* star", "`code`", "a,b", "x|y",
])
TITLE = st.lists(WORDS, min_size=1, max_size=6).map(" ".join).map(str.strip).filter(bool)
SLUG = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}\Z") | st.sampled_from(["0", "0x1f", "017", "1e3", "yes"])


@st.composite
def steps(draw):
    kind = draw(st.sampled_from(StepKind.values))
    title = draw(TITLE)
    hours = draw(st.decimals(min_value=Decimal("0.5"), max_value=Decimal("99"), places=1)) \
        if kind == StepKind.SHADOW else draw(st.none() | st.decimals(min_value=Decimal("0.5"), max_value=Decimal("99"),
                                                                     places=1))
    ref = draw(st.just("") | SLUG) if kind in (StepKind.READ, StepKind.EXERCISE, StepKind.QUIZ,
                                               StepKind.VALIDATION) else draw(st.just("") | SLUG)
    return StepSpec(title=title, kind=kind, ref=ref, hours=hours, lead=draw(st.integers(0, 3)),
                    required=draw(st.booleans()))


@st.composite
def tracks(draw):
    stages = [StageSpec(title=draw(TITLE).lstrip("#").strip() or "Week", steps=draw(st.lists(steps(), min_size=1,
                                                                                              max_size=4)))
              for _ in range(draw(st.integers(1, 3)))]
    return TrackSpec(
        name=draw(TITLE), slug=draw(SLUG), audience=draw(st.just("") | TITLE), hours=draw(st.just("") | st.just("6-8")),
        validity_months=draw(st.none() | st.integers(1, 60)),
        version=draw(st.just("") | st.sampled_from(["2.1", "2.10", "1", "v3 beta", "2024-06"])),
        separation_of_duties=draw(st.booleans()), stages=stages,
    )


@SETTINGS
@given(tracks())
def test_any_track_the_exporter_writes_reads_back_the_same(spec):
    assert parse_track(render_track(spec)) == spec


@pytest.mark.django_db
def test_a_stored_track_with_linked_and_unlinked_steps_exports_and_imports_again_unchanged():
    from tests.content.factories import DocumentFactory

    DocumentFactory(slug="failover", title="Failover Runbook")
    text = ("---\nname: T\nslug: t\nversion: \"2.10\"\nvalidity: 18 months\n---\n## Week 1\n"
            "- [ ] Read the failover runbook\n- [ ] Read NOT_YET.md sections 2-3\n"
            "- [ ] Read the old guide {ref: old-guide}\n- [ ] Shadow three 2-hour shifts\n")
    track = track_services.track_file_import(text=text).track
    exported = render_track(spec_from_track(track))
    again = track_services.track_file_import(text=exported)
    assert again.outcome == "unchanged" and again.track.pk == track.pk
    assert [message.split("”", 1)[0] for _line, message in again.warnings] == [
        "“Read NOT_YET.md sections 2-3", "“Read the old guide"]
