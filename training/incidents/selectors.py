"""What the incident pages show: the incidents of the teams a person leads, each with its
follow-ups ticked, and the re-reads an incident caused: a new major version of a document it
touched whose change note names it ("INC-7") asked the certified engineers to read it again
(``training.certification.rereads``); the page lists who has. Fixed numbers of queries."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from content.models import DocumentVersion
from training.assignments import selectors as assignment_selectors
from training.certification.models import ReReadItem
from training.teams.models import person_name

from .models import FollowUp, Incident, IncidentFollowUp


def _count(model, **filters):
    rows = model.objects.filter(**filters).order_by().values("incident_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows[:1]), 0)


def incidents_for(user, teams):
    """The incidents of ``teams`` with their counts of follow-ups ticked and documents touched, in
    one query (a page of them)."""
    return (Incident.objects.visible_to(user, teams).select_related("team")
            .annotate(follow_ups_done=_count(IncidentFollowUp, incident=OuterRef("pk")),
                      documents_touched=_count(Incident.documents.through, incident=OuterRef("pk"))))


@dataclass
class FollowUpRow:
    item: str
    label: str
    done: object = None  # the IncidentFollowUp when ticked


def follow_up_rows(incident):
    """Every follow-up of the checklist in its order, ticked or not: one query."""
    ticked = {f.item: f for f in incident.follow_ups.select_related("done_by")}
    return [FollowUpRow(item, label, ticked.get(item)) for item, label in FollowUp.choices]


@dataclass
class ReRead:
    """A version published because of the incident and the re-reads it asked for."""

    version: object
    readers: list = field(default_factory=list)  # (name, done_at or None)

    @property
    def done(self):
        return sum(1 for _name, done_at in self.readers if done_at)


def names(version, incident):
    return re.search(rf"(?<![\w-]){re.escape(incident.reference)}(?!\d)", version.change_note, re.IGNORECASE)


def rereads_caused(incident, documents):
    """The versions of the touched ``documents`` whose change note names the incident, newest
    first, each with the engineers asked to re-read it and when they did: two queries."""
    if not documents:
        return []
    versions = [v for v in DocumentVersion.objects.filter(
        document__in=documents, change_note__icontains=incident.reference).select_related("document")
        .order_by("-recorded_at") if names(v, incident)]
    if not versions:
        return []
    caused = {(v.document.slug, v.number): ReRead(v) for v in versions}
    query = Q()
    for slug, number in caused:
        query |= Q(document_slug=slug, version=number)
    for item in ReReadItem.objects.filter(query).select_related("engineer").order_by(
            "engineer__last_name", "engineer__first_name"):
        caused[(item.document_slug, item.version)].readers.append((person_name(item.engineer), item.done_at))
    return list(caused.values())


def incident_assignments(incident, *, today=None):
    """The quizzes and briefings assigned after the incident, with how many members did each."""
    assignments = list(assignment_selectors.with_related(incident.assignments.all()).order_by("due_on", "pk"))
    results = assignment_selectors.results(assignments, today=today)
    return [(a, assignment_selectors.summary(results.get(a.pk, []))) for a in assignments]
