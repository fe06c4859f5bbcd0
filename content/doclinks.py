"""Where a relative link in a document leads: to another document's page, or nowhere.

Teams' runbooks link to each other as files in one folder (``[architecture](ARCHITECTURE.md)``,
``(../runbooks/failover.md#promote)``). Each imported document keeps the path it was found at, so
a link is resolved as the folder would resolve it: relative to the linking document's folder,
with or without the ``.md``, keeping its ``#anchor`` (headings get the same GitHub-style anchors
on the document page). A link to a file the library does not hold is reported as missing, never
left as a link that answers 404. Links with a scheme (``https:``, ``mailto:``), links to this
site's own paths (``/…``) and links to an anchor of the same page are not ours to change.

Pure: no database. ``selectors.document_links`` gives it the library's paths.
"""

import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from .docfiles import MARKDOWN_SUFFIXES, slug_for


@dataclass(frozen=True)
class Resolved:
    url: str = ""  # the document page the link leads to
    missing: str = ""  # or the file it names, which the library does not hold


class DocumentLinks:
    """Resolve the links of the document imported from ``source`` ("" when it was written here).

    ``rows``: ``(slug, source_path)`` of every document, read once and only when a relative
    link needs them; ``url_for(slug)``: the page of a document.
    """

    def __init__(self, *, source, rows, url_for):
        self.folder = posixpath.dirname(source or "")
        self._rows, self._url_for = rows, url_for
        self._by_path = self._by_folded_path = self._unplaced = None

    def _load(self):
        if self._by_path is not None:
            return
        self._by_path, self._by_folded_path, self._unplaced = {}, {}, set()
        for slug, path in self._rows:
            if path:
                self._by_path[path] = slug
                self._by_folded_path.setdefault(path.casefold(), slug)
            else:  # written here or imported before paths were kept: known by its file name's slug
                self._unplaced.add(slug)

    def _find(self, target):
        candidates = [target]
        if PurePosixPath(target).suffix.lower() not in MARKDOWN_SUFFIXES:
            candidates += [target + suffix for suffix in sorted(MARKDOWN_SUFFIXES)]
        for candidate in candidates:
            slug = self._by_path.get(candidate) or self._by_folded_path.get(candidate.casefold())
            if slug:
                return slug
        suffix = PurePosixPath(target).suffix.lower()
        if (not suffix or suffix in MARKDOWN_SUFFIXES) and slug_for(target) in self._unplaced:
            return slug_for(target)
        return None

    def resolve(self, href):
        """A ``Resolved`` for a relative link, or None to leave the link as it is."""
        href = (href or "").strip()
        if not href or href.startswith(("#", "/", "\\")):
            return None
        try:
            parts = urlsplit(href)
        except ValueError:
            return None
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path:
            return None
        target = posixpath.normpath(posixpath.join(self.folder, path))
        if target == ".." or target.startswith("../"):
            return Resolved(missing=path)  # outside the imported folder
        self._load()
        slug = self._find(target)
        if slug is None:
            return Resolved(missing=target)
        url = self._url_for(slug)
        if parts.fragment:
            url += "#" + quote(unquote(parts.fragment), safe="-._~")
        return Resolved(url=url)
