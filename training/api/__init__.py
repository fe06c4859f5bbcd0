"""The REST API at /api/v1/ (README "API and webhooks"): tokens with scopes, read endpoints for
people, teams, tracks, enrollments, certificates and who may carry the pager, and the two writes
other systems need (enrol, record a shadow shift), through the same services as the pages."""
