"""``manage.py import_questions`` with files as they arrive: saved by Windows, with a byte order
mark, empty, or checked first with ``--dry-run``."""

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Question, QuestionBank
from assessments.services import question_bank_import_gift

pytestmark = pytest.mark.django_db
BANK = """$CATEGORY: Capitals

::capitals::Match each country with its capital. {=Canada -> Ottawa =Italy -> Rome}

Grant is {~buried =entombed ~living} in Grant's tomb.

::q8::How are you? {}
"""


def gift_file(tmp_path, data, name="bank.gift"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_a_windows_1252_file_names_file_line_column_and_byte(tmp_path):
    path = gift_file(tmp_path, "::a::Fine? {T}\n\n::b::The caf\u00e9\u2019s menu? {T}\n".encode("cp1252"))
    with pytest.raises(CommandError) as caught:
        call_command("import_questions", str(path), "--bank", "B")
    assert str(caught.value) == (f"Nothing imported; 1 error(s):\n{path}:3:13: not UTF-8 text (byte 0xe9); save "
                                 "the file as UTF-8")
    assert not QuestionBank.objects.exists()


def test_a_byte_order_mark_is_accepted(tmp_path, capsys):
    call_command("import_questions", str(gift_file(tmp_path, b"\xef\xbb\xbf::t::True? {T}\n")), "--bank", "B")
    assert "Imported 1 question(s)" in capsys.readouterr().out
    assert Question.objects.get().name == "t"


@pytest.mark.parametrize(("data", "problem"), [
    (b"", ": the file is empty, there is nothing to import"),
    (b"\n\n", ": the file is empty, there is nothing to import"),
    (b"\xef\xbb\xbf// only a comment\n", ":1: the file holds no questions"),
])
def test_an_empty_file_is_refused_and_creates_no_bank(tmp_path, data, problem):
    path = gift_file(tmp_path, data)
    with pytest.raises(CommandError) as caught:
        call_command("import_questions", str(path), "--bank", "B")
    assert str(caught.value) == f"Nothing imported; 1 error(s):\n{path}{problem}"
    assert not QuestionBank.objects.exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"Nothing imported; 1 error\(s\):\n.*nope\.gift: no such file$"):
        call_command("import_questions", str(tmp_path / "nope.gift"), "--bank", "B")


def test_a_dry_run_names_what_would_be_created_and_changes_nothing(tmp_path, capsys):
    path = gift_file(tmp_path, BANK)
    call_command("import_questions", str(path), "--bank", "Moodle bank", "--dry-run")
    assert capsys.readouterr().out == (
        f"Check only, nothing was changed. {path} would:\n"
        "  create the question bank “Moodle bank”\n"
        "  create the category “Capitals”\n"
        "  add 3 question(s) to the bank “Moodle bank”:\n"
        "    line 3: “capitals” (matching) in “Capitals”\n"
        "    line 5: “Grant is _____ in Grant's tomb.” (missing word, single choice) in “Capitals”\n"
        "    line 7: “q8” (scenario) in “Capitals”\n"
        "1 scenario question(s) need a rubric: “q8”. Until they have one, a reviewer scores each answer as a "
        "whole, out of the question's points.\n"
    )
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_a_dry_run_into_an_existing_bank_creates_only_what_is_new(tmp_path, capsys):
    question_bank_import_gift(bank_name="Moodle bank", source="$CATEGORY: Capitals\n\n::old::Old? {T}\n")
    call_command("import_questions", str(gift_file(tmp_path, BANK)), "--bank", "Moodle bank", "--dry-run")
    out = capsys.readouterr().out
    assert "create the question bank" not in out and "create the category" not in out
    assert "  add 3 question(s) to the bank “Moodle bank”:" in out
    assert list(Question.objects.values_list("name", flat=True)) == ["old"]


def test_a_dry_run_of_a_broken_file_reports_every_line(tmp_path):
    path = gift_file(tmp_path, "::a::One {=a ~b}\n\n::b::Two {#many}\n\n::c::Three {=x -> 1}\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_questions", str(path), "--bank", "B", "--dry-run")
    assert f"{path}:3: value “many” is not a number" in str(caught.value)
    assert f"{path}:5: a matching question needs at least 2" in str(caught.value)
