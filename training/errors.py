"""The one exception a refused action raises in the training app; a view turns it into a message."""


class TrainingError(Exception):
    """A refused action; the view turns it into a message."""
