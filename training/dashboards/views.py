"""The start pages that show training and certification together: the engineer's "My training"
and the manager's team page."""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from training import access, pagecache
from training.assignments import selectors as assignments
from training.certification import rereads, states
from training.checkins.selectors import overdue_checkins
from training.levels import selectors as levels
from training.workflow import queue, selectors

from .selectors import my_enrollments, team_row_display


def my_training(request):
    def build():
        enrollments = my_enrollments(request.user)
        active = [e for e in enrollments if e.status == "active"]
        overview = selectors.enrollment_overview(active[0]) if active else None
        return render_to_string("training/includes/my_training_content.html", {
            "enrollments": enrollments, "overview": overview,
            "levels": levels.overview_states(active[0], overview) if active else [],
            "certifications": [c for c in states.certifications_of(request.user, enrollments=active)
                               if c.certificate is not None],
            "reread_items": rereads.open_reread_items(request.user),
            "assignments_due": assignments.open_for(request.user),
        }, request=request)

    return render(request, "training/my_training.html",
                  {"content": pagecache.for_user("my_training", request, build, own=True)})


@access.manager_required
def team(request):
    number = re.sub(r"[^0-9a-z]", "", request.GET.get("page", "").lower())[:12] or "1"

    def build():
        # The ids paged, then only the page's rows built (what each waits on, the certifications,
        # re-reads and overdue check-ins of its engineers), every string a row shows computed here.
        page = Paginator(selectors.team_enrollment_keys(manager=request.user), 25).get_page(number)
        rows = selectors.team_rows(page.object_list, extend=levels.with_granted_levels)
        certs = states.certifications({row.engineer for row in rows})
        reread_counts = rereads.open_reread_counts([row.engineer_id for row in rows])
        today, now = timezone.localdate(), timezone.now()
        overdue = overdue_checkins(rows, today=today)
        page.object_list = [
            team_row_display(row, certification=certs.get((row.engineer_id, row.certified_track_slug)),
                             rereads=reread_counts.get(row.engineer_id, 0), checkin_overdue=overdue.get(row.pk),
                             level_badge=levels.team_badge(row), today=today, now=now)
            for row in rows]
        return render_to_string("training/includes/team_table.html", {"page": page}, request=request)

    # Kept while the training of the manager's teams is unchanged: other teams' work leaves it.
    table = pagecache.for_user(f"team:{number}", request, build, stamp="team")
    # The navigation's Grading badge (a manager grades their engineers' answers), as the queue page
    # counts it too: the query compiled once per process, asked only when the badge shows.
    grading = SimpleLazyObject(lambda: queue.grading_count(request.user))
    return render(request, "training/team.html", {"table": table, "teams": selectors.teams_of(request.user),
                                                  "grading_count": grading})
