"""Certificates, shadowing logs, onboarding reports, bulk exports and the public verification
page. Thin: every read and write is in ``certificates`` and ``reports``; every URL naming an
object the user may not see answers 404."""

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, audit, certificates, reports
from .models import AuditKind, Certificate, Enrollment, ExportJob
from .services import TrainingError


def _enrollment_for(request, pk):
    return get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)


def _team_for(request, slug):
    return get_object_or_404(access.reportable_teams(request.user).select_related("manager"), slug=slug)


def _attachment(content, filename, content_type):
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)


def _pdf(content, filename):
    return _attachment(content, filename, "application/pdf")


def _csv(content, filename):
    return _attachment(content, filename, "text/csv; charset=utf-8")


# --- Certificates ------------------------------------------------------------------------------


@require_GET
def certificate_download(request, pk):
    """The stored PDF, as issued: never rendered again."""
    enrollment = _enrollment_for(request, pk)
    certificate = get_object_or_404(Certificate, enrollment=enrollment)
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=certificates.download_name(enrollment.engineer, "certificate", "pdf"))


class RevokeForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text="Shown on the public verification page.")


@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk):
    if not access.may_revoke_certificates(request.user):
        raise Http404
    certificate = get_object_or_404(Certificate.objects.with_people(), pk=pk)
    form = RevokeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and (refusal := access.reauth_refusal(request)):
        form.add_error(None, refusal)
        status = 403
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
    }, status=status)


# --- Shadowing log and onboarding reports --------------------------------------------------------


@require_GET
def shadowing_log_pdf(request, pk):
    enrollment = _enrollment_for(request, pk)
    return _pdf(reports.shadowing_log_pdf(enrollment),
                certificates.download_name(enrollment.engineer, "shadowing-log", "pdf"))


@require_GET
def engineer_report_pdf(request, pk):
    enrollment = _enrollment_for(request, pk)
    return _pdf(reports.engineer_report_pdf(reports.engineer_report(enrollment)),
                certificates.download_name(enrollment.engineer, "onboarding-report", "pdf"))


@require_GET
def engineer_report_csv(request, pk):
    enrollment = _enrollment_for(request, pk)
    return _csv(reports.engineer_report_csv(reports.engineer_report(enrollment)),
                certificates.download_name(enrollment.engineer, "onboarding-report", "csv"))


@require_GET
def team_report_pdf(request, slug):
    team = _team_for(request, slug)
    rows = reports.team_rows(reports.team_enrollments(team=team, user=request.user))
    return _pdf(reports.team_report_pdf(team=team, rows=rows), f"{team.slug}-team-report.pdf")


@require_GET
def team_report_csv(request, slug):
    team = _team_for(request, slug)
    rows = reports.team_rows(reports.team_enrollments(team=team, user=request.user))
    return _csv(reports.team_report_csv(rows=rows), f"{team.slug}-team-report.csv")


# --- Bulk export -------------------------------------------------------------------------------


@require_POST
def export_start(request, slug):
    team = _team_for(request, slug)
    try:
        job = certificates.export_job_start(team=team, by=request.user)
    except TrainingError as exc:
        messages.error(request, str(exc))
        return redirect("training:team")
    audit.record(kind=AuditKind.EXPORT, summary=f"bulk export of team {team.slug} started (job {job.pk})")
    return redirect("training:export_detail", pk=job.pk)


def _job_for(request, pk):
    """An export job is its requester's alone: anyone else gets 404."""
    return get_object_or_404(ExportJob.objects.select_related("team"), pk=pk, requester=request.user)


@require_GET
def export_list(request):
    jobs = ExportJob.objects.filter(requester=request.user).select_related("team")[:20]
    return render(request, "training/export_list.html",
                  {"jobs": jobs, "retention_days": settings.EXPORT_RETENTION_DAYS})


@require_GET
def export_detail(request, pk):
    return render(request, "training/export_detail.html", {"job": _job_for(request, pk)})


@never_cache
@require_GET
def export_status(request, pk):
    """The progress fragment htmx polls every second until the job is finished."""
    return render(request, "training/includes/export_progress.html", {"job": _job_for(request, pk)})


@require_GET
def export_download(request, pk):
    job = _job_for(request, pk)
    if not job.file:
        raise Http404("This export has no file yet.")
    return FileResponse(job.file.open("rb"), as_attachment=True, content_type="application/zip",
                        filename=certificates.export_filename(job))


# --- The public verification page ------------------------------------------------------------------


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label="Certificate PDF")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > certificates.MAX_UPLOAD_BYTES:
            raise forms.ValidationError("That file is larger than 5 MB: a certificate PDF is much smaller.")
        return upload


@login_not_required
@require_GET
def verify_lookup(request):
    """A form to type a code read from paper; sends to the code's own page."""
    typed = request.GET.get("code", "").strip()
    code = certificates.normalise_code(typed)
    if code:
        return redirect("public:verify", code=certificates.grouped(code))
    return render(request, "training/verify_lookup.html", {"typed": typed[:60]}, status=404 if typed else 200)


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request, code):
    certificate = certificates.certificate_by_code(code)
    if certificate is None:
        return render(request, "training/verify_unknown.html", {"code": code[:60]}, status=404)
    form = VerifyUploadForm()
    match = None
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            match = certificates.upload_matches(certificate, form.cleaned_data["file"])
    return render(request, "training/verify.html", {
        "certificate": certificate, "state": certificate.state_on(timezone.localdate()), "form": form,
        "match": match, "max_mb": certificates.MAX_UPLOAD_BYTES // (1024 * 1024),
        "lookup_url": reverse("public:verify_lookup"),
    })


# --- The audit log (training admins) ---------------------------------------------------------------


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Every kind"), *AuditKind.choices], required=False)
    person = forms.CharField(required=False, max_length=150, label="Person (username)")
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            small = "form-select form-select-sm" if name == "kind" else "form-control form-control-sm"
            field.widget.attrs["class"] = small

    def clean_person(self):
        username = self.cleaned_data["person"].strip()
        if not username:
            return None
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise forms.ValidationError("No user with that username.")
        return user


@require_GET
@access.training_admin_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit.events(**filters), 50).get_page(request.GET.get("page"))
    return render(request, "training/audit_log.html", {"form": form, "page": page})
