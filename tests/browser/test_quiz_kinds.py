"""An engineer sits a quiz written in Moodle's GIFT: types a word into the blank of a sentence,
matches countries with capitals from shuffled lists, and reads the result. The pages are checked
by axe like every page a browser test opens (conftest.py)."""

import pytest
from playwright.sync_api import expect

from assessments.services import question_bank_import_gift
from tests.assessments.factories import quiz_with
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
BANK = """::two::Two plus {=two =2} equals four.

::capitals::[markdown]Match each country with its **capital**. {=Canada -> Ottawa =Italy -> Rome = -> Paris}
"""


def test_a_missing_word_and_a_matching_question_are_answered_in_place(open_page):
    engineer = UserFactory(username="mwengineer")
    engineer.set_password("shiftready")
    engineer.save()
    _bank, questions = question_bank_import_gift(bank_name="Moodle", source=BANK)
    quiz = quiz_with(questions, title="Moodle quiz", feedback_mode="after_attempt")
    page = open_page("mwengineer")
    page.goto(f"/quizzes/{quiz.slug}/")
    page.get_by_role("button", name="Start").first.click()

    blank = page.get_by_label("Your answer to question 1 (the blank)")
    expect(page.locator("#question-1 .question-text")).to_contain_text("Two plus")
    blank.fill("2")
    expect(page.locator("#question-1 .answer-status")).to_contain_text("Saved")
    expect(page.locator("#question-2 .question-text strong")).to_have_text("capital")
    page.get_by_label("Canada").select_option(label="Ottawa")
    expect(page.locator("#question-2 .answer-status")).to_contain_text("Saved")
    page.get_by_label("Italy").select_option(label="Paris")
    page.get_by_role("button", name="Submit answers").click()

    expect(page.get_by_test_id("result-summary")).to_contain_text("75%")
    expect(page.get_by_test_id("feedback").nth(1)).to_contain_text("Canada → Ottawa; Italy → Paris")
