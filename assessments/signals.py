"""Signals other apps listen to (training completes quiz and validation steps)."""

from django.dispatch import Signal

# Sent with ``attempt`` (sender=Attempt), inside the grading transaction, whenever an attempt
# reaches its final grade: auto-graded at submission, or once a reviewer has scored its scenario
# answers. ``attempt.passed`` and ``attempt.score_percent`` are set.
attempt_graded = Signal()

# Sent with ``attempt`` (sender=Attempt), inside the submission's transaction, when a submitted
# attempt waits for a reviewer to score its scenario answers (``attempt_graded`` follows then).
attempt_awaiting_review = Signal()

# Sent inside the import transaction once a GIFT file's questions are saved (never for a refused
# import). Arguments: ``bank`` (the QuestionBank), ``questions`` (the new Question rows).
questions_imported = Signal()

# Sent when a bank is written out as GIFT (``export_questions``, or downloaded from the import
# page). Arguments: ``bank``, ``count`` (how many questions), ``destination`` (a file name,
# "standard output", or "a download (name)").
questions_exported = Signal()
