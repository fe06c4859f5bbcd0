"""Report PDFs made in the background and served from storage: a web request never renders one.

A shadowing log, an onboarding report or a team report is asked for by kind and subject (an
enrollment, or a team as a user sees it). ``report_request`` reads the data the PDF would show
(queries only) and hashes it: the stored rendering of that hash, when ready, is the download;
otherwise it records the rendering and queues it for the worker (``render_report``), once per
(kind, subject, hash) however often it is asked. A rendering replaces the older ones of its
subject once it is ready; its file goes with its row (``models``), and rows go with their
enrollment or team. Bulk exports, already in the background, use ``report_pdf``: the stored
rendering when it is current, else one made there and stored for the next download.

The hash covers the PDF's facts (``onboarding.*_facts``: every value it shows), the templates and
stylesheet it is made with, and the time zone its dates are shown in; never the moment it was
made, so unchanged data is never rendered again.
"""

import datetime
import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import get_template
from django.utils import timezone
from django_tasks import task

from training.teams.models import Team

from . import onboarding
from .models import ENROLLMENT_KINDS, RenderedReport, RenderStatus, ReportKind

logger = logging.getLogger(__name__)

# A render queued or started longer ago than this is taken for lost (its worker died) and queued
# again by the next request for it.
RENDER_TIMEOUT = datetime.timedelta(minutes=10)
# Bumped when what a PDF shows changes without its facts, templates or stylesheet changing.
RENDER_VERSION = 1

TEMPLATES = {
    ReportKind.SHADOWING_LOG: ["training/pdf/shadowing_log.html", "training/rota/pdf_first_shifts.html",
                               "training/pdf/base.html"],
    ReportKind.ENGINEER_REPORT: ["training/pdf/engineer_report.html", "training/pdf/base.html", "charts/chart.html"],
    ReportKind.TEAM_REPORT: ["training/pdf/team_report.html", "training/pdf/base.html", "charts/chart.html"],
}
STATIC_FILES = ["css/pdf.css", "img/favicon.svg"]


# --- The data a PDF is made from, and its hash ---------------------------------------------------


@dataclass
class Snapshot:
    """The data of one report PDF as read now, its hash, and how to render it."""

    kind: str
    enrollment: object = None
    team: object = None
    data: object = None  # ShadowingLog, EngineerReport or the team's rows
    data_hash: str = ""

    def render(self):
        if self.kind == ReportKind.SHADOWING_LOG:
            return onboarding.shadowing_log_pdf(self.enrollment, log=self.data)
        if self.kind == ReportKind.ENGINEER_REPORT:
            return onboarding.engineer_report_pdf(self.data)
        return onboarding.team_report_pdf(team=self.team, rows=self.data)

    def key(self):
        """The lookup of this subject's renderings."""
        if self.kind in ENROLLMENT_KINDS:
            return {"kind": self.kind, "enrollment": self.enrollment}
        return {"kind": self.kind, "team": self.team}


_file_digests = {}
_file_digests_lock = threading.Lock()


def _file_digest(path):
    """SHA-256 of a template or static file, read again only when it changes on disk (content,
    not mtime: every machine of a deployment agrees on it)."""
    stat = Path(path).stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _file_digests.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with _file_digests_lock:
        _file_digests[path] = (stamp, digest)
    return digest


def _design(kind):
    templates = [_file_digest(get_template(name).origin.name) for name in TEMPLATES[kind]]
    static = [_file_digest(finders.find(name)) for name in STATIC_FILES]
    return [RENDER_VERSION, settings.TIME_ZONE, templates, static]


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    raise TypeError(f"{type(value).__name__} is not a fact")


def facts_hash(kind, facts):
    """SHA-256 of a canonical serialisation of a PDF's facts and design."""
    payload = json.dumps([kind, _design(kind), facts], default=_plain, sort_keys=True, separators=(",", ":"),
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def shadowing_log_snapshot(enrollment, log=None):
    log = log or onboarding.shadowing_log(enrollment)
    return Snapshot(kind=ReportKind.SHADOWING_LOG, enrollment=enrollment, data=log,
                    data_hash=facts_hash(ReportKind.SHADOWING_LOG, onboarding.shadowing_log_facts(log)))


def engineer_report_snapshot(report):
    return Snapshot(kind=ReportKind.ENGINEER_REPORT, enrollment=report.enrollment, data=report,
                    data_hash=facts_hash(ReportKind.ENGINEER_REPORT, onboarding.engineer_report_facts(report)))


def team_report_snapshot(team, rows):
    """``rows`` are the enrollments the viewer may see (``onboarding.team_rows``): their ids are in
    the facts, so two viewers share a rendering only when they see the same report."""
    return Snapshot(kind=ReportKind.TEAM_REPORT, team=team, data=rows,
                    data_hash=facts_hash(ReportKind.TEAM_REPORT, onboarding.team_report_facts(team=team, rows=rows)))


def report_snapshot(*, kind, subject, user):
    """The data of ``kind`` for ``subject`` (an enrollment, or a team with its managers
    prefetched) as ``user`` sees it now. Queries only: nothing is rendered."""
    if kind == ReportKind.SHADOWING_LOG:
        return shadowing_log_snapshot(subject)
    if kind == ReportKind.ENGINEER_REPORT:
        return engineer_report_snapshot(onboarding.engineer_report(subject))
    if kind == ReportKind.TEAM_REPORT:
        rows = onboarding.team_rows(onboarding.team_enrollments(team=subject, user=user))
        return team_report_snapshot(subject, rows)
    raise ValueError(f"Unknown report kind {kind!r}")


# --- Asking for a PDF ------------------------------------------------------------------------------


def report_request(*, kind, subject, user):
    """The rendering of ``kind`` for ``subject`` as ``user`` sees it now. Ready: its file is the
    download. Missing: recorded and queued. Queued or being made: left alone, unless lost (older
    than ``RENDER_TIMEOUT``), then queued again. Failed: left failed until ``report_retry``.
    The caller has checked that ``user`` may see ``subject``."""
    snapshot = report_snapshot(kind=kind, subject=subject, user=user)
    now = timezone.now()
    report, created = RenderedReport.objects.get_or_create(
        **snapshot.key(), data_hash=snapshot.data_hash,
        defaults={"requested_by": user, "created_at": now, "changed_at": now},
    )
    if created:
        _enqueue(report)
    elif report.status in (RenderStatus.QUEUED, RenderStatus.RENDERING) and report.changed_at < now - RENDER_TIMEOUT:
        _requeue(report, from_status=report.status, by=user)
    return report


def report_retry(*, kind, subject, user):
    """Queue again a rendering that failed (the "Try again" button). Anything else is left as
    it is: a retry of one already queued or ready does nothing."""
    report = report_request(kind=kind, subject=subject, user=user)
    if report.status == RenderStatus.FAILED:
        _requeue(report, from_status=RenderStatus.FAILED, by=user)
    return report


def report_open(report):
    """The stored file of a ready rendering, open for reading; None when storage has lost it
    (then it is queued again)."""
    try:
        return report.file.open("rb")
    except FileNotFoundError:
        logger.warning("Rendered report %s lost its file %s: rendering it again", report.pk, report.file.name)
        _requeue(report, from_status=RenderStatus.READY, by=report.requested_by)
        return None


def _enqueue(report):
    # Enqueued at once, not on commit: requests run in autocommit, so the row is saved already,
    # and the tests' ImmediateBackend then renders it before the page answers.
    render_report.enqueue(report_id=report.pk)
    try:
        report.refresh_from_db()
    except RenderedReport.DoesNotExist:  # superseded by newer data: the next look queues that
        report.status = RenderStatus.QUEUED


def _requeue(report, *, from_status, by):
    now = timezone.now()
    fields = {"status": RenderStatus.QUEUED, "error": "", "changed_at": now}
    if by is not None:
        fields["requested_by"] = by
    if RenderedReport.objects.filter(pk=report.pk, status=from_status, changed_at=report.changed_at).update(**fields):
        _enqueue(report)
    else:
        report.refresh_from_db()


# --- Rendering (the background worker) ------------------------------------------------------------


def _file_name(report):
    subject = report.enrollment_id if report.kind in ENROLLMENT_KINDS else report.team_id
    return f"{report.kind.replace('_', '-')}-{subject}-{report.data_hash[:16]}.pdf"


def _store(report, content):
    """Save ``content`` as the file of ``report`` and mark it ready, unless another worker did
    first or the row is gone (then the file is deleted again); replace the subject's older
    renderings. Returns whether this one was stored."""
    name = default_storage.save(RenderedReport._meta.get_field("file").generate_filename(report, _file_name(report)),
                                ContentFile(content))
    now = timezone.now()
    stored = RenderedReport.objects.filter(pk=report.pk).exclude(status=RenderStatus.READY).update(
        status=RenderStatus.READY, file=name, error="", rendered_at=now, changed_at=now)
    if not stored:
        default_storage.delete(name)
        return False
    older = RenderedReport.objects.filter(pk__lt=report.pk, **_subject_of(report)).exclude(
        status=RenderStatus.RENDERING, changed_at__gte=now - RENDER_TIMEOUT)  # being made, not lost
    for old in older:
        old.delete()  # its file too (models)
    return True


def _subject_of(report):
    if report.kind in ENROLLMENT_KINDS:
        return {"kind": report.kind, "enrollment_id": report.enrollment_id}
    return {"kind": report.kind, "team_id": report.team_id}


def report_render(*, report_id):
    """Render a queued report (run by the background worker) from the data as it is now. When
    the data has changed since it was asked for, the rendering is no longer wanted: it is
    deleted, and the next request for the report queues the current data."""
    if not RenderedReport.objects.filter(pk=report_id, status=RenderStatus.QUEUED).update(
            status=RenderStatus.RENDERING, changed_at=timezone.now()):
        return "skipped"  # rendered, being rendered, failed or deleted meanwhile
    report = RenderedReport.objects.select_related("enrollment", "team", "requested_by").get(pk=report_id)
    try:
        snapshot = _current_snapshot(report)
        if snapshot is None or snapshot.data_hash != report.data_hash:
            report.delete()
            return "superseded"
        return RenderStatus.READY if _store(report, snapshot.render()) else "skipped"
    except Exception as exc:
        logger.exception("Rendering report %s failed", report_id)
        RenderedReport.objects.filter(pk=report_id, status=RenderStatus.RENDERING).update(
            status=RenderStatus.FAILED, changed_at=timezone.now(),
            error=f"The PDF could not be made ({type(exc).__name__}). Try again; if it fails again, tell your "
                  "training admin.")
        return RenderStatus.FAILED


def _current_snapshot(report):
    if report.kind in ENROLLMENT_KINDS:
        return report_snapshot(kind=report.kind, subject=report.enrollment, user=report.requested_by)
    if report.requested_by is None:  # whose view of the team it was is gone with them
        return None
    team = Team.objects.prefetch_related("managers").get(pk=report.team_id)
    return report_snapshot(kind=report.kind, subject=team, user=report.requested_by)


def report_pdf(snapshot, *, by):
    """The PDF of ``snapshot``, for work already in the background (bulk exports): the stored
    rendering of its data, else rendered here and stored, for the next download or export."""
    ready = RenderedReport.objects.filter(**snapshot.key(), data_hash=snapshot.data_hash,
                                          status=RenderStatus.READY).first()
    if ready is not None:
        try:
            with ready.file.open("rb") as stored:
                return stored.read()
        except FileNotFoundError:
            logger.warning("Rendered report %s lost its file %s", ready.pk, ready.file.name)
            ready.delete()
    content = snapshot.render()
    now = timezone.now()
    report, _ = RenderedReport.objects.get_or_create(
        **snapshot.key(), data_hash=snapshot.data_hash,
        defaults={"requested_by": by, "status": RenderStatus.RENDERING, "created_at": now, "changed_at": now})
    _store(report, content)
    return content


@task()
def render_report(report_id):
    """Render one queued report PDF into storage (``report_render``)."""
    return str(report_render(report_id=report_id))
