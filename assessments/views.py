"""Thin views: HTTP in, a selector or a service call, a template out.

Refusals (``AssessmentError``) become flash messages. An attempt the user may not see answers 404.
"""

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from content.docfiles import FileProblem

from . import access, grading, selectors, services
from .exceptions import AssessmentError
from .formatting import plain
from .forms import AnswerForm, QuestionImportForm, ReviewForm, shown_field_name
from .gift import GiftError
from .models import Attempt, AttemptStatus, QuestionBank, QuestionKind, Quiz

PAGE_SIZE = 20


def _safe_next(request):
    """The optional ``next`` (a local URL back to the engineer's training), or ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@require_GET
def quiz_list(request):
    quizzes = selectors.quizzes_for(user=request.user, include_unpublished=access.can_manage(request.user))
    page = Paginator(quizzes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/quiz_list.html", {
        "page": page, "quizzes": page.object_list, "may_import": access.can_manage(request.user),
    })


@require_GET
def quiz_detail(request, slug):
    try:
        quiz = selectors.quiz_detail(user=request.user, slug=slug,
                                     include_unpublished=access.can_manage(request.user))
    except Quiz.DoesNotExist:
        raise Http404 from None
    attempts = list(selectors.attempts_for(user=request.user, quiz=quiz))
    open_attempt = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    left = selectors.attempts_left(quiz, len(attempts))
    return render(request, "assessments/quiz_detail.html", {
        "quiz": quiz, "attempts": attempts, "open_attempt": open_attempt, "attempts_left": left,
        "can_start": open_attempt is not None or left is None or left > 0,
        "next_url": _safe_next(request), "can_manage": access.can_manage(request.user),
    })


@require_POST
def attempt_start(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug)
    next_url = _safe_next(request)
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect(_with_next(quiz.get_absolute_url(), next_url))
    return redirect(_with_next(reverse("assessments:attempt_detail", kwargs={"pk": attempt.pk}), next_url))


def _own_attempt(request, pk):
    queryset = selectors.sitting(Attempt.objects.visible_to(request.user).owned_by(request.user))
    return get_object_or_404(queryset, pk=pk)


@require_GET
def attempt_detail(request, pk):
    """The sitting: one form, a fieldset per question, each saved by htmx as it changes."""
    attempt = _own_attempt(request, pk)
    next_url = _safe_next(request)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return redirect(_with_next(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk}), next_url))
    responses = list(attempt.responses.all())
    now = timezone.now()
    return render(request, "assessments/attempt_detail.html", {
        "attempt": attempt, "quiz": attempt.quiz, "next_url": next_url,
        "items": [(response, AnswerForm(response)) for response in responses],
        "answered": sum(1 for r in responses if r.is_answered),
        "seconds_left": max(0, int((attempt.deadline - now).total_seconds())) if attempt.deadline else None,
        "time_is_up": attempt.deadline is not None and now > attempt.deadline,
    })


@require_POST
def attempt_answer(request, pk, response_pk):
    """htmx autosave of one answer. Answers a small status fragment; never a score."""
    attempt = get_object_or_404(Attempt.objects.visible_to(request.user).owned_by(request.user), pk=pk)
    response = get_object_or_404(
        attempt.responses.select_related("question").prefetch_related("question__choices"), pk=response_pk
    )
    form = AnswerForm(response, request.POST)
    if not form.is_valid():
        message, ok = "Not saved: " + " ".join(form.errors.get(form.field_name, ["check the answer"])), False
    else:
        try:
            services.attempt_answer_save(attempt=attempt, user=request.user, response=response, **form.answer())
            message, ok = f"Saved at {time_format(timezone.localtime(), 'H:i:s')}", True
        except AssessmentError as exc:
            message, ok = f"Not saved: {exc}", False
    if not request.htmx:
        (messages.success if ok else messages.error)(request, message)
        return redirect("assessments:attempt_detail", pk=attempt.pk)
    answered, total = selectors.answered_count(attempt)  # the bar's count follows (out of band)
    return render(request, "assessments/_answer_status.html",
                  {"message": message, "ok": ok, "answered": answered, "total": total})


@require_POST
def attempt_submit(request, pk):
    attempt = _own_attempt(request, pk)
    next_url = _safe_next(request)
    result_url = _with_next(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk}), next_url)
    answers = {}
    for response in attempt.responses.all():
        if shown_field_name(response) not in request.POST:
            continue  # the page did not show this question: keep the saved answer
        form = AnswerForm(response, request.POST)
        if form.is_valid():
            answers[response.pk] = form.answer()
    try:
        attempt = services.attempt_submit(attempt=attempt, user=request.user, answers=answers)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect(result_url)
    if attempt.is_late:
        messages.warning(request, "Submitted after the time limit: the attempt is recorded as late.")
    if attempt.status == AttemptStatus.AWAITING_REVIEW:
        messages.info(request, "Submitted. Your scenario answers now wait for a reviewer.")
    else:
        messages.success(request, "Submitted and graded.")
    return redirect(result_url)


@require_GET
def attempt_result(request, pk):
    attempt = get_object_or_404(selectors.attempt_with_responses(Attempt.objects.visible_to(request.user)), pk=pk)
    own = attempt.user_id == request.user.pk
    next_url = _safe_next(request)
    if attempt.status == AttemptStatus.IN_PROGRESS:
        if not own:
            raise Http404
        return redirect(_with_next(reverse("assessments:attempt_detail", kwargs={"pk": attempt.pk}), next_url))
    used = Attempt.objects.filter(user=attempt.user, quiz=attempt.quiz).count()
    passed_quiz = selectors.has_passed(user=attempt.user, quiz=attempt.quiz)
    show_feedback = (
        selectors.feedback_visible(attempt, passed_quiz=passed_quiz) if own
        else attempt.status == AttemptStatus.GRADED
    )
    return render(request, "assessments/attempt_result.html", {
        "attempt": attempt, "quiz": attempt.quiz, "own": own, "responses": list(attempt.responses.all()),
        "show_feedback": show_feedback, "rows": _result_rows(attempt.responses.all()) if show_feedback else [],
        "attempts_left": selectors.attempts_left(attempt.quiz, used),
        "next_url": next_url,
    })


def _number(value):
    return f"{value:g}"


def _result_rows(responses):
    """What the result page shows per question: the answer given, the right one, the feedback."""
    rows = []
    for response in responses:
        question = response.question
        choices = list(question.choices.all())
        words = partial(plain, text_format=question.text_format)  # options and feedback: no markup
        row = {"response": response, "given": "", "correct": "", "feedback": [], "criteria": [],
               "full": response.points is not None and response.points >= response.max_points,
               "some": bool(response.points)}
        if question.is_matching:
            by_id = {choice.pk: choice for choice in choices}
            row["given"] = "; ".join(f"{words(by_id[item].text)} → {words(by_id[answer].match_text)}"
                                      for item, answer in response.selected if item in by_id and answer in by_id)
            row["correct"] = "; ".join(f"{words(choice.text)} → {words(choice.match_text)}"
                                       for choice in choices if choice.text)
        elif question.has_choices:
            by_id = {choice.pk: choice for choice in choices}
            chosen = [by_id[pk] for pk in response.selected if pk in by_id]
            row["given"] = ", ".join(words(choice.text) for choice in chosen)
            row["feedback"] = [words(choice.feedback) for choice in chosen if choice.feedback]
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                right = [choice for choice in choices if choice.fraction > 0]
            else:
                best = max((choice.fraction for choice in choices), default=0)
                right = [choice for choice in choices if choice.fraction == best]
            row["correct"] = ", ".join(words(choice.text) for choice in right)
        elif question.kind in (QuestionKind.SHORT_ANSWER, QuestionKind.NUMERIC):
            row["given"] = response.text
            full = [choice for choice in choices if choice.fraction == 100]
            if question.kind == QuestionKind.SHORT_ANSWER:
                matched = [c for c in choices if response.text and grading.short_answer_matches(c, response.text)]
                row["correct"] = grading.correct_short_answer(question, choices)  # never the answer key's pattern
            else:
                number = grading.parse_number(response.text)
                matched = [c for c in choices if number is not None and c.value is not None
                           and abs(number - c.value) <= c.tolerance]
                row["correct"] = " or ".join(
                    _number(c.value) + (f" ± {_number(c.tolerance)}" if c.tolerance else "") for c in full
                )
            if question.kind == QuestionKind.NUMERIC and not matched and response.text:
                matched = [c for c in choices if c.value is None]  # Moodle's "~#" for any other number
            matched.sort(key=lambda choice: choice.fraction, reverse=True)
            if matched and matched[0].feedback:
                row["feedback"] = [words(matched[0].feedback)]
        else:
            row["given"] = response.text
            criteria = {criterion.pk: criterion for criterion in question.criteria.all()}
            row["criteria"] = [
                {"criterion": criteria[score.criterion_id], "points": score.points}
                for score in response.criterion_scores.all() if score.criterion_id in criteria
            ]
        rows.append(row)
    return rows


@require_GET
def review_queue(request):
    if not access.is_reviewer(request.user):
        raise PermissionDenied
    page = Paginator(selectors.review_queue(reviewer=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/review_queue.html", {"page": page, "attempts": page.object_list})


@require_http_methods(["GET", "POST"])
def review_attempt(request, pk):
    attempt = get_object_or_404(selectors.attempt_with_responses(Attempt.objects.visible_to(request.user)), pk=pk)
    if not access.may_review(request.user, attempt):
        raise PermissionDenied
    if attempt.status != AttemptStatus.AWAITING_REVIEW:
        messages.info(request, "This attempt is not waiting for review.")
        return redirect("assessments:attempt_result", pk=attempt.pk)
    responses = list(attempt.responses.all())
    pending = [r for r in responses if r.question.is_scenario and r.points is None]
    form = ReviewForm(pending, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attempt_review_grade(attempt=attempt, reviewer=request.user,
                                          scores=form.scores(), comments=form.comments())
        except AssessmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Graded {attempt.user.get_full_name() or attempt.user.username}'s "
                                      f"attempt at {attempt.quiz.title}.")
            return redirect("assessments:review_queue")
    return render(request, "assessments/review_attempt.html", {
        "attempt": attempt, "quiz": attempt.quiz, "form": form,
        "objective": [r for r in responses if not r.question.is_scenario],
    })


@require_GET
def item_statistics(request, slug):
    if not access.can_manage(request.user):
        raise PermissionDenied
    quiz = get_object_or_404(Quiz, slug=slug)
    return render(request, "assessments/item_statistics.html", {
        "quiz": quiz, "rows": selectors.item_statistics(quiz=quiz),
        "attempt_count": quiz.attempts.filter(status=AttemptStatus.GRADED).count(),
    })


@require_http_methods(["GET", "POST"])
def question_import(request):
    """Upload a GIFT file into a question bank: all or nothing, every problem with its line."""
    if not access.can_manage(request.user):
        raise PermissionDenied
    form = QuestionImportForm(request.POST, request.FILES) if request.method == "POST" else QuestionImportForm()
    problems, checked = [], None
    if form.is_valid():
        data = form.cleaned_data
        try:
            bank, questions = services.question_bank_import_gift(
                bank_name=data["bank"], source=data["file"].text, author=request.user, dry_run=data["dry_run"])
        except GiftError as error:
            problems = FileProblem.each(data["file"].name, error.errors)
        except AssessmentError as error:
            form.add_error("bank", str(error))
        else:
            added = f"{len(questions)} question(s) into the bank “{bank.name}”"
            rubric = services.rubric_needed_note(questions)
            if not data["dry_run"]:
                messages.success(request, f"Imported {added}.")
                if rubric:
                    messages.warning(request, rubric)
                return redirect("assessments:question_import")
            checked = f"Check only, nothing was changed: this file would add {added}. {rubric}".strip()
    return render(request, "assessments/question_import.html", {
        "form": form, "problems": problems, "checked": checked,
        "page": Paginator(selectors.question_banks(), PAGE_SIZE).get_page(request.GET.get("page")),
        "may_edit_questions": request.user.has_perm("assessments.change_question"),
    })


@require_GET
def bank_download(request, pk):
    """A question bank as a GIFT file, to edit and import into another bank or installation."""
    if not access.can_manage(request.user):
        raise PermissionDenied
    bank = get_object_or_404(QuestionBank, pk=pk)
    filename = f"{slugify(bank.name) or 'bank'}.gift"
    text, _count = services.question_bank_export_gift(bank=bank, destination=f"a download ({filename})")
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

