"""Levelling in GraphQL: queue previews (jobs), read a job, apply or clear a levelling."""
