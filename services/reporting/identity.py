"""The reporting service's own identity, for the calls its scheduler makes with no user
behind them (the daily snapshot of every project): it reads every project and its
compliance, as the executive role does. Production configures the token the identity
provider issues to reporting's client (``PMO_AUTH_SERVICE_TOKEN``)."""

from shared.auth import GlobalRole
from shared.service_identity import ServiceAccount

REPORTING = ServiceAccount("service:reporting", (GlobalRole.executive.value,))

# Subscribing reporting to every project event, with its callback inside the cluster (an
# ``internal`` subscription in the projects service), takes the ``reporting-service`` role,
# which no user holds; this account is used for that call only. In production both accounts
# use the token reporting's client is issued (roles ``executive`` and ``reporting-service``).
REPORTING_SUBSCRIBER = ServiceAccount("service:reporting", (GlobalRole.reporting_service.value,))
