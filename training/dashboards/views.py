"""The start pages that show training and certification together: the engineer's "My training"
and the manager's team page."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from training import access, pagecache
from training.certification import rereads, states
from training.workflow import selectors

from .selectors import team_row_display


def my_training(request):
    def build():
        # renews__track: the certifications below reuse these enrollments instead of loading them again.
        enrollments = list(selectors.enrollments_of(request.user).select_related("renews__track"))
        active = [e for e in enrollments if e.status == "active"]
        overview = selectors.enrollment_overview(active[0]) if active else None
        return render_to_string("training/includes/my_training_content.html", {
            "enrollments": enrollments, "overview": overview,
            "certifications": [c for c in states.certifications_of(request.user, enrollments=active)
                               if c.certificate is not None],
            "reread_items": rereads.open_reread_items(request.user),
        }, request=request)

    return render(request, "training/my_training.html",
                  {"content": pagecache.for_user("my_training", request, build, own=True)})


@access.manager_required
def team(request):
    # The ids paged, then only the page's rows built (what each waits on, the certifications and
    # re-reads of its engineers), every string a row shows computed here rather than in the template.
    page = Paginator(selectors.team_enrollment_keys(manager=request.user), 25).get_page(request.GET.get("page"))
    rows = selectors.team_rows(page.object_list)
    certs = states.certifications({row.engineer for row in rows})
    reread_counts = rereads.open_reread_counts([row.engineer_id for row in rows])
    today, now = timezone.localdate(), timezone.now()
    for row in rows:
        team_row_display(row, certification=certs.get((row.engineer_id, row.certified_track_slug)),
                         rereads=reread_counts.get(row.engineer_id, 0), today=today, now=now)
    page.object_list = rows
    return render(request, "training/team.html", {"page": page, "teams": selectors.teams_of(request.user),
                                                  "today": today})
