from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import access
from .models import Team


def home(request):
    """Send each person to their own start page."""
    user = request.user
    if access.is_manager(user):
        return redirect("training:team")
    if access.is_training_admin(user):
        return redirect("training:admin_home")
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


def my_training(request):
    return render(request, "training/my_training.html", {})


@access.manager_required
def team(request):
    teams = Team.objects.managed_by(request.user).prefetch_related("members")
    return render(request, "training/team.html", {"teams": teams})


@access.training_admin_required
def admin_home(request):
    return render(request, "training/admin_home.html", {})
