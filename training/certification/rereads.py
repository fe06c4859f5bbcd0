"""Re-reading documents that changed: a new major version of a document a track reads asks every
engineer holding a valid certificate of that track to read it again."""

from django.db.models import Count, Q
from django.utils import timezone

from training.tracks.models import StepKind, Track

from .models import Certificate, ReReadItem


def reread_items_create(*, document, version):
    """A required document got a new major version: every engineer holding a valid certificate
    of a track that reads it gets a re-read item."""
    track_slugs = set(
        Track.objects.current().filter(steps__kind=StepKind.READ, steps__ref=document.slug)
        .values_list("slug", flat=True)
    )
    if not track_slugs:
        return 0
    today = timezone.localdate()
    valid = Certificate.objects.filter(track__slug__in=track_slugs, revoked_at__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)).order_by("engineer_id", "-issued_on")
    seen, items = set(), []
    for certificate in valid:
        if certificate.engineer_id in seen:
            continue
        seen.add(certificate.engineer_id)
        items.append(ReReadItem(engineer_id=certificate.engineer_id, certificate=certificate,
                                document_slug=document.slug, document_title=document.title,
                                version=version.number))
    ReReadItem.objects.bulk_create(items, ignore_conflicts=True)
    return len(items)


def reread_items_complete(*, user, document, version_number):
    """The engineer read the document again: close their items up to that version."""
    major = int(str(version_number).split(".")[0])
    for item in ReReadItem.objects.filter(engineer=user, document_slug=document.slug, done_at__isnull=True):
        if int(item.version.split(".")[0]) <= major:
            item.done_at = timezone.now()
            item.save(update_fields=["done_at"])


def open_reread_items(user):
    return ReReadItem.objects.filter(engineer=user, done_at__isnull=True).order_by("created_at")


def open_reread_counts(engineer_ids):
    """{engineer id: open re-read items} in one query."""
    return dict(ReReadItem.objects.filter(engineer_id__in=engineer_ids, done_at__isnull=True)
                .values_list("engineer_id").annotate(n=Count("pk")))
