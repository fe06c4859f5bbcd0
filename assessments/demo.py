"""Demo data for the assessments app, loaded by `manage.py load_demo`. Idempotent.

The questions live in GIFT files under ``demo_banks/`` and go in through the same import service
as ``manage.py import_questions``. A bank that already exists is left as it is, so running the demo
again changes nothing (and never disturbs the attempts people have made).
"""

from pathlib import Path

from .models import Category, QuestionBank, Quiz, QuizDraw, QuizQuestion, SelectionMode
from .services import question_bank_import_gift

BANKS_DIR = Path(__file__).resolve().parent / "demo_banks"

BANKS = [
    ("Week 1 Foundations", "week-1-foundations.gift"),
    ("Week 2 Incident response", "week-2-incident-response.gift"),
    ("Week 3 Preparation for first on-call", "week-3-first-on-call.gift"),
    ("Scenario validation", "scenario-validation.gift"),
]

# slug (referenced by the training track files), bank, settings, draws (category, count) or None
QUIZZES = [
    ("week-1-knowledge-check", "Week 1 Foundations", {
        "title": "Week 1 knowledge check: Foundations",
        "description": "How the agent orchestrator is built: API, RabbitMQ, agent processors, PostgreSQL "
                       "and Redis, and how a task travels through them.",
        "pass_mark": 75, "max_attempts": 3, "time_limit_minutes": 20, "late_policy": "zero",
        "shuffle_questions": False, "shuffle_choices": True, "feedback_mode": "after_attempt",
    }, None),
    ("week-2-knowledge-check", "Week 2 Incident response", {
        "title": "Week 2 knowledge check: Incident response",
        "description": "Severity, choosing the right decision tree (1 to 9) and incident scenario, escalation "
                       "and what follows an incident. Six questions drawn at random from the incident bank.",
        "pass_mark": 80, "max_attempts": 3, "time_limit_minutes": 20, "late_policy": "zero",
        "shuffle_questions": True, "shuffle_choices": True, "feedback_mode": "after_attempt",
    }, [("Severity", 1), ("Responding", 1), ("Decision trees", 3), ("Scenarios", 1)]),
    ("week-3-knowledge-check", "Week 3 Preparation for first on-call", {
        "title": "Week 3 knowledge check: Preparation for first on-call",
        "description": "The first minutes of an alert, handoffs, escalation and the access you need "
                       "before your first shift.",
        "pass_mark": 80, "max_attempts": None, "time_limit_minutes": 15, "late_policy": "zero",
        "shuffle_questions": True, "shuffle_choices": True, "feedback_mode": "after_pass",
    }, None),
    ("scenario-validation", "Scenario validation", {
        "title": "Scenario validation",
        "description": "The final scenario-based validation. Answer two incidents in your own words; "
                       "your mentor or manager grades each answer against its rubric.",
        "pass_mark": 70, "max_attempts": 2, "time_limit_minutes": 60, "late_policy": "accept",
        "shuffle_questions": False, "shuffle_choices": True, "feedback_mode": "after_attempt",
    }, None),
]


def load(*, author):
    banks = {}
    for name, filename in BANKS:
        bank = QuestionBank.objects.filter(name=name).first()
        if bank is None:
            source = (BANKS_DIR / filename).read_text(encoding="utf-8")
            bank, _questions = question_bank_import_gift(bank_name=name, source=source, author=author)
        banks[name] = bank

    for slug, bank_name, fields, draws in QUIZZES:
        bank = banks[bank_name]
        selection = SelectionMode.RANDOM if draws else SelectionMode.FIXED
        quiz, created = Quiz.objects.get_or_create(
            slug=slug, defaults={**fields, "selection": selection, "created_by": author}
        )
        if not created:
            continue  # an admin may have tuned the quiz: leave it as it is
        if draws:
            for category_name, count in draws:
                category = Category.objects.get(bank=bank, name=category_name)
                QuizDraw.objects.create(quiz=quiz, category=category, count=count)
        else:
            for position, question in enumerate(bank.questions.order_by("position", "pk"), start=1):
                QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
