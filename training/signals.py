"""Receivers that keep training in step with the apps it uses (content, assessments)."""
