"""Decision trees: a document written as numbered questions with answers that lead on, read
into a graph that the walk page steps through one question at a time.

The convention (README, "Decision trees"), plain Markdown that reads well printed::

    ## Tree 5: Database Problems            <- a tree: "Tree <number>: <title>"
    Optional text shown before the first question.

    ### D1: What does the error say?       <- a question: "<id>: <question>" (or "<id>. …")
    Text, commands and code shown with the question.

    - `too many clients` → D2               <- an answer leading to a question of this tree
    - `connection refused` → Tree 7         <- … to the first question of another tree
    - Something else → **Escalate**: page the database on-call   <- … to an outcome (a leaf)

    ### D2: Is the pool at its maximum?
    - Yes → **Restore the pool**: [DB Pool Exhaustion](operational-runbooks.md#database-pool-exhaustion)

An answer is a top-level list item with ``→`` (or ``->``); its target is a question id, ``Tree
N``, or an outcome in bold followed by what to do, whose first link (to a section of a runbook,
usually) the walk shows at the end. An outcome's id is its name's slug ("restore-the-pool"),
named by track steps as ``tree-5/restore-the-pool``. The first question of a tree is where it
starts. Other ``##`` sections (an introduction, a health check) are plain text.

Parsing is pure (no database): ``parse_trees`` returns the trees and every problem with its line
number — an answer to a question or tree that does not exist, a cycle, a question no path
reaches, a question without answers, two questions with one id.
"""

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from .docfiles import front_matter_end
from .rendering import heading_slug

TREE_HEADING = re.compile(r"^##\s+(?P<label>tree\s+(?P<number>\d+))\s*[:.—–-]\s*(?P<title>.+?)\s*#*\s*$", re.I)
H2 = re.compile(r"^##\s")
H3 = re.compile(r"^###\s+(?P<text>.*?)\s*#*\s*$")
HIGHER_HEADING = re.compile(r"^#{1,2}\s")
QUESTION = re.compile(r"^(?P<id>[A-Za-z]{0,3}\d+[a-z]?)\s*[:.]\s+(?P<question>\S.*)$")
ANSWER = re.compile(r"^[-*+]\s+(?P<label>.+?)\s*(?:→|->)\s*(?P<target>.*?)\s*$")
NODE_TARGET = re.compile(r"^(?:go\s+to\s+)?(?P<id>[A-Za-z]{0,3}\d+[a-z]?)\.?$", re.I)
TREE_TARGET = re.compile(r"^(?:go\s+to\s+)?tree\s+(?P<number>\d+)\.?$", re.I)
LEAF_TARGET = re.compile(r"^\*\*(?P<name>[^*]+?)\*\*\s*[:.—–-]?\s*(?P<rest>.*)$")
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")

TARGET_HELP = ("an answer leads to a question of this tree (→ Q2), to another tree (→ Tree 5) or to an "
               "outcome in bold (→ **Restart the API**: …)")


@dataclass
class TreeProblems:
    """What ``parse_trees`` found wrong: ``(line, reason)`` pairs, in line order."""

    errors: list = field(default_factory=list)

    def add(self, line, reason):
        self.errors.append((line, reason))


def tree_id(number):
    return f"tree-{number}"


def _leaf(name, rest, line):
    link = LINK.search(rest)
    return {"id": heading_slug(name), "title": name.strip(), "text": rest.strip(),
            "href": link.group("href") if link else "", "line": line}


def _read(lines, problems):
    """The trees as written, unchecked: each with its questions and their answers' targets."""
    trees, tree, node, fence = [], None, None, None
    for index in range(front_matter_end(lines), len(lines)):
        number, raw = index + 1, lines[index]
        if match := FENCE.match(raw):
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            if node is not None:
                node["body"].append(raw)
            elif tree is not None:
                tree["body"].append(raw)
            continue
        if fence is None and HIGHER_HEADING.match(raw):
            node = None
            heading = TREE_HEADING.match(raw) if H2.match(raw) else None
            tree = None
            if heading:
                tree = {"id": tree_id(int(heading.group("number"))), "number": int(heading.group("number")),
                        "title": heading.group("title"), "heading": raw.lstrip("#").strip().rstrip("#").strip(),
                        "line": number, "body": [], "nodes": []}
                if any(other["id"] == tree["id"] for other in trees):
                    problems.add(number, f"a second Tree {tree['number']} (a tree's number names it)")
                trees.append(tree)
            continue
        if tree is None:
            continue
        if fence is None and (h3 := H3.match(raw)):
            question = QUESTION.match(h3.group("text"))
            if question is None:
                problems.add(number, "a heading in a tree must be a question with its id, like "
                                     "'### Q1: Does /healthz answer?'")
                node = None
                continue
            node_id = question.group("id")
            if any(other["id"] == node_id for other in tree["nodes"]):
                first = next(other["line"] for other in tree["nodes"] if other["id"] == node_id)
                problems.add(number, f"question {node_id} is in Tree {tree['number']} twice (also on line {first})")
            node = {"id": node_id, "question": question.group("question"), "line": number, "body": [],
                    "answers": []}
            tree["nodes"].append(node)
            continue
        if node is None:
            if fence is None and ANSWER.match(raw):
                problems.add(number, "an answer must come under a question ('### Q1: …')")
            tree["body"].append(raw)
            continue
        answer = ANSWER.match(raw) if fence is None else None
        if answer is None:
            node["body"].append(raw)
            continue
        label, target = answer.group("label").strip(), answer.group("target")
        entry = {"label": label, "line": number}
        if match := TREE_TARGET.match(target):
            entry["tree"] = tree_id(int(match.group("number")))
        elif match := NODE_TARGET.match(target):
            entry["node"] = match.group("id")
        elif match := LEAF_TARGET.match(target):
            entry["leaf"] = _leaf(match.group("name"), match.group("rest"), number)
        else:
            problems.add(number, f"'{target or '(nothing)'}' is not a place to go: {TARGET_HELP}")
            continue
        node["answers"].append(entry)
    return trees


def _check(trees, problems):
    """Every answer's target exists; every question has answers and is reached from its tree's
    first question; no path comes back to a question it passed."""
    by_id = {tree["id"]: tree for tree in trees}
    nodes = {(tree["id"], node["id"]): node for tree in trees for node in tree["nodes"]}
    for tree in trees:
        if not tree["nodes"]:
            problems.add(tree["line"], f"Tree {tree['number']} has no questions ('### Q1: …' under it)")
    edges = {}
    for tree in trees:
        for node in tree["nodes"]:
            key = (tree["id"], node["id"])
            edges[key] = []
            if not node["answers"]:
                problems.add(node["line"], f"question {node['id']} has no answers ('- Yes → Q2' under it)")
            for answer in node["answers"]:
                if "node" in answer:
                    target = (tree["id"], answer["node"])
                    if target not in nodes:
                        problems.add(answer["line"], f"'{answer['label']}' leads to question {answer['node']}, "
                                                     f"which Tree {tree['number']} does not have")
                        continue
                    edges[key].append((target, answer["line"]))
                elif "tree" in answer:
                    other = by_id.get(answer["tree"])
                    if other is None or not other["nodes"]:
                        number = answer["tree"].removeprefix("tree-")
                        problems.add(answer["line"], f"'{answer['label']}' leads to Tree {number}, which this "
                                                     "document does not have" if other is None else
                                                     f"'{answer['label']}' leads to Tree {number}, which has no "
                                                     "questions")
                        continue
                    edges[key].append(((other["id"], other["nodes"][0]["id"]), answer["line"]))
    # Reached from its own tree's first question (within the tree: another tree's jump enters at its start).
    for tree in trees:
        if not tree["nodes"]:
            continue
        seen, todo = set(), [(tree["id"], tree["nodes"][0]["id"])]
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            todo += [target for target, _line in edges.get(key, []) if target[0] == tree["id"]]
        for node in tree["nodes"]:
            if (tree["id"], node["id"]) not in seen:
                problems.add(node["line"], f"question {node['id']} is never reached: no answer in Tree "
                                           f"{tree['number']} leads to it")
    # Cycles: a depth-first search; an answer leading back to a question on the current path closes one.
    state, reported = {}, set()

    def visit(key, path):
        state[key] = "open"
        for target, line in edges.get(key, []):
            if state.get(target) == "open":
                if line not in reported:
                    reported.add(line)
                    loop = path[path.index(target):] + [target]
                    names = " → ".join(_name(step, loop) for step in loop)
                    problems.add(line, f"this answer goes round in a circle ({names}): a walk would never end")
            elif target not in state:
                visit(target, path + [target])
        state[key] = "done"

    for key in edges:
        if key not in state:
            visit(key, [key])


def _name(key, loop):
    """A question as a cycle's message names it: "Q2", or "Tree 9 Q2" when the cycle crosses trees."""
    tree, node = key
    return node if len({step[0] for step in loop}) == 1 else f"Tree {tree.removeprefix('tree-')} {node}"


def _finish(tree):
    tree["intro"] = "\n".join(tree.pop("body")).strip("\n")
    for node in tree["nodes"]:
        node["text"] = "\n".join(node.pop("body")).strip("\n")
    return tree


def parse_trees(text):
    """``(trees, errors)``: the trees of a decision-tree document (its whole file, front matter and
    all, so that line numbers are the file's; or just its body), and ``(line, reason)`` for every
    problem. No trees (a document without questions) is no error: it has no walk."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    problems = TreeProblems()
    trees = _read(lines, problems)
    if not any(tree["nodes"] for tree in trees):
        return [], sorted(problems.errors)
    _check(trees, problems)
    return [_finish(tree) for tree in trees], sorted(problems.errors)


def tree_data(text):
    """What a version stores (``DocumentVersion.tree``): ``{"trees": [...]}``, or None for a
    document without questions. The caller has checked the text (``parse_trees`` found nothing)."""
    trees, errors = parse_trees(text)
    if errors:
        raise ValueError(f"the decision tree has problems: {errors}")
    return {"trees": trees} if trees else None


def leaf_links(trees):
    """``(line, href)`` of every outcome's link: the import warns about those that lead nowhere."""
    for tree in trees:
        for node in tree["nodes"]:
            for answer in node["answers"]:
                if "leaf" in answer and answer["leaf"]["href"]:
                    yield answer["leaf"]["line"], answer["leaf"]["href"]


def leaf_ids(data):
    """``{"tree-5/restore-the-pool", …}``: every outcome a track step may ask a walk to reach."""
    return {f"{tree['id']}/{answer['leaf']['id']}"
            for tree in (data or {}).get("trees", []) for node in tree["nodes"]
            for answer in node["answers"] if "leaf" in answer}


# --- Walking ---------------------------------------------------------------------------------------


class WalkError(ValueError):
    """A path that is not in the tree (mistyped, or the document changed under it)."""


@dataclass
class Step:
    tree: dict
    node: dict
    answer: dict


@dataclass
class Walk:
    """Where a walk stands after its answers: the answers taken (``steps``), and the question now
    asked (``node``, in ``node_tree``) or the outcome reached (``leaf``)."""

    tree: dict
    steps: list
    node: dict = None
    node_tree: dict = None
    leaf: dict = None

    @property
    def path(self):
        """The questions passed, as ``tree-5/D1`` (what a practice walk records)."""
        return [f"{step.tree['id']}/{step.node['id']}" for step in self.steps]

    @property
    def leaf_key(self):
        """``tree-5/restore-the-pool``: the outcome reached, named by the tree it is in."""
        return f"{self.steps[-1].tree['id']}/{self.leaf['id']}" if self.leaf else ""


def find_tree(data, tree):
    for candidate in (data or {}).get("trees", []):
        if candidate["id"] == tree:
            return candidate
    raise WalkError("There is no such tree in this document.")


def walk(data, *, tree, answers):
    """Follow ``answers`` (indexes, from 0) from the first question of ``tree``."""
    start = find_tree(data, tree)
    here_tree, node, steps = start, start["nodes"][0], []
    for position, index in enumerate(answers):
        if not 0 <= index < len(node["answers"]):
            raise WalkError("That answer is not in the tree.")
        answer = node["answers"][index]
        steps.append(Step(tree=here_tree, node=node, answer=answer))
        if "leaf" in answer:
            if position != len(answers) - 1:
                raise WalkError("That answer is not in the tree.")
            return Walk(tree=start, steps=steps, leaf=answer["leaf"])
        if "tree" in answer:
            here_tree = find_tree(data, answer["tree"])
            node = here_tree["nodes"][0]
        else:
            node = next(candidate for candidate in here_tree["nodes"] if candidate["id"] == answer["node"])
    return Walk(tree=start, steps=steps, node=node, node_tree=here_tree)


def parse_answers(text):
    """``"0.2.1"`` → ``[0, 2, 1]``; ``WalkError`` for anything else."""
    if not text:
        return []
    try:
        answers = [int(part) for part in text.split(".")]
    except ValueError:
        raise WalkError("That path is not in the tree.") from None
    if any(answer < 0 for answer in answers) or len(answers) > 200:
        raise WalkError("That path is not in the tree.")
    return answers


_SECTIONS = MarkdownIt("commonmark")


def section_markdown(text, anchor):
    """The Markdown of the section of ``text`` whose heading has ``anchor`` (the heading and what
    follows it, up to the next heading of its level or above); "" when there is none."""
    text = text or ""
    tokens = _SECTIONS.parse(text)
    lines = text.split("\n")
    start = level = None
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        heading_level = int(token.tag[1])
        if start is not None and heading_level <= level:
            return "\n".join(lines[start:token.map[0]]).strip("\n")
        if start is None:
            title = "".join(child.content for child in tokens[index + 1].children or []
                            if child.type in ("text", "code_inline"))
            if heading_slug(title) == anchor:
                start, level = token.map[0], heading_level
    return "\n".join(lines[start:]).strip("\n") if start is not None else ""
