"""Recertification pages: reviews, expiring soon, the calendar feed."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from . import access, recertification
from .forms import ReviewForm
from .models import CalendarFeed, Certificate, ReviewOutcome
from .reports import safe_cell
from .services import TrainingError

EXPIRY_WINDOWS = (30, 60, 90)


def certificate_review(request, pk):
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user).with_people(), pk=pk)
    if not access.may_manage(request.user, certificate.enrollment):
        raise Http404
    form = ReviewForm(request.POST or None)
    status = 200
    if (request.method == "POST" and form.is_valid() and form.cleaned_data["outcome"] == ReviewOutcome.REVOKE
            and (refusal := access.reauth_refusal(request))):
        form.add_error(None, refusal)
        status = 403
    elif request.method == "POST" and form.is_valid():
        try:
            review = recertification.review_record(
                certificate=certificate, by=request.user, outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"])
        except TrainingError as exc:
            messages.error(request, str(exc))
        else:
            if review.outcome == ReviewOutcome.REFRESH:
                messages.success(request, "Review recorded; the engineer is enrolled in the refresh track.")
            elif review.outcome == ReviewOutcome.REVOKE:
                messages.success(request, "Review recorded; the certificate is revoked.")
            else:
                messages.success(request, "Review recorded.")
            return redirect("training:team")
    return render(request, "training/certificationreview_form.html", {
        "certificate": certificate, "form": form,
        "reviews": certificate.reviews.select_related("reviewer"), "needs_reauth": access.needs_reauth(request),
    }, status=status)


def _window(request):
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    return days if days in EXPIRY_WINDOWS else 30


@access.manager_required
def expiring(request):
    days = _window(request)
    certificates = recertification.expiring_soon(manager=request.user, days=days)
    return render(request, "training/certificate_expiring.html", {
        "certificates": certificates, "days": days, "windows": EXPIRY_WINDOWS,
    })


@access.manager_required
def expiring_csv(request):
    days = _window(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"expiring-{days}-days.csv")
    writer = csv.writer(response)
    writer.writerow(["Engineer", "Track", "Version", "Issued", "Expires", "Code"])
    for c in recertification.expiring_soon(manager=request.user, days=days):
        writer.writerow([safe_cell(v) for v in (c.engineer_name, c.track.name, c.track_version,
                                               c.issued_on.isoformat(), c.expires_on.isoformat(), c.display_code)])
    return response


def calendar(request):
    feed = recertification.calendar_feed_for(request.user)
    return render(request, "training/calendarfeed_detail.html", {"feed": feed})


@require_POST
def calendar_renew(request):
    recertification.calendar_feed_for(request.user, renew=True)
    messages.success(request, "A new calendar address was made; the old one no longer works.")
    return redirect("training:calendar")


@login_not_required
def calendar_ics(request, token):
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(recertification.calendar_ics(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, "shiftready.ics")
    return response
