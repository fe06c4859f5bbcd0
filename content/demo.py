"""Demo data for the content app, loaded by `manage.py load_demo`."""


def load(*, owner):
    """Nothing yet: the content issue adds its demo data here."""
