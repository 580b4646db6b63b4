"""Domain events (DESIGN §2, issue 13): the transactional outbox every service writes in the
same transaction as the change, the webhook subscriptions and deliveries fed from it, and the
change feed that reads it."""
