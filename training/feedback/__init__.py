"""Feedback on the training: an engineer rates how useful each step of their track is and reports
what a step's document does not say (the gap goes to the document's owner, in the library)."""
