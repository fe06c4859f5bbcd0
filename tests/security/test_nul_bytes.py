"""A NUL byte is valid UTF-8 but in no text file, and PostgreSQL stores none in a text column:
every import refuses a file holding one, naming its line, and writes nothing (found by the GIFT
fuzz test on PostgreSQL, where it was a server error)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError

from assessments import gift
from assessments.models import Question
from assessments.services import question_bank_import_gift
from content.models import Document
from content.services import library_import
from content.uploads import read_text
from content.versions import ImportRefused
from training.tracks import services as track_services
from training.tracks.models import Exercise, Track
from training.tracks.trackfile import TrackFileError

pytestmark = pytest.mark.django_db
NUL = "a NUL byte (0x00)"


def test_a_gift_file_with_a_nul_byte_is_refused_with_its_line():
    with pytest.raises(gift.GiftError) as refused:
        question_bank_import_gift(bank_name="Fuzz", source="::q1:: Fine? {T}\n\n::q2:: Bad\x00 {}\n")
    assert refused.value.errors[0][0] == 3 and NUL in refused.value.errors[0][1]
    assert not Question.objects.exists()


def test_a_track_file_with_a_nul_byte_is_refused_with_its_line():
    text = "---\nname: Nul\nslug: nul\n---\n## Week 1\n- [ ] Shadow\x00 {hours: 2}\n"
    with pytest.raises(TrackFileError) as refused:
        track_services.track_file_import(text=text)
    assert any(line == 6 and NUL in message for line, message in refused.value.errors)
    assert not Track.objects.filter(slug="nul").exists()


def test_an_exercise_file_with_a_nul_byte_is_refused_with_its_line():
    text = ("## Restore\x00 {slug: restore, minutes: 5}\n\n### Instructions\n1. Do.\n\n"
            "### Sign-off checklist\n- [ ] Done\n")
    with pytest.raises(TrackFileError) as refused:
        track_services.exercises_import(text=text)
    assert any(line == 1 and NUL in message for line, message in refused.value.errors)
    assert not Exercise.objects.filter(slug="restore").exists()


def test_a_document_with_a_nul_byte_is_refused_with_its_line_and_column(tmp_path):
    (tmp_path / "runbook.md").write_text("# Runbook\n\nPromote the\x00 replica.\n")
    with pytest.raises(ImportRefused) as refused:
        library_import(path=tmp_path)
    problem = refused.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("runbook.md", 3, 12) and NUL in problem.reason
    assert not Document.objects.exists()


def test_an_uploaded_file_with_a_nul_byte_is_refused_on_every_import_page():
    with pytest.raises(ValidationError) as refused:
        read_text(SimpleUploadedFile("bank.gift", b"::q:: x\x00 {T}\n"))
    assert "bank.gift:1:8: " + NUL in refused.value.messages[0]
