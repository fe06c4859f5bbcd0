"""Demo data for the assessments app, loaded by `manage.py load_demo`."""


def load(*, author):
    """Nothing yet: the assessments issue adds its demo data here."""
