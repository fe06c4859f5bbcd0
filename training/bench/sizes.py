"""The benchmark's sizes and what a built organisation hands to the measurements."""

from dataclasses import dataclass, field

BATCH = 2000
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 (throwaway database, logged in with force_login)
STAGES = 4
QUESTIONS_PER_QUIZ = 10
EXERCISES = 8
QUIZZES = 3


@dataclass(frozen=True)
class Size:
    name: str
    engineers: int
    teams: int
    enrollments: int
    steps: int  # per track; three tracks
    signoffs: int
    attempts: int
    documents: int
    team_page: int  # enrollments on the bench manager's team page
    engineer_certificates: int  # certified (ready) enrollments of the engineer whose home is measured
    queue: int  # exercise logs waiting for the bench mentor
    mentors: int
    hosts: int
    export_certificates: int
    export_jobs: int
    shadow_shifts: int  # shifts on the shadowing log PDF
    import_steps: int
    import_documents: int
    requests: int  # timed requests per page (rounds of every page in turn)
    gift_bytes: int  # the GIFT file checked (a dry run)


SIZES = {
    "tiny": Size(
        "tiny", engineers=30, teams=4, enrollments=80, steps=12, signoffs=300, attempts=60, documents=24,
        team_page=10, engineer_certificates=1, queue=20, mentors=3, hosts=2, export_certificates=2, export_jobs=2,
        shadow_shifts=20, import_steps=30, import_documents=10, requests=7, gift_bytes=50_000,
    ),
    "small": Size(
        "small", engineers=120, teams=8, enrollments=300, steps=40, signoffs=1000, attempts=400, documents=30,
        team_page=100, engineer_certificates=2, queue=500, mentors=4, hosts=3, export_certificates=20,
        export_jobs=4, shadow_shifts=400, import_steps=500, import_documents=200, requests=30,
        gift_bytes=1_048_576,
    ),
    "large": Size(
        "large", engineers=2000, teams=40, enrollments=6000, steps=40, signoffs=20000, attempts=8000,
        documents=300, team_page=100, engineer_certificates=2, queue=500, mentors=40, hosts=10,
        export_certificates=100, export_jobs=4, shadow_shifts=400, import_steps=500, import_documents=200,
        requests=30, gift_bytes=1_048_576,
    ),
}


@dataclass
class BenchOrg:
    """What the measurements need to find in the synthetic organisation (primary keys)."""

    size: Size
    engineer: int = 0  # engineer home: an active enrollment, a ready one with its certificate
    manager: int = 0  # team page
    mentor: int = 0  # sign-off queue
    admin: int = 0  # metrics page (a training admin: every team)
    open_attempt: int = 0  # quiz attempt page
    certified_enrollment: int = 0  # repeat download
    shadow_enrollment: int = 0  # shadowing log PDF
    uncertified: list = field(default_factory=list)  # ready enrollments for the first render
    export_teams: list = field(default_factory=list)  # (team id, manager id)
    counts: dict = field(default_factory=dict)


def bulk(model, rows):
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start:start + BATCH], batch_size=BATCH)
    return rows


# --- The organisation -----------------------------------------------------------------------------
