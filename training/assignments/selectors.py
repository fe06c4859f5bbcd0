"""What team assignments show: who of the team has done each (done, awaiting review, open,
overdue; the score of a quiz), how each question went, what a member still has to do, and who
missed the last quarterly assessment. Every read is a fixed number of queries, whatever the
number of assignments, members and attempts: done is read from the quiz's attempts submitted
since the assignment, or the reading records of the briefing's version or a later one."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from assessments.models import Attempt, AttemptStatus, Response
from content.models import ReadAcknowledgement
from training.teams.models import Team, person_name

from .models import TeamAssignment


class Status:
    DONE = "done"
    AWAITING_REVIEW = "awaiting_review"
    OPEN = "open"
    OVERDUE = "overdue"

    LABELS = {DONE: "Done", AWAITING_REVIEW: "Waiting for grading", OPEN: "Not done yet", OVERDUE: "Overdue"}
    BADGES = {DONE: "text-bg-success", AWAITING_REVIEW: "text-bg-info", OPEN: "text-bg-light border",
              OVERDUE: "text-bg-danger"}


@dataclass
class MemberResult:
    person: object
    status: str
    score: Decimal | None = None  # the best graded attempt's percentage (a quiz)
    passed: bool | None = None
    done_at: object = None
    attempt_id: int | None = None  # the best graded attempt, counted in the questions' rates

    @property
    def name(self):
        return person_name(self.person)

    @property
    def label(self):
        return Status.LABELS[self.status]

    @property
    def badge(self):
        return Status.BADGES[self.status]

    @property
    def is_done(self):
        return self.status == Status.DONE


def with_related(queryset=None):
    queryset = TeamAssignment.objects.all() if queryset is None else queryset
    return queryset.select_related("team", "quiz", "document", "document_version", "incident", "created_by")


def assignments_for(teams):
    """The assignments of ``teams`` (a QuerySet), newest due date first."""
    return with_related(TeamAssignment.objects.for_teams(teams))


def _members(team_ids, user_ids=None):
    """``{team id: [members by name]}`` in one query."""
    rows = Team.members.through.objects.filter(team_id__in=team_ids)
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    members = defaultdict(list)
    for row in rows.select_related("user").order_by("user__last_name", "user__first_name", "user__username"):
        members[row.team_id].append(row.user)
    return members


def _attempts(assignments, user_ids):
    """``{(user id, quiz id): [attempt values]}`` of the attempts submitted since the oldest
    assignment: one query, none when no assignment is a quiz."""
    quizzes = [a for a in assignments if a.quiz_id]
    if not quizzes or not user_ids:
        return {}
    since = min(a.created_at for a in quizzes)
    found = defaultdict(list)
    for row in Attempt.objects.filter(
            quiz_id__in={a.quiz_id for a in quizzes}, user_id__in=user_ids, submitted_at__gte=since,
            status__in=(AttemptStatus.GRADED, AttemptStatus.AWAITING_REVIEW)).values(
            "pk", "user_id", "quiz_id", "status", "submitted_at", "graded_at", "score_percent", "passed"):
        found[(row["user_id"], row["quiz_id"])].append(row)
    return found


def _readings(assignments, user_ids):
    """``{(user id, document id): [(major, minor, when)]}``: one query, none without a briefing."""
    briefings = [a for a in assignments if a.document_id]
    if not briefings or not user_ids:
        return {}
    found = defaultdict(list)
    for user_id, document_id, major, minor, when in ReadAcknowledgement.objects.filter(
            document_id__in={a.document_id for a in briefings}, user_id__in=user_ids).values_list(
            "user_id", "document_id", "version__major", "version__minor", "acknowledged_at"):
        found[(user_id, document_id)].append((major, minor, when))
    return found


def _result(assignment, person, attempts, readings, today):
    if assignment.quiz_id:
        rows = [r for r in attempts.get((person.pk, assignment.quiz_id), ())
                if r["submitted_at"] >= assignment.created_at]
        graded = [r for r in rows if r["status"] == AttemptStatus.GRADED]
        if graded:
            best = max(graded, key=lambda r: (r["score_percent"], -r["pk"]))
            return MemberResult(person, Status.DONE, score=best["score_percent"], passed=best["passed"],
                                done_at=min(r["graded_at"] or r["submitted_at"] for r in graded),
                                attempt_id=best["pk"])
        if rows:
            return MemberResult(person, Status.AWAITING_REVIEW)
    else:
        version = assignment.document_version
        read = [when for major, minor, when in readings.get((person.pk, assignment.document_id), ())
                if (major, minor) >= (version.major, version.minor)]
        if read:
            return MemberResult(person, Status.DONE, done_at=min(read))
    return MemberResult(person, Status.OVERDUE if assignment.due_on < today else Status.OPEN)


def results(assignments, *, today=None):
    """``{assignment pk: [MemberResult per member of its team, by name]}`` in three queries at
    most (the members, the attempts, the reading records)."""
    today = today or timezone.localdate()
    assignments = list(assignments)
    if not assignments:
        return {}
    members = _members({a.team_id for a in assignments})
    user_ids = {person.pk for people in members.values() for person in people}
    attempts, readings = _attempts(assignments, user_ids), _readings(assignments, user_ids)
    return {a.pk: [_result(a, person, attempts, readings, today) for person in members.get(a.team_id, [])]
            for a in assignments}


@dataclass
class Summary:
    members: int
    done: int
    overdue: int
    average: Decimal | None  # the average score of those done (a quiz)


def summary(rows):
    done = [r for r in rows if r.is_done]
    scores = [r.score for r in done if r.score is not None]
    return Summary(members=len(rows), done=len(done), overdue=sum(1 for r in rows if r.status == Status.OVERDUE),
                   average=(sum(scores) / len(scores)) if scores else None)


@dataclass
class QuestionRate:
    name: str
    text: str
    answered: int
    correct: int

    @property
    def rate(self):
        return round(100 * self.correct / self.answered) if self.answered else None


def question_rates(rows):
    """How each question went in the counted attempts (each member's best): how many answered it
    and how many earned its full marks, in one query; the hardest first."""
    attempt_ids = [r.attempt_id for r in rows if r.attempt_id]
    if not attempt_ids:
        return []
    rates = [QuestionRate(row["question__name"], row["question__text"], row["answered"], row["correct"])
             for row in Response.objects.filter(attempt_id__in=attempt_ids).values(
                 "question_id", "question__name", "question__text").annotate(
                 answered=Count("pk"), correct=Count("pk", filter=Q(points__gte=F("max_points"))),
                 first=Min("position")).order_by("first", "question_id")]
    return sorted(rates, key=lambda q: (q.rate if q.rate is not None else 101))


def open_for(user, *, today=None):
    """What ``user`` still has to do: ``[(assignment, MemberResult)]`` of their teams'
    assignments not done, the soonest due first; three queries at most."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        return []
    assignments = list(with_related(TeamAssignment.objects.filter(team__members=user)).order_by("due_on", "pk"))
    if not assignments:
        return []
    attempts, readings = _attempts(assignments, [user.pk]), _readings(assignments, [user.pk])
    pending = []
    for assignment in assignments:
        result = _result(assignment, user, attempts, readings, today)
        if not result.is_done:
            pending.append((assignment, result))
    return pending


def missed_assessments(engineer_ids, *, today=None):
    """``{engineer id: why}`` for the members who have not done the last quarterly assessment
    that fell due on one of their teams (each team's latest whose due date has passed; a later
    one, once due, replaces it). Answers waiting for a grader are not missed. Three queries at
    most, none for engineers in no such team."""
    today = today or timezone.localdate()
    engineer_ids = list(engineer_ids)
    due = list(TeamAssignment.objects.quarterly().overdue(today).filter(team__members__in=engineer_ids)
               .select_related("quiz", "document", "document_version").distinct().order_by("team_id", "-due_on", "-pk"))
    last = {}
    for assignment in due:
        last.setdefault(assignment.team_id, assignment)
    if not last:
        return {}
    members = _members(list(last), user_ids=engineer_ids)
    assignments = list(last.values())
    attempts, readings = _attempts(assignments, engineer_ids), _readings(assignments, engineer_ids)
    missed = {}
    for assignment in sorted(assignments, key=lambda a: a.due_on):
        for person in members.get(assignment.team_id, []):
            if _result(assignment, person, attempts, readings, today).status == Status.OVERDUE:
                missed[person.pk] = (f"missed the team assessment “{assignment.title}” due on "
                                     f"{assignment.due_on:%d %b %Y}")
    return missed


REMINDER_DAYS = 90  # an assignment overdue longer than this leaves the reminders (its results stay)


def overdue_with_members(*, today=None):
    """``[(assignment, [members overdue])]`` of the assignments whose due date passed in the last
    ``REMINDER_DAYS`` days, for the reminders (answers waiting for a grader are not overdue): four
    queries at most."""
    today = today or timezone.localdate()
    assignments = list(with_related(TeamAssignment.objects.overdue(today).filter(
        due_on__gte=today - timedelta(days=REMINDER_DAYS))).prefetch_related("team__managers"))
    found = results(assignments, today=today)
    late = [(a, [r.person for r in found.get(a.pk, []) if r.status == Status.OVERDUE]) for a in assignments]
    return [(a, people) for a, people in late if people]


def missed_by(user, quiz, *, today=None):
    """Has ``quiz`` been a quarterly assessment of one of ``user``'s teams whose due date passed?"""
    today = today or timezone.localdate()
    return TeamAssignment.objects.quarterly().overdue(today).filter(team__members=user, quiz=quiz).exists()
