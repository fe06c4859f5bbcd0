"""Who may do what in the library: the one place content views (and services) ask.

Every logged-in user may read the library (anonymous visitors never reach a view: Django's
LoginRequiredMiddleware sends them to the login page). Authoring and the review queue belong to
holders of ``content.manage_content`` (training admins); a document's owner also sees the review
queue of their own documents and closes the gaps readers report in them.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

CONTENT_ADMIN_PERM = "content.manage_content"


def is_content_admin(user):
    return bool(user and user.is_authenticated and user.has_perm(CONTENT_ADMIN_PERM))


def may_read_library(user):
    return bool(user and user.is_authenticated)


def may_close_gaps(user, document):
    """The document's owner, or a content admin, closes its gap reports."""
    return bool(user and user.is_authenticated) and (document.owner_id == user.pk or is_content_admin(user))


def may_review(user):
    """Who sees a review queue: content admins (every document) and the owners of documents (theirs)."""
    return is_content_admin(user) or bool(
        user and user.is_authenticated and user.owned_documents.exists())


def content_admin_required(view):
    """View decorator: 403 unless the user is a content admin."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_content_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
