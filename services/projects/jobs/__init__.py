"""Jobs: long computations (a levelling, later a Monte Carlo run) queued in PostgreSQL
(pgqueuer) and run by a worker of any replica; the ``jobs`` row is their public state."""
