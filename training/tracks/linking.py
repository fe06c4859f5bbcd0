"""Which document, exercise or quiz a step names, from what its author wrote.

In order: an explicit ``{ref: slug}``; a file name or a Markdown link (``Read ARCHITECTURE.md``,
``[the runbook](runbooks/failover.md)``) compared with each candidate's slug and title; the
step's own words compared with each title ("Read the failover runbook" ↔ "Failover Runbook");
then the one candidate whose whole title the step's words contain, when exactly one is the best.
Comparisons ignore case, punctuation and the file's extension. Two equally good candidates are
never guessed between: the step stays unlinked and the problem names both.
"""

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from assessments.models import Quiz
from content.models import Document
from content.trees import leaf_ids
from content.walks import tree_of

from .models import TARGET_NOUNS as NOUNS
from .models import Exercise
from .wording import SECTIONS_RE, files_named

MODELS = {"document": Document, "exercise": Exercise, "quiz": Quiz}
PREFIX_RE = re.compile(r"^\s*(?:read|study|skim|review|exercise\s*\d*\s*:|quiz\s*:|scenario validation\s*:?)\s*",
                       re.IGNORECASE)
ARTICLE_RE = re.compile(r"^(?:the|a|an|our|your)\s+", re.IGNORECASE)
# What follows the name: "…, sections 1-4", "… (2 hours)", "… - Standard Track"
TAIL_RE = re.compile(r"\s*(?:\(.*\)|[,;:]\s.*|\s[-–—]\s.*)$")
STOP_WORDS = {"the", "a", "an", "and", "of", "to", "for", "on", "in", "our", "your", "with", "read", "study",
              "skim", "review", "exercise", "quiz", "md"}


def normalise(text):
    """Case, punctuation, spaces and a Markdown extension do not count: ``OPERATIONAL_RUNBOOKS.md``,
    ``operational-runbooks`` and "Operational Runbooks" are one name."""
    text = re.sub(r"\.(?:md|markdown|txt|gift)$", "", str(text).strip(), flags=re.IGNORECASE)
    return re.sub(r"[\W_]+", "", text.lower())


def words(text):
    found = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word not in STOP_WORDS:
            found.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found


def name_in(title):
    """The name a step's words give: without "Read", "Quiz:", an article, and what follows the name."""
    name = PREFIX_RE.sub("", title, count=1)
    name = SECTIONS_RE.sub("", name)
    name = ARTICLE_RE.sub("", TAIL_RE.sub("", name.strip()))
    return name.strip(" .,;:-") or title.strip()


@dataclass(frozen=True)
class Candidate:
    slug: str
    title: str
    path: str = ""  # a document's file, as the library import found it ("runbooks/failover.md")


def _without_suffix(path):
    return re.sub(r"\.(?:md|markdown|txt|gift)$", "", path.strip().lstrip("./").lower())


@dataclass(frozen=True)
class Link:
    slug: str = ""
    problem: str = ""


def candidates_for(spec):
    """``{noun: [Candidate]}`` for the kinds of target the spec's steps need: all of a kind when
    some step names its target in words, else only the slugs named (one query per kind)."""
    wanted = {}
    for stage in spec.stages:
        for step in stage.steps:
            noun = NOUNS.get(step.kind)
            if noun:
                wanted.setdefault(noun, set()).add(step.ref or None)
    found = {}
    for noun, refs in wanted.items():
        rows = MODELS[noun].objects.all() if None in refs else MODELS[noun].objects.filter(slug__in=refs)
        found[noun] = rows_to_candidates(noun, rows)
    return found


def rows_to_candidates(noun, rows):
    fields = ("slug", "title", "source_path") if noun == "document" else ("slug", "title")
    return [Candidate(*row) for row in rows.order_by("slug").values_list(*fields)]


def _one(matches, noun, named):
    matches = sorted(set(matches), key=lambda c: c.slug)
    if len(matches) == 1:
        return Link(slug=matches[0].slug)
    both = " and ".join(f"“{c.title}” ({c.slug})" for c in matches[:3])
    return Link(problem=f"{named} could be {'any' if len(matches) > 2 else 'either'} of {len(matches)} "
                        f"{noun}s, {both}: link it on the track's page or add {{ref: ...}}")


def resolve(step, candidates):
    """The ``Link`` for one step: a slug, or the problem that keeps it unlinked."""
    noun = NOUNS[step.kind]
    if step.ref:
        if any(c.slug == step.ref for c in candidates):
            return Link(slug=step.ref)
        return Link(problem=f"no {noun} with the slug '{step.ref}'")
    files = files_named(step.title)
    if files:
        for stem, text, written in files:
            # The file as imported ("handbook/ON_CALL.md" ends "…/handbook/ON_CALL.md"), else its name.
            path = _without_suffix(written)
            matches = [c for c in candidates if c.path and (_without_suffix(c.path) == path
                                                            or _without_suffix(c.path).endswith("/" + path))]
            key = normalise(stem)
            if not key and not matches:
                continue
            matches = matches or [c for c in candidates if key in (normalise(c.slug), normalise(c.title),
                                                                   normalise(PurePosixPath(c.path).stem))]
            if not matches and text:
                matches = [c for c in candidates if normalise(text) == normalise(c.title)]
            if matches:
                return _one(matches, noun, f"“{stem}”")
        return Link(problem=f"no {noun} is named {', '.join(written for _s, _t, written in files)}: import it and "
                            "the step links itself, or link it on the track's page")
    name = name_in(step.title)
    keys = {normalise(name), normalise(step.title)}
    exact = [c for c in candidates if keys & {normalise(c.slug), normalise(c.title)}]
    if exact:
        return _one(exact, noun, f"“{name}”")
    said = words(step.title)
    contained = [c for c in candidates if len(words(c.title)) >= 2 and words(c.title) <= said]
    if contained:
        best = max(len(words(c.title)) for c in contained)
        return _one([c for c in contained if len(words(c.title)) == best], noun, f"“{name}”")
    return Link(problem=f"no {noun} is named “{name}”: import it and the step links itself, or link it "
                        "on the track's page")


def resolve_all(spec):
    """``{(stage index, step index): Link}`` for every step that names a document, exercise or quiz."""
    candidates = candidates_for(spec)
    links = {}
    for s, stage in enumerate(spec.stages):
        for i, step in enumerate(stage.steps):
            if step.kind in NOUNS:
                links[(s, i)] = resolve(step, candidates[NOUNS[step.kind]])
    return links


def target_now(step):
    """The slug a stored unlinked step would link to now (one query), or ""; changes nothing."""
    noun = step.target_noun
    if not noun:
        return ""
    return resolve(step, rows_to_candidates(noun, MODELS[noun].objects.all())).slug


def walk_problems(spec):
    """``(line, problem)`` for each step asking for a walk to an outcome its decision tree does not
    have (a tree not imported yet is the unlinked step's warning)."""
    steps = [step for stage in spec.stages for step in stage.steps if step.walk and step.linked and step.ref]
    if not steps:
        return []
    documents = Document.objects.select_related("current_version").in_bulk([step.ref for step in steps],
                                                                           field_name="slug")
    problems = []
    for step in steps:
        document = documents.get(step.ref)
        if document is None:
            continue
        tree = tree_of(document)
        if tree is None:
            problems.append((step.line, f"“{document.title}” is not a decision tree with questions: there is "
                                        "nothing to walk"))
        elif step.walk not in leaf_ids(tree):
            problems.append((step.line, f"“{document.title}” has no outcome {step.walk} (its outcomes: "
                                        f"{', '.join(sorted(leaf_ids(tree)))})"))
    return problems
