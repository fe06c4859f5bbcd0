"""The walk page of a decision tree: one question at a time, answers as links (htmx swaps the card;
without JavaScript they are plain links), back, start again, and the runbook section at the end.

Where a walk stands is in its address: ``?tree=tree-5&a=0.1`` (the answers taken, by position),
and ``practice=<its walker and start, signed>`` for a practice walk, recorded once it reaches an outcome.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import selectors, trees, walks
from .rendering import render_inline, render_markdown


def _query(**params):
    return "?" + urlencode({key: value for key, value in params.items() if value not in (None, "")})


def _html(text, links):
    return render_markdown(text, links=links).html if text else ""


@require_GET
def document_walk(request, slug):
    """Walk a decision tree (404 for a document that has none)."""
    document = get_object_or_404(selectors.document_with_history(), slug=slug)
    data = walks.tree_of(document)
    if data is None:
        raise Http404
    practice = request.GET.get("practice", "")
    started = walks.practice_started(practice, user=request.user) if practice else None
    context = {"document": document, "trees": data["trees"], "error": "",
               "practice_url": _query(tree=request.GET.get("tree"), practice=walks.practice_token(request.user))}
    if practice and started is None:
        context["error"] = "That practice walk cannot be recorded (it is too old, or not yours): practise again."
        practice = ""
    context.update(practice=practice, started=started)
    tree_id, lost = request.GET.get("tree", ""), False
    if tree_id:
        try:
            walk = trees.walk(data, tree=tree_id, answers=trees.parse_answers(request.GET.get("a", "")))
        except trees.WalkError as error:
            context["error"], lost = f"{error} Choose a tree to start again.", True
        else:
            context.update(_walk_context(request, document, walk, practice, started))
    if not context.get("walk"):
        context["walks"] = walks.practice_walks_of(user=request.user, document=document)
    template = "content/_walk_card.html" if request.htmx else "content/document_walk.html"
    return render(request, template, context, status=400 if lost else 200)


def _walk_context(request, document, walk, practice, started):
    answers = [index for index in (request.GET.get("a", "") or "").split(".") if index != ""]
    links = selectors.document_links(document=document)
    tree = walk.tree["id"]
    context = {
        "walk": walk,
        "restart_url": _query(tree=tree, practice=practice),
        "back_url": _query(tree=tree, a=".".join(answers[:-1]), practice=practice) if answers else _query(
            practice=practice),
        "taken": [(step.node["id"], render_inline(step.node["question"]), render_inline(step.answer["label"]))
                  for step in walk.steps],
    }
    if walk.leaf is None:
        context.update(
            question=render_inline(walk.node["question"], links=links), question_html=_html(walk.node["text"], links),
            intro_html=_html(walk.tree["intro"], links) if not answers else "",
            answers=[(render_inline(answer["label"], links=links),
                      _query(tree=tree, a=".".join([*answers, str(index)]), practice=practice))
                     for index, answer in enumerate(walk.node["answers"])],
        )
        return context
    context.update(leaf_title=render_inline(walk.leaf["title"]),
                   leaf_html=render_inline(walk.leaf["text"], links=links),
                   section=walks.outcome_section(document=document, href=walk.leaf["href"]))
    if started is not None:
        context["recorded"], context["newly_recorded"] = walks.practice_walk_record(
            user=request.user, document=document, walk=walk, started_at=started)
    return context
