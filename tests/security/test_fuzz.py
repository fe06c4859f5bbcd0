"""Hostile input, property-based (Hypothesis): the track, exercise, document and GIFT importers and
every form, fed random and hostile text (huge, deeply nested, control characters, NUL bytes, bytes
that are not UTF-8, HTML and script, YAML bombs). Each ends in a clear error (the importer's error
with a line number, a form error, a 4xx) or a clean import: never an unhandled exception, a 500 or
a partial write. OWASP ASVS 5.0 V1.5 (safe deserialization: YAML aliases refused), V2.2.1 (input
validated against expected structure), V5.2.1 (files of a size the application can process).

The examples are bounded so the module runs in well under a minute per database."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessments import gift
from assessments.exceptions import AssessmentError
from assessments.models import Choice, Question, QuestionBank
from assessments.services import question_bank_import_gift
from content.models import Document, DocumentVersion
from content.services import ImportRefused, library_import
from tests.security.world import World
from tests.training.factories import SIMPLE_TRACK
from training.tracks import services as track_services
from training.tracks.exercisefile import parse_exercises
from training.tracks.models import Exercise, Stage, Step, Track
from training.tracks.trackfile import TrackFileError, parse_track

QUICK = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
FEW = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

# A billion laughs: ten aliases of ten aliases of ... would be 10**9 strings once expanded.
YAML_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
)
DEEP = "x: " + "[" * 5000 + "]" * 5000
HOSTILE = [
    "<script>alert(document.cookie)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "\x00", "a\x00b", "\x1b[31m\x07\x08", "\u202egnp.exe", "\ufeff", "\r\n\r\n", "' OR 1=1 --",
    "../../../../etc/passwd", "{{ settings.SECRET_KEY }}", "{% debug %}", "%s%s%n", "${jndi:ldap://x}",
    "A" * 100_000, "💥" * 5000, "[" * 3000, "{" * 3000, "- " * 3000, "|" * 5000, "::" * 2000,
]
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
hostile_text = st.one_of(text, st.sampled_from(HOSTILE), st.lists(st.sampled_from(HOSTILE), max_size=4).map("".join))


def track_text(body):
    return st.one_of(
        body,
        st.builds(lambda front, rest: f"---\n{front}\n---\n{rest}", body, body),
        st.builds(lambda line: SIMPLE_TRACK.format(exercise="practise").replace("hours: 2", line), body),
        st.builds(lambda line: SIMPLE_TRACK.format(exercise="practise") + f"- [ ] {line}\n", body),
    )


def assert_line_numbered(error):
    assert error.errors, "an import error must say what is wrong"
    for line, message in error.errors:
        assert isinstance(line, int) and line >= 0 and message


def counts(*models):
    return tuple(model.objects.count() for model in models)


# --- Track and exercise files ----------------------------------------------------------------------


@QUICK
@given(track_text(hostile_text))
@example(f"---\n{YAML_BOMB}\nname: Bomb\nslug: bomb\n---\n## Stage\n- [ ] Step\n")
@example(f"---\n{DEEP}\n---\n")
@example("---\nname: X\nslug: x\nvalidity_months: 2026-02-30\n---\n## S\n- [ ] a\n")
@example("---\nname: X\nslug: x\n---\n## S\n- [ ] a {hours: &h 4, lead: *h}\n")
@example("---\nname: X\nslug: x\n---\n## S\n- [ ] a {hours: " + "[" * 3000 + "}\n")
@example("---\nname: " + "x" * 200_000 + "\n---\n")
@example("---\r---")  # an empty front matter passed with no slug; the import then crashed
def test_the_track_parser_gives_a_spec_or_line_numbered_errors(source):
    try:
        spec = parse_track(source, "fuzz.md")
    except TrackFileError as error:
        assert_line_numbered(error)
    else:
        assert spec.slug


def test_a_yaml_bomb_in_the_front_matter_is_refused_by_line_without_expanding():
    with pytest.raises(TrackFileError) as caught:
        parse_track(f"---\n{YAML_BOMB}\n---\n## S\n- [ ] a\n")
    assert any("anchors and aliases" in message for _, message in caught.value.errors)


@FEW
@given(track_text(hostile_text))
@example(SIMPLE_TRACK.format(exercise="practise").replace("name: Simple track", "name: <script>x</script>"))
@example(SIMPLE_TRACK.format(exercise="practise").replace("slug: simple", "slug: ../../etc"))
@example(SIMPLE_TRACK.format(exercise="practise").replace("## Week 2: Sign-off", "## " + "W" * 5000))
@example("---\n---\n## S\n- [ ] a\n")
@pytest.mark.django_db
def test_a_track_import_is_whole_or_nothing(source):
    Exercise.objects.get_or_create(slug="practise", defaults={"title": "Practise", "checklist": ["Done"]})
    before = counts(Track, Stage, Step)
    try:
        track_services.track_import(text=source, filename="fuzz.md")
    except TrackFileError as error:
        assert_line_numbered(error)
        assert counts(Track, Stage, Step) == before


EXERCISE = ("## Practise {slug: practise, minutes: 20}\n\n### Instructions\n1. Do it.\n\n"
            "### Sign-off checklist\n- [ ] Done\n")


@QUICK
@given(st.one_of(hostile_text, st.builds(lambda x: EXERCISE.replace("Do it.", x), hostile_text),
                 st.builds(lambda x: EXERCISE.replace("minutes: 20", x), hostile_text)))
@example(EXERCISE.replace("minutes: 20", "minutes: &m 20, x: *m"))
@example(EXERCISE.replace("minutes: 20", "minutes: " + "[" * 3000))
@example(EXERCISE.replace("slug: practise", "slug: 2026-02-30"))
@pytest.mark.django_db
def test_an_exercise_import_is_whole_or_nothing(source):
    before = list(Exercise.objects.order_by("pk").values_list("slug", "title", "checklist"))
    try:
        parse_exercises(source, "fuzz.md")
        track_services.exercises_import(text=source, filename="fuzz.md")
    except TrackFileError as error:
        assert_line_numbered(error)
        assert list(Exercise.objects.order_by("pk").values_list("slug", "title", "checklist")) == before


# --- Document folders ------------------------------------------------------------------------------

DOCUMENT = ("---\ncategory: runbook\n---\n# Runbook\n\nRestart it.\n\n## Revision History\n\n"
            "| Date | Version | Changes |\n|---|---|---|\n| 2026-01-05 | 1.0 | First |\n")

raw_bytes = st.one_of(
    st.binary(max_size=400),
    hostile_text.map(lambda t: t.encode("utf-8")),
    hostile_text.map(lambda t: DOCUMENT.replace("Restart it.", t).encode("utf-8")),
    hostile_text.map(lambda t: DOCUMENT.replace("category: runbook", t).encode("utf-8")),
    hostile_text.map(lambda t: DOCUMENT.replace("| 2026-01-05 | 1.0 | First |", t).encode("utf-8")),
)


@FEW
@given(st.lists(raw_bytes, min_size=1, max_size=3))
@example([DOCUMENT.encode("utf-8"), b"\xff\xfe# Not UTF-8 \xc3\x28\n"])
@example([f"---\n{YAML_BOMB}\n---\n# Bomb\n".encode()])
@example([f"---\n{DEEP}\n---\n# Deep\n".encode()])
@example([b"---\nlast_reviewed: 2026-02-30\n---\n# Leap\n"])
@example([b"# Huge\n\n" + b"x" * (3 * 1024 * 1024)])
@pytest.mark.django_db
def test_a_library_import_is_whole_or_nothing(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("docs")
    for index, content in enumerate(files):
        (folder / f"doc-{index}.md").write_bytes(content)
    before = counts(Document, DocumentVersion)
    try:
        report = library_import(path=folder)
    except ImportRefused as refused:
        assert refused.problems and all(isinstance(p.line, int) for p in refused.problems)
        assert counts(Document, DocumentVersion) == before
    else:
        assert report.count("create") + report.count("update") + report.count("unchanged") == len(files)


# --- GIFT question banks ---------------------------------------------------------------------------

GIFT = "::q1:: Is the broker RabbitMQ? {T}\n\n::q2:: Which port? {=5672 ~80 ~443}\n"


@QUICK
@given(st.one_of(hostile_text, hostile_text.map(lambda t: GIFT.replace("Which port?", t)),
                 hostile_text.map(lambda t: GIFT.replace("=5672", t)), hostile_text.map(lambda t: GIFT + t)))
@example("::" + "n" * 1000 + ":: Long name {T}")
@example("$CATEGORY: " + "c" * 1000 + "\n\n::q:: x {T}")
@example("{" * 5000)
@example("::q:: <script>alert(1)</script> {=<b>yes</b> ~no}")
@example("::q:: numeric {#" + "9" * 400 + "}")
@example("::q:: numeric {#1e309:1e309}")
@pytest.mark.django_db
def test_a_gift_import_is_whole_or_nothing(source):
    before = counts(QuestionBank, Question, Choice)
    try:
        gift.parse(source)
        question_bank_import_gift(bank_name="Fuzz", source=source)
    except gift.GiftError as error:
        assert error.errors and all(isinstance(line, int) for line, _ in error.errors)
        assert counts(Question, Choice) == before[1:]
    except AssessmentError:
        assert counts(Question, Choice) == before[1:]


# --- Every form ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def forms_world(django_db_setup, django_db_blocker):
    """One world for every form example (built once: Hypothesis runs many examples per test)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from unittest import mock

            with mock.patch("django.db.transaction.on_commit", lambda func, *a, **k: func()):
                world = World(_RunAtOnce)
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


class _RunAtOnce:
    def __init__(self, execute=True):
        pass

    def __enter__(self):
        return []

    def __exit__(self, *exc):
        return False


def form_posts(w):
    """(role, URL, field names) of every form the site shows, posted as the right user."""
    readiness = [f"item_{i}" for i in range(len(w.track.readiness_items))]
    return [
        ("manager", reverse("training:readiness", args=[w.enrollment.pk]), readiness),
        ("manager", reverse("training:enroll"), ["engineer", "track", "mentor", "target_date"]),
        ("engineer", reverse("training:exercise_log_submit", args=[w.exercise_progress.pk]), ["notes", "ticks"]),
        ("engineer", reverse("training:shadow_shift_log", args=[w.shadow_progress.pk]),
         ["date", "hours", "host", "role", "notes", "incident_reference", "incident_severity"]),
        ("mentor", reverse("training:exercise_log_decide", args=[w.log.pk]), ["decision", "comment"]),
        ("host", reverse("training:shadow_shift_decide", args=[w.shift.pk]), ["decision", "comment"]),
        ("manager", reverse("training:sign_off", args=[w.enrollment.pk]), ["comment", "password"]),
        ("admin", reverse("training:certificate_revoke", args=[w.certificate.pk]), ["reason", "password"]),
        ("manager", reverse("training:certificate_review", args=[w.certificate.pk]), ["outcome", "notes", "password"]),
        ("engineer", reverse("assessments:attempt_answer", args=[w.attempt.pk, w.response.pk]),
         [f"q{w.response.pk}", f"q{w.response.pk}_shown"]),
        ("mentor", reverse("assessments:review_attempt", args=[w.scenario_attempt.pk]),
         [f"{prefix}_{r.pk}" for r in w.scenario_attempt.responses.all() for prefix in ("points", "comment")]
         + [f"criterion_{c.pk}" for r in w.scenario_attempt.responses.all() for c in r.question.criteria.all()]),
        ("engineer", reverse("account_change_password"), ["oldpassword", "password1", "password2"]),
        ("anon", reverse("account_login"), ["login", "password"]),
        ("admin", reverse("training:audit_log"), ["kind", "person", "since", "until", "page"]),
        ("engineer", reverse("content:library"), ["q", "category", "page"]),
        ("engineer", reverse("content:scenario_list"), ["q", "page"]),
        ("engineer", reverse("content:document_diff", args=[w.document.slug]), ["old", "new"]),
        ("manager", reverse("training:expiring"), ["days"]),
        # The import pages, without a file (the upload test below sends files).
        ("admin", reverse("training:track_import"), ["kind", "dry_run", "file"]),
        ("admin", reverse("content:document_import"), ["owner", "major", "dry_run", "files"]),
        ("admin", reverse("assessments:question_import"), ["bank", "dry_run", "file"]),
    ]


GET_FORMS = {"training:audit_log", "content:library", "content:scenario_list", "content:document_diff",
             "training:expiring"}


@FEW
@given(st.data())
@pytest.mark.django_db
def test_every_form_answers_hostile_input_without_a_server_error(forms_world, data):
    clients = {}
    for role, url, fields in form_posts(forms_world):
        if role not in clients:
            clients[role] = forms_world.client(role)
        payload = {name: data.draw(st.one_of(hostile_text, st.lists(hostile_text, max_size=3)), label=name)
                   for name in fields}
        is_get = any(url == reverse(name, kwargs=_kwargs(forms_world, name)) for name in GET_FORMS)
        response = clients[role].get(url, payload) if is_get else clients[role].post(url, payload)
        assert response.status_code < 500, (url, payload)


def _kwargs(w, name):
    return {"slug": w.document.slug} if name == "content:document_diff" else {}


@pytest.mark.django_db
def test_bytes_that_are_not_utf8_in_a_form_post_are_not_a_server_error(forms_world):
    client = forms_world.client("engineer")
    url = reverse("training:exercise_log_submit", args=[forms_world.exercise_progress.pk])
    response = client.post(url, b"notes=%FF%FE%00%C3%28&ticks=%E2%82",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    response = client.post(url, b"\xff\xfe\x00\xc3\x28",
                           content_type="application/x-www-form-urlencoded; charset=utf-8")
    assert response.status_code < 500


@FEW
@given(st.binary(max_size=2000), hostile_text)
@pytest.mark.django_db
@example(b"%PDF-1.7\n" + b"\x00" * 1000, "../../etc/passwd")
@example(b"", "<script>.pdf")
def test_the_public_verification_upload_takes_any_file(forms_world, content, name):
    client = Client(raise_request_exception=False)
    upload = SimpleUploadedFile((name or "x")[:200].replace("\x00", "") or "x", content, "application/pdf")
    response = client.post(reverse("public:verify", args=[forms_world.certificate.code]), {"file": upload})
    assert response.status_code < 500


def _zip(members):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


IMPORT_PAGES = (("training:track_import", "file", {"kind": "track"}),
                ("training:track_import", "file", {"kind": "exercises"}),
                ("content:document_import", "files", {"dry_run": "on"}),
                ("assessments:question_import", "file", {"bank": "Fuzz"}))


@FEW
@given(st.binary(max_size=2000), hostile_text, st.sampled_from([".md", ".zip", ".gift", ".txt", ""]))
@pytest.mark.django_db
@example(_zip({"../../etc/passwd.md": "# x\n", "a/../../b.md": "# y\n"}), "evil", ".zip")
@example(_zip({"big.md": "# Big\n" + "x" * 100_000}), "big", ".zip")
@example(b"\xff\xfe# Title\n", "bom", ".md")
def test_the_import_pages_take_any_file(forms_world, content, name, suffix):
    client = Client(raise_request_exception=False)
    client.force_login(forms_world.admin)
    for url_name, field, data in IMPORT_PAGES:
        upload = SimpleUploadedFile(((name or "x")[:100].replace("\x00", "") or "x") + suffix, content)
        response = client.post(reverse(url_name), {**data, field: upload})
        assert response.status_code < 500, (url_name, name, suffix)


SMALL_ZIP = _zip({"a/doc.md": "# Doc\n" + "text " * 200, "b.md": "# B\n"})
CENTRAL = SMALL_ZIP.index(b"PK\x01\x02")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(st.tuples(st.integers(0, len(SMALL_ZIP) - 1), st.integers(0, 255)), min_size=1, max_size=6),
       st.integers(1, len(SMALL_ZIP)))
@example([(CENTRAL + 6, 0xFF)], len(SMALL_ZIP))  # "zip file version 25.5": NotImplementedError
@example([(len(SMALL_ZIP) - 5, 0x90)], len(SMALL_ZIP))  # the directory's offset: a negative seek
@example([(30, 0x01)], len(SMALL_ZIP) // 2)  # cut in the middle
def test_a_damaged_zip_is_a_problem_never_an_exception(tmp_path_factory, flips, keep):
    from content import uploads

    data = bytearray(SMALL_ZIP)
    for offset, value in flips:
        data[offset] = value
    folder = tmp_path_factory.mktemp("unpacked")
    problems = uploads.unpack([SimpleUploadedFile("damaged.zip", bytes(data[:keep]))], folder)
    # No exception: a reason for each damage found, and nothing written outside the folder.
    assert all(problem.reason for problem in problems)
    assert all(folder in path.parents for path in folder.rglob("*"))

