import copy

import pytest

from tests.factories import TeamFactory, UserFactory

GRADING_PROCESSOR = "assessments.context_processors.grading"


@pytest.fixture(autouse=True)
def grading_in_navigation(settings):
    """Render pages as they will be once the grading context processor is installed, so the query
    counts pinned here hold before and after the lead adds it to settings."""
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if GRADING_PROCESSOR not in processors:
        processors.append(GRADING_PROCESSOR)
        settings.TEMPLATES = templates


@pytest.fixture
def outsider(db):
    """An engineer on another team: may see neither the engineer's attempts nor grade them."""
    user = UserFactory(username="outsider", first_name="Otto", last_name="Outsider")
    TeamFactory(name="Other team", slug="other-team", members=[user])
    return user
