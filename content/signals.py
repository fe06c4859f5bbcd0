"""Signals the content app sends; other apps (training) listen, content imports nothing of theirs."""

from django.dispatch import Signal

# Sent inside the transaction that creates it, whenever a document's current version moves to a
# higher major number than the one it had (a document's very first version is not announced:
# nobody can have read an older one). Arguments: ``document``, ``version`` (the new
# DocumentVersion). Readers of any older major version now need to re-read the document.
document_major_version_published = Signal()

# Sent inside the import transaction once a library import has written its changes (never for a
# dry run or a refused import). Arguments: ``path`` (what was imported), ``report`` (the
# ImportReport: created, updated and unchanged files).
library_imported = Signal()

# Sent once a library export has written its files (``export_docs``, or the zip downloaded from
# the import page). Arguments: ``path`` (the folder written into, or "a download (name)"),
# ``files`` (the paths or names written, one per document).
library_exported = Signal()

# Sent inside the transaction that records a gap report ("this runbook does not say how to …").
# Arguments: ``gap`` (the GapReport).
gap_reported = Signal()

# Sent inside the transaction that closes gap reports with the version that addresses them.
# Arguments: ``document``, ``version`` (the DocumentVersion), ``gaps`` (the GapReports closed),
# ``by`` (who closed them).
gaps_closed = Signal()

# Sent inside the transaction that marks a document reviewed. Arguments: ``document``, ``by``.
document_reviewed = Signal()

# Sent by the review queue to learn whose turn it is to review its documents (training's review
# rotations answer). Arguments: ``documents`` (the page's). Each receiver returns
# ``{document id: "who, and for which team"}``.
review_turns = Signal()
