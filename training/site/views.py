"""The site's own pages: the start page that sends each person to theirs, and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from training import access, pagecache
from training.workflow import queue, selectors


def home(request):
    """Send each person to where their work is: a manager to the team, a training admin to the
    training's admin page; a mentor or host to the sign-off queue while it holds something for
    them, or when they have no training of their own; everyone else to their training."""
    user = request.user
    if access.is_manager(user):
        return redirect("training:team")
    if access.is_training_admin(user):
        return redirect("training:admin_home")
    roles = pagecache.for_user("navigation", request, lambda: queue.navigation_flags(user))
    if roles["signs"] and (roles["queue_count"] or not selectors.enrollments_of(user).exists()):
        return redirect("training:queue")
    return redirect("training:my_training")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
