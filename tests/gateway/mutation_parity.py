"""Which GraphQL mutation covers each write operation (POST, PUT, PATCH, DELETE) of the
services, and the few writes that have none on purpose. ``test_mutation_parity`` fails on a
write in neither table, and on a name here that the schema or the services no longer have.

Extending: a new write operation gets a line in ``MUTATIONS`` (its ``operationId`` -> the
mutation field) or, for a write front ends never make, in ``EXCLUDED`` with the reason."""

from __future__ import annotations

# operationId -> the Mutation field that makes the same write.
MUTATIONS: dict[str, str] = {
    # projects: portfolios, programs, projects, members
    "create_portfolio": "createPortfolio",
    "update_portfolio": "updatePortfolio",
    "create_program": "createProgram",
    "update_program": "updateProgram",
    "delete_program": "deleteProgram",
    "create_project": "createProject",
    "update_project": "updateProject",
    "delete_project": "deleteProject",
    "restore_project": "restoreProject",
    "purge_project": "purgeProject",
    "add_project_member": "addProjectMember",
    "update_project_member": "changeProjectMemberRole",
    "remove_project_member": "removeProjectMember",
    # projects: the plan
    "add_task": "addTask",
    "update_task": "updateTask",
    "delete_task": "deleteTask",
    "add_dependency": "addDependency",
    "update_dependency": "updateDependency",
    "delete_dependency": "deleteDependency",
    "create_calendar": "createCalendar",
    "update_calendar": "updateCalendar",
    "update_schedule_settings": "updateScheduleSettings",
    "set_baseline": "setBaseline",
    "clear_baseline": "clearBaseline",
    "import_mspdi": "importMsProject",
    # projects: RAID, change control, status
    "create_risk": "createRisk",
    "update_risk": "updateRisk",
    "delete_risk": "deleteRisk",
    "create_issue": "createIssue",
    "update_issue": "updateIssue",
    "delete_issue": "deleteIssue",
    "create_assumption": "createAssumption",
    "update_assumption": "updateAssumption",
    "delete_assumption": "deleteAssumption",
    "create_decision": "createDecision",
    "update_decision": "updateDecision",
    "delete_decision": "deleteDecision",
    "create_change_request": "createChangeRequest",
    "update_change_request": "updateChangeRequest",
    "submit_change_request": "submitChangeRequest",
    "approve_change_request": "approveChangeRequest",
    "reject_change_request": "rejectChangeRequest",
    "create_status_update": "postStatusUpdate",
    # projects: costs, resources, assignments, levelling, what-if
    "create_actual_cost": "recordActualCost",
    "update_actual_cost": "updateActualCost",
    "delete_actual_cost": "deleteActualCost",
    "create_resource": "createResource",
    "update_resource": "updateResource",
    "delete_resource": "deleteResource",
    "add_resource_rate": "addResourceRate",
    "add_resource_time_off": "addTimeOff",
    "assign_resource": "assignResource",
    "update_assignment": "updateAssignment",
    "unassign_resource": "unassignResource",
    "request_project_levelling": "levelProject",
    "request_portfolio_levelling": "levelPortfolio",
    "apply_levelling": "applyLevelling",
    "clear_project_levelling": "clearLevelling",
    "request_project_what_if": "resourceWhatIf",
    "request_portfolio_what_if": "resourceWhatIf",
    "delete_resource_rate": "deleteResourceRate",
    "delete_resource_time_off": "deleteTimeOff",
    # governance
    "create_standard": "createStandard",
    "update_standard": "updateStandard",
    "publish_standard": "publishStandard",
    "retire_standard": "retireStandard",
    "create_standard_revision": "reviseStandard",
    "create_standard_rule": "addStandardRule",
    "update_standard_rule": "updateStandardRule",
    "delete_standard_rule": "deleteStandardRule",
    "create_evaluation": "evaluateCompliance",
    "create_lesson": "recordLesson",
    "update_lesson": "updateLesson",
    "delete_lesson": "deleteLesson",
    "create_lifecycle": "createLifecycle",
    "update_lifecycle": "updateLifecycle",
    "publish_lifecycle": "publishLifecycle",
    "retire_lifecycle": "retireLifecycle",
    "create_lifecycle_revision": "reviseLifecycle",
    "assign_project_lifecycle": "assignLifecycle",
    "open_gate_review": "openGateReview",
    "evaluate_gate_review": "evaluateGateReview",
    "check_gate_review_item": "checkGateItem",
    "decide_gate_review": "decideGate",
    "add_deliverable": "addDeliverable",
    "update_deliverable": "updateDeliverable",
    "delete_deliverable": "deleteDeliverable",
    "create_template": "createTemplate",
    "update_template": "updateTemplate",
    "publish_template": "publishTemplate",
    "retire_template": "retireTemplate",
    "create_template_revision": "reviseTemplate",
    "instantiate_template": "instantiateTemplate",
    # reporting
    "set_health_policy": "setHealthPolicy",
    "create_health_override": "overrideHealth",
    "revoke_health_override": "revokeHealthOverride",
    "take_snapshots": "takeSnapshots",
    "create_corrective_action": "createCorrectiveAction",
    "update_corrective_action": "updateCorrectiveAction",
    "create_lesson_from_corrective_action": "createLessonFromAction",
    # projects: forecasting and corrective options
    "request_risk_analysis": "runRiskAnalysis",
    "request_corrective_options": "proposeCorrectiveOptions",
    "apply_corrective_option": "applyCorrectiveOption",
    "put_corrective_policy": "setCorrectivePolicy",
}

# Writes with no mutation, each for a reason.
EXCLUDED: dict[str, str] = {
    "receive_project_events": "reporting's webhook intake: the projects service sends it, "
    "signed; no user or front end calls it",
    # Bulk pushes are for systems synchronising with ours (an ERP, a scheduling tool), by
    # external id, in batches of hundreds: REST with its idempotent upserts serves them.
    "bulk_upsert_resources": "bulk push from HR systems",
    "bulk_upsert_assignments": "bulk push from scheduling tools",
    "bulk_upsert_actual_costs": "bulk push from ERP",
    "bulk_upsert_tasks": "bulk push from scheduling tools",
    "bulk_upsert_dependencies": "bulk push from scheduling tools",
    # A whole project in one request: a seeding and migration tool, not an editor's step
    # (an editor creates the project, then adds to it).
    "create_project_plan": "seeding and migration tools",
    # Only the governance service may move a project's phase, through a gate decision
    # (decideGate); a user token is refused.
    "set_project_phase": "service-to-service: gate decisions move phases",
    # Jobs internals: a levelling or what-if preview is cheap and expires; cancelling one
    # is for the operators' tools.
    "cancel_job": "jobs internals",
    # Webhook subscriptions (every service, shared/webhooks): set up by integrators and
    # operators for systems that receive our events, not a front end's step; the secret a
    # create or rotation answers must go to the receiving system, not through the gateway.
    "create_webhook_subscription": "integration set-up: webhooks are for systems",
    "update_webhook_subscription": "integration set-up: webhooks are for systems",
    "delete_webhook_subscription": "integration set-up: webhooks are for systems",
    "rotate_webhook_secret": "integration set-up: the new secret goes to the receiver",
    "replay_webhook_delivery": "integration operations: re-sending to a receiving system",
    "replay_webhook_events": "integration operations: re-sending to a receiving system",
}
