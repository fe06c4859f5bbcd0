"""Markdown to safe HTML, the table of contents, reading time and version diffs.

Documents may contain raw HTML (teams paste snippets from wikis), so everything markdown-it
produces goes through nh3 before it reaches a browser: no <script>, no on*= handlers, no
javascript: URLs. Relative links between documents are rewritten to the document pages (or shown
as missing) before that, so nothing they lead to escapes the sanitiser either.
"""

import copy
import difflib
import functools
import math
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify as _github_slugify
from mdit_py_plugins.tasklists import tasklists_plugin

WORDS_PER_MINUTE = 200
TOC_LEVELS = (2, 3)

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"input", "label", "details", "summary"}
_ALLOWED_ATTRIBUTES = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
for _level in range(1, 7):
    _ALLOWED_ATTRIBUTES.setdefault(f"h{_level}", set()).add("id")
_ALLOWED_ATTRIBUTES.setdefault("code", set()).add("class")
_ALLOWED_ATTRIBUTES.setdefault("th", set()).add("style")
_ALLOWED_ATTRIBUTES.setdefault("td", set()).add("style")
_ALLOWED_ATTRIBUTES.setdefault("input", set()).update({"type", "checked", "disabled"})
_ALLOWED_ATTRIBUTES.setdefault("li", set()).add("class")
_ALLOWED_ATTRIBUTES.setdefault("ul", set()).add("class")
_ALLOWED_ATTRIBUTES.setdefault("span", set()).update({"class", "title"})
# Wide code blocks and tables scroll sideways (shiftready.css): a keyboard must reach them to scroll.
_ALLOWED_ATTRIBUTES.setdefault("pre", set()).add("tabindex")
_ALLOWED_ATTRIBUTES.setdefault("table", set()).add("tabindex")
_LANGUAGE_CLASS = re.compile(r"^language-[\w+-]+$")
_TASK_CLASSES = {"task-list-item", "contains-task-list", "task-list-item-checkbox"}
MISSING_LINK_CLASS, MISSING_MARK_CLASS = "link-missing", "link-missing-mark"
_OUR_CLASSES = _TASK_CLASSES | {MISSING_LINK_CLASS, MISSING_MARK_CLASS}


def _filter_attribute(tag, attribute, value):
    if attribute == "class":
        if tag == "code":
            return value if _LANGUAGE_CLASS.match(value) else None
        kept = [name for name in value.split() if name in _OUR_CLASSES]
        return " ".join(kept) or None
    if tag == "input":
        if attribute == "type":
            return value if value == "checkbox" else None
        return value
    if attribute == "tabindex":
        return "0"  # in the reading order, never ahead of it
    return value


def heading_slug(text):
    """The anchor a heading gets on the document page (GitHub style: "Data Flow" → "data-flow")."""
    return _github_slugify(text.strip())


def _focusable_pre(render):
    """A code block as markdown-it renders it, its ``<pre>`` reachable with the keyboard."""

    def rule(tokens, idx, options, env):
        html = render(tokens, idx, options, env)
        return '<pre tabindex="0">' + html.removeprefix("<pre>") if html.startswith("<pre>") else html

    return rule


def _focusable_tables(state):
    for token in state.tokens:
        if token.type == "table_open":
            token.attrSet("tabindex", "0")


def _document_links(state):
    """Point relative links at the documents' pages, or turn a link to a file the library does not
    hold into a marked span; ``env["links"]`` (a ``doclinks.DocumentLinks``) decides."""
    links = state.env.get("links") if isinstance(state.env, dict) else None
    if links is None:
        return
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        children, missing = [], None
        for child in token.children:
            if child.type == "link_open":
                resolved = links.resolve(child.attrGet("href"))
                if resolved is not None and resolved.missing:
                    missing = resolved.missing
                    child.tag, child.attrs = "span", {
                        "class": MISSING_LINK_CLASS, "title": f"Missing: {missing} is not in the library",
                    }
                elif resolved is not None:
                    child.attrSet("href", resolved.url)
            elif child.type == "link_close" and missing is not None:
                mark = Token("html_inline", "", 0)
                mark.content = f' <span class="{MISSING_MARK_CLASS}">(missing)</span>'
                children.append(mark)
                child.tag, missing = "span", None
            children.append(child)
        token.children = children


def _markdown():
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=heading_slug)
    # Each checkbox of a "- [ ]" list inside a <label> with its item's words: its accessible name.
    md.use(tasklists_plugin, enabled=False, label=True)
    for name in ("fence", "code_block"):
        md.renderer.rules[name] = _focusable_pre(md.renderer.rules[name])
    md.core.ruler.push("focusable_tables", _focusable_tables)
    md.core.ruler.push("document_links", _document_links)
    return md


_MD = _markdown()


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list


def sanitize(html):
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


def render_markdown(text, *, links=None):
    """Safe HTML and the table of contents (level 2 and 3 headings) of a Markdown text. ``links``
    (a ``doclinks.DocumentLinks``) resolves its relative links to documents; without it they stay."""
    tokens = _MD.parse(text or "", {"links": links})
    toc = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and int(token.tag[1]) in TOC_LEVELS:
            inline = tokens[index + 1]
            label = "".join(
                child.content for child in (inline.children or []) if child.type in ("text", "code_inline")
            )
            toc.append(TocEntry(level=int(token.tag[1]), text=label, anchor=token.attrGet("id") or ""))
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Rendered(html=sanitize(html), toc=toc)


def render_inline(text, *, links=None):
    """Safe HTML of one line of Markdown (an answer's label, an outcome's words), without a paragraph."""
    tokens = _MD.parseInline(text or "", {"links": links})  # the core rules run: links resolve too
    return sanitize(_MD.renderer.render(tokens, _MD.options, {}))


@functools.lru_cache(maxsize=64)
def section_anchors(text):
    """Every heading anchor of a Markdown text, as the document page will give them. Kept for the
    last 64 texts: an import or a track's check asks for the same document's again and again."""
    tokens = _MD.parse(text or "")
    return frozenset(token.attrGet("id") for token in tokens if token.type == "heading_open")


_WORD = re.compile(r"[\w'’-]+")


def word_count(text):
    return len(_WORD.findall(text or ""))


def reading_minutes(text):
    """Minutes to read ``text`` at about 200 words a minute; never less than one."""
    return max(1, math.ceil(word_count(text) / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "added", "removed", "context" or "hunk"
    text: str


def diff_lines(old, new, *, context=3):
    """A unified diff of two Markdown texts, line by line, for the diff page."""
    lines = []
    diff = difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=context
    )
    for line in diff:
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(DiffLine("hunk", line))
        elif line.startswith("+"):
            lines.append(DiffLine("added", line[1:]))
        elif line.startswith("-"):
            lines.append(DiffLine("removed", line[1:]))
        else:
            lines.append(DiffLine("context", line[1:]))
    return lines
