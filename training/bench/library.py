"""The benchmark's library: documents, exercises, quizzes and tracks, written as the files the real
importers read (``library_import``, ``track_import``) or in bulk."""

import tempfile
from decimal import Decimal
from pathlib import Path

from assessments.models import Choice, Question, QuestionBank, QuestionKind, Quiz, QuizQuestion
from content.models import Document
from content.services import library_import
from training.tracks.models import Exercise
from training.tracks.services import track_import

from .sizes import EXERCISES, QUESTIONS_PER_QUIZ, QUIZZES, STAGES, bulk

# --- Files the real importers read --------------------------------------------------------------

PARAGRAPH = (
    "When the queue depth alarm fires, first check the broker dashboard and the consumer count. "
    "A stuck consumer shows a flat acknowledgement rate while the publish rate keeps climbing; "
    "restart it with the agent runbook, then watch the depth fall for five minutes before you "
    "close the alert. Write what you saw in the shift log so the next engineer knows."
)


def document_text(number, prefix="doc"):
    categories = ["runbook", "architecture", "decision_tree", "incident_guide", "on_call", "checklist"]
    sections = "\n\n".join(f"## Section {s}\n\n{PARAGRAPH}\n\n- Check one\n- Check two" for s in range(1, 6))
    return (
        f"---\ncategory: {categories[number % len(categories)]}\npurpose: Synthetic {prefix} {number} "
        f"for the benchmark.\nreview_cadence: quarterly\nlast_reviewed: 2026-01-15\n---\n\n"
        f"# {prefix.title()} {number:04d}: queue handling\n\n{sections}\n\n"
        "## Revision History\n\n| Date | Version | Changes |\n|---|---|---|\n"
        "| 2025-11-02 | 1.0 | First version |\n| 2026-01-15 | 1.1 | Clarified the restart |\n"
    )


def write_documents(folder, count, prefix="doc"):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{prefix}-{number:04d}.md").write_text(document_text(number, prefix), encoding="utf-8")
    return folder


def track_text(*, slug, name, steps, documents, exercises, quizzes):
    """A track file of ``steps`` steps in four stages: reading, exercises, quizzes, checklist
    items (one optional per stage), one shadow step, the manager's sign-off last."""
    per_stage = max(1, steps // STAGES)
    pattern = ["read", "exercise", "quiz", "checklist", "read", "exercise", "optional", "read", "checklist",
               "read"]
    lines = [
        "---", f"name: {name}", f"slug: {slug}", "audience: Synthetic engineers", "hours: 6-8",
        "validity_months: 12", "separation_of_duties: true", "readiness:", "  Core knowledge:",
        "    - Explains the architecture", "  Tool access:", "    - Production access works", "---",
        f"A synthetic track of {steps} steps for the benchmark.", "",
    ]
    number = 0
    for stage in range(STAGES):
        count = per_stage if stage < STAGES - 1 else steps - per_stage * (STAGES - 1)
        lines += [f"## Week {stage + 1}: Stage {stage + 1}", ""]
        for position in range(count):
            number += 1
            kind = pattern[position % len(pattern)]
            if number == steps:
                lines.append("- [ ] Manager sign-off")
                continue
            if stage == 2 and position == min(3, count - 2):
                lines.append("- [ ] Shadow an on-call engineer {hours: 8, lead: 1}")
            elif kind == "read":
                lines.append(f"- [ ] Read guide {number} {{ref: {documents[number % len(documents)]}}}")
            elif kind == "exercise":
                lines.append(f"- [ ] Exercise: Practice {number} {{ref: {exercises[number % len(exercises)]}}}")
            elif kind == "quiz":
                lines.append(f"- [ ] Quiz: Check {number} {{ref: {quizzes[number % len(quizzes)]}}}")
            elif kind == "optional":
                lines.append(f"- [ ] Optional reading group {number} {{optional: true}}")
            else:
                lines.append(f"- [ ] Confirm item {number} works")
        lines.append("")
    return "\n".join(lines)


def gift_text(size):
    """A GIFT file of at least ``size`` bytes of short questions (single choice, true/false, short
    answer) in categories of 200: 1 MB holds some 22,000 (the issue's file had about 30,000)."""
    parts, total, number = [], 0, 0
    while total < size:
        chunk = f"$CATEGORY: $course$/top/Bench/Part {number // 200 + 1}\n\n" if number % 200 == 0 else ""
        kind = number % 3
        if kind == 0:
            chunk += f"::q{number}::Restart agent {number}? {{=systemctl ~kill ~reboot}}\n\n"
        elif kind == 1:
            chunk += f"::q{number}::Queue {number} is durable. {{T}}\n\n"
        else:
            chunk += f"::q{number}::Broker of queue {number}? {{=RabbitMQ}}\n\n"
        parts.append(chunk)
        total += len(chunk.encode())
        number += 1
    return "".join(parts)


class LibraryBuilder:
    def content(self):
        with tempfile.TemporaryDirectory(prefix="shiftready-bench-docs-") as folder:
            write_documents(folder, self.size.documents)
            library_import(path=folder)

    def exercises(self):
        bulk(Exercise, [
            Exercise(slug=f"bench-exercise-{i}", title=f"Bench exercise {i}", objectives=["Do it"],
                     instructions=["First", "Second"], checklist=["First done", "Second done"])
            for i in range(EXERCISES)
        ])

    def quizzes(self):
        bank = QuestionBank.objects.create(name="Bench bank")
        questions = bulk(Question, [
            Question(bank=bank, name=f"bench-q{i}", kind=QuestionKind.SINGLE_CHOICE, position=i,
                     text=f"Which command restarts agent {i}?", points=Decimal("1"))
            for i in range(QUIZZES * QUESTIONS_PER_QUIZ)
        ])
        questions = list(Question.objects.filter(bank=bank).order_by("position"))
        bulk(Choice, [
            Choice(question=q, position=p, text=f"Option {p}", fraction=Decimal(100 if p == 0 else 0))
            for q in questions for p in range(3)
        ])
        quizzes = bulk(Quiz, [
            Quiz(slug=f"bench-quiz-{i}", title=f"Bench quiz {i}", pass_mark=70, shuffle_choices=False)
            for i in range(QUIZZES)
        ])
        quizzes = list(Quiz.objects.filter(slug__startswith="bench-quiz-").order_by("slug"))
        bulk(QuizQuestion, [
            QuizQuestion(quiz=quiz, question=questions[i * QUESTIONS_PER_QUIZ + p], position=p)
            for i, quiz in enumerate(quizzes) for p in range(QUESTIONS_PER_QUIZ)
        ])
        self.quiz_list = quizzes
        self.quiz_questions = {
            quiz.pk: questions[i * QUESTIONS_PER_QUIZ:(i + 1) * QUESTIONS_PER_QUIZ] for i, quiz in enumerate(quizzes)
        }
        self.first_choice = {c.question_id: c.pk for c in Choice.objects.filter(position=0)}

    def tracks(self):
        docs = list(Document.objects.order_by("slug").values_list("slug", flat=True))
        exercises = list(Exercise.objects.order_by("slug").values_list("slug", flat=True))
        self.tracks = []
        for i, name in enumerate(["Fast", "Standard", "Comprehensive"]):
            text = track_text(slug=f"bench-{name.lower()}", name=f"{name} (bench)", steps=self.size.steps,
                              documents=docs, exercises=exercises, quizzes=[q.slug for q in self.quiz_list])
            track, _ = track_import(text=text, filename=f"bench-{i}.md")
            self.tracks.append(track)
        self.steps = {t.pk: list(t.steps.order_by("order")) for t in self.tracks}
        self.doc_versions = dict(Document.objects.values_list("slug", "pk"))
        self.doc_current = dict(Document.objects.values_list("pk", "current_version_id"))
        self.quiz_by_slug = {q.slug: q for q in self.quiz_list}
