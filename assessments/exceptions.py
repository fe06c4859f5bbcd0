class AssessmentError(Exception):
    """An action the assessments app refuses; the view turns the message into a flash message."""
