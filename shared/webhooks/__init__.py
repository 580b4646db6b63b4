"""Webhooks (issue 13): subscriptions to a service's events, managed through its API, and
the dispatcher that fans the outbox out into deliveries and POSTs them, signed per the
Standard Webhooks specification, with retries for about a day."""
