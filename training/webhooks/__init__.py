"""Outgoing webhooks (README "API and webhooks"): subscriptions, signed deliveries (Standard
Webhooks), retries with back-off, the delivery log, and chat messages for Slack and Teams."""
