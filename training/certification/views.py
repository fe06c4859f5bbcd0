"""Certification pages: the stored certificate, revocation, periodic reviews, expiring soon, the
calendar feed, and the public verification page. Thin: reads and writes are in the modules of
this package; a URL naming an object the user may not see answers 404."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from training import access
from training.downloads import download_name, safe_cell
from training.errors import TrainingError
from training.workflow.models import Enrollment

from . import calendar_feed, certificates, codes, credential, reviews, states
from .forms import ReviewForm, RevokeForm, VerifyUploadForm
from .models import CalendarFeed, Certificate, ReviewOutcome

EXPIRY_WINDOWS = (30, 60, 90)


def certificate_review(request, pk):
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user).with_people(), pk=pk)
    if not access.may_manage(request.user, certificate.enrollment):
        raise Http404
    form = ReviewForm(request.POST or None)
    if (request.method == "POST" and form.is_valid() and form.cleaned_data["outcome"] == ReviewOutcome.REVOKE
            and (refusal := access.reauth_refusal(request))):
        form.add_error(None, refusal)  # the form again, asking for the password: a page, not a 403
    elif request.method == "POST" and form.is_valid():
        try:
            review = reviews.review_record(
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
        "second_factor": access.has_second_factor(request.user),
        "site_url_warning": certificates.site_url_warning(request, request.user),
    })


def _window(request):
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    return days if days in EXPIRY_WINDOWS else 30


@access.manager_required
def expiring(request):
    days = _window(request)
    certificates = states.expiring_soon(manager=request.user, days=days)
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
    for c in states.expiring_soon(manager=request.user, days=days):
        writer.writerow([safe_cell(v) for v in (c.engineer_name, c.track.name, c.track_version,
                                               c.issued_on.isoformat(), c.expires_on.isoformat(), c.display_code)])
    return response


def calendar(request):
    feed = calendar_feed.calendar_feed_for(request.user)
    return render(request, "training/calendarfeed_detail.html", {"feed": feed})


@require_POST
def calendar_renew(request):
    calendar_feed.calendar_feed_for(request.user, renew=True)
    messages.success(request, "A new calendar address was made; the old one no longer works.")
    return redirect("training:calendar")


@login_not_required
def calendar_ics(request, token):
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(calendar_feed.calendar_ics(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, "shiftready.ics")
    return response


# --- Certificates ------------------------------------------------------------------------------


@require_GET
def certificate_download(request, pk):
    """The stored PDF, as issued: never rendered again."""
    enrollment = get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)
    certificate = get_object_or_404(Certificate, enrollment=enrollment)
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=download_name(enrollment.engineer, "certificate", "pdf"))


@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk):
    if not access.may_revoke_certificates(request.user):
        raise Http404
    certificate = get_object_or_404(Certificate.objects.with_people(), pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (refusal := access.reauth_refusal(request)):
        form.add_error(None, refusal)  # the form again, asking for the password: a page, not a 403
    elif request.method == "POST" and form.is_valid():
        try:
            certificates.certificate_revoke(certificate=certificate, by=request.user,
                                            reason=form.cleaned_data["reason"])
        except TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Certificate {certificate.display_code} is revoked.")
            return redirect("training:enrollment_detail", pk=certificate.enrollment_id)
    return render(request, "training/certificate_revoke.html", {
        "certificate": certificate, "form": form, "needs_reauth": access.needs_reauth(request),
        "second_factor": access.has_second_factor(request.user),
        "site_url_warning": certificates.site_url_warning(request, request.user),
    })


# --- The public verification page ------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_lookup(request):
    """A form to type a code read from paper (sends to the code's own page), or to upload a
    certificate PDF or a credential file and see every check made of it."""
    typed = request.GET.get("code", "").strip()
    code = certificates.normalise_code(typed)
    if code:
        return redirect("public:verify", code=codes.grouped(code))
    form, report, found = VerifyUploadForm(), None, None
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            report, found = credential.upload_check(form.cleaned_data["file"])
    status = 404 if typed else 200
    return render(request, "training/verify_lookup.html", {
        "typed": typed[:60], "form": form, "report": report, "found": found,
        "max_mb": certificates.MAX_UPLOAD_BYTES // (1024 * 1024)}, status=status)


def _certificate_or_unknown(request, code):
    certificate = certificates.certificate_by_code(code)
    if certificate is None:
        return None, render(request, "training/verify_unknown.html", {"code": code[:60]}, status=404)
    return certificate, None


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request, code):
    certificate, unknown = _certificate_or_unknown(request, code)
    if unknown:
        return unknown
    form, report = VerifyUploadForm(), None
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            report, _found = credential.upload_check(form.cleaned_data["file"], expected=certificate)
    return render(request, "training/verify.html", {
        "certificate": certificate, "state": certificate.state_on(timezone.localdate()), "form": form,
        "report": report, "max_mb": certificates.MAX_UPLOAD_BYTES // (1024 * 1024),
        "lookup_url": reverse("public:verify_lookup"), "issuer_name": settings.CREDENTIAL_ISSUER_NAME,
        "site_url_warning": certificates.site_url_warning(request, request.user),
    })


@login_not_required
@require_GET
def credential_download(request, code, kind):
    """The certificate's Open Badges credential: the signed ``.jwt``, or its decoded ``.json``."""
    certificate, unknown = _certificate_or_unknown(request, code)
    if unknown:
        return unknown
    if not certificate.credential:
        raise Http404
    name = f"credential-{certificate.code}.{kind}"
    if kind == "jwt":
        response = HttpResponse(certificate.credential, content_type="application/vc+jwt")
    else:
        response = HttpResponse(credential.credential_json(certificate), content_type="application/json")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_POST
def certificate_reissue(request, pk):
    if not access.may_revoke_certificates(request.user):
        raise Http404
    certificate = get_object_or_404(Certificate, pk=pk)
    try:
        certificates.certificate_reissue(certificate=certificate, by=request.user)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Certificate {certificate.display_code} re-issued with a signed credential; "
                                  "the earlier PDF still verifies.")
    return redirect("training:enrollment_detail", pk=certificate.enrollment_id)
