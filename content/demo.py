"""Demo data for the content app, loaded by `manage.py load_demo`. Idempotent.

The documents are the Markdown files in ``content/demo_docs/`` (written for the demo), brought
in by the same import service as ``manage.py import_docs``; the learning paths follow the seed's
roles and the scenarios its cross-references.
"""

from pathlib import Path

from . import services
from .models import PathRole

DEMO_DOCS = Path(__file__).resolve().parent / "demo_docs"

ARCH = "system-architecture-training"
RUNBOOKS = "operational-runbooks"
TREE = "troubleshooting-decision-tree"
INCIDENTS = "incident-response-guide"
ON_CALL = "on-call-procedures"
CHECKLIST = "operations-training-checklist"

PATHS = [
    {
        "slug": "new-engineer", "title": "New Engineer (first week)", "role": PathRole.NEW_ENGINEER,
        "description": "Start here in your first week: the programme, the system, and how to diagnose it.",
        "items": [
            {"document": CHECKLIST, "section": "Choosing a Track", "minutes": 15},
            {"document": ARCH, "minutes": 150, "note": "Study it fully (2-3 hours), with the exercises."},
            {"document": TREE, "minutes": 45, "note": "Print it; you will use it every day."},
            {"document": CHECKLIST, "section": "Week 1: Foundations", "minutes": 15},
        ],
    },
    {
        "slug": "operations-engineer", "title": "Operations Engineer", "role": PathRole.OPERATIONS_ENGINEER,
        "description": "Your daily references: procedures first, then incidents, then the why.",
        "items": [
            {"document": RUNBOOKS, "minutes": 60, "note": "Your daily reference."},
            {"document": INCIDENTS, "minutes": 40, "note": "Bookmark it for incidents."},
            {"document": TREE, "minutes": 30},
            {"document": ARCH, "minutes": 60},
            {"document": ON_CALL, "minutes": 30},
        ],
    },
    {
        "slug": "on-call-engineer", "title": "On-Call Engineer (first shift)", "role": PathRole.ON_CALL_ENGINEER,
        "description": "Do this the week before your first shift.",
        "items": [
            {"document": ON_CALL, "minutes": 45, "note": "Read this first."},
            {"document": TREE, "minutes": 45},
            {"document": INCIDENTS, "minutes": 40, "note": "The first 10 scenarios."},
            {"document": RUNBOOKS, "section": "Emergency Procedures", "minutes": 20},
        ],
    },
    {
        "slug": "manager-tech-lead", "title": "Manager/Tech Lead", "role": PathRole.MANAGER,
        "description": "Know the procedures your team follows and how escalation reaches you.",
        "items": [
            {"document": RUNBOOKS, "minutes": 40},
            {"document": INCIDENTS, "minutes": 30},
            {"document": ON_CALL, "section": "Escalation", "minutes": 10},
            {"document": CHECKLIST, "minutes": 20, "note": "What your team learns."},
        ],
    },
    {
        "slug": "sre-architect", "title": "SRE/Architect", "role": PathRole.SRE,
        "description": "The deep dive, then the places to improve.",
        "items": [
            {"document": ARCH, "minutes": 120, "note": "All sections."},
            {"document": RUNBOOKS, "section": "Performance Optimization", "minutes": 20},
            {"document": RUNBOOKS, "section": "Security Hardening", "minutes": 10},
            {"document": INCIDENTS, "minutes": 60, "note": "All scenarios and the review process."},
            {"document": ON_CALL, "section": "Escalation", "minutes": 15},
            {"document": ON_CALL, "section": "On-Call Culture", "minutes": 5},
        ],
    },
]

SCENARIOS = [
    ("application-not-responding", "Application isn't responding", [
        (TREE, "Tree 1: API Unavailable"), (INCIDENTS, "Scenario 1: Application Service Down"),
        (RUNBOOKS, "Morning Health Check"),
    ]),
    ("tasks-not-processed", "Tasks not being processed", [
        (TREE, "Tree 2: Tasks Not Processed"), (INCIDENTS, "Scenario 7: Task Processing Stalled"),
        (ARCH, "Data Flow"),
    ]),
    ("too-many-errors", "Getting too many errors", [
        (TREE, "Tree 3: High Error Rate"), (INCIDENTS, "Scenario 6: High Error Rate"),
        (RUNBOOKS, "Weekly Error Analysis"),
    ]),
    ("system-slow", "System is slow", [
        (TREE, "Tree 4: Slow System"), (RUNBOOKS, "Performance Optimization"), (ARCH, "Monitoring"),
    ]),
    ("database-connection", "Can't connect to database", [
        (TREE, "Tree 5: Database Problems"), (INCIDENTS, "Scenario 2: Connection Pool Exhausted"),
        (INCIDENTS, "Scenario 5: Database Completely Unavailable"), (RUNBOOKS, "Database Pool Exhaustion"),
    ]),
    ("rabbitmq-problems", "RabbitMQ problems", [
        (TREE, "Tree 6: RabbitMQ Issues"), (INCIDENTS, "Scenario 3: RabbitMQ Broker Down"),
        (INCIDENTS, "Scenario 9: Message Loss Detected"), (ARCH, "Message Broker"),
    ]),
    ("agent-not-responding", "Agent not responding", [
        (TREE, "Tree 9: Agent Not Responding"), (INCIDENTS, "Scenario 7: Task Processing Stalled"),
        (RUNBOOKS, "Agent Verification"),
    ]),
    ("running-out-of-resources", "Running out of resources", [
        (TREE, "Tree 7: Resource Exhaustion"), (INCIDENTS, "Scenario 10: Memory Leak Causing OOM"),
        (RUNBOOKS, "Memory Leak"),
    ]),
    ("data-wrong-or-inconsistent", "Data is wrong/inconsistent", [
        (TREE, "Tree 8: Data Inconsistent"), (INCIDENTS, "Scenario 8: Data Corruption Detected"),
        (INCIDENTS, "Scenario 9: Message Loss Detected"), (ARCH, "Cache"),
    ]),
    ("incident-just-happened", "Incident just happened", [
        (ON_CALL, "Incident Response Protocol"), (INCIDENTS, "Severity Levels"),
    ]),
    ("preparing-for-on-call", "Preparing for on-call", [
        (ON_CALL, ""), (CHECKLIST, "Week 3: Before the First Shift"), (TREE, ""),
    ]),
    ("learning-the-system", "Learning the system", [
        (ARCH, ""), (CHECKLIST, "Choosing a Track"), (ARCH, "Hands-On Exercises"),
    ]),
]


def load(*, owner):
    """Import the demo library, then (re)build the five role paths and the scenarios."""
    services.library_import(path=DEMO_DOCS, owner=owner)
    for position, path in enumerate(PATHS, start=1):
        services.learning_path_save(position=position, **path)
    for slug, symptom, links in SCENARIOS:
        services.scenario_save(
            slug=slug, symptom=symptom,
            links=[{"document": document, "section": section} for document, section in links],
        )
