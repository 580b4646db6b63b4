"""The summary of each governance operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "create_standard": "Create a standard as a draft",
    "list_standards": "List standards",
    "get_standard": "Get a standard revision",
    "update_standard": "Update a draft standard",
    "publish_standard": "Publish a draft standard",
    "retire_standard": "Retire a published standard",
    "create_standard_revision": "Start a new draft revision of a standard",
<<<<<<< HEAD
    "create_template": "Create a project template as a draft",
    "list_templates": "List project templates",
    "get_template": "Get a template revision",
    "update_template": "Update a draft template",
    "publish_template": "Publish a draft template (checks what it refers to, then freezes it)",
    "retire_template": "Retire a published template",
    "create_template_revision": "Start a new draft revision of a template (a copy of it)",
    "instantiate_template": "Create a project from a published template, exactly once",
    "list_template_instantiations": "List the projects made from a template revision",
=======
    "create_lifecycle": "Create a lifecycle (phases and gates) as a draft",
    "list_lifecycles": "List lifecycles",
    "get_lifecycle": "Get a lifecycle revision",
    "update_lifecycle": "Update a draft lifecycle",
    "publish_lifecycle": "Publish a draft lifecycle",
    "retire_lifecycle": "Retire a published lifecycle",
    "create_lifecycle_revision": "Start a new draft revision of a lifecycle",
    "assign_project_lifecycle": "Assign a published lifecycle revision to a project",
    "get_project_lifecycle": "Get the lifecycle revision a project follows",
    "add_deliverable": "Add a deliverable to a project's register",
    "list_deliverables": "List a project's deliverables",
    "get_deliverable": "Get a deliverable",
    "update_deliverable": "Update a deliverable (name, status, link, evidence)",
    "delete_deliverable": "Delete a deliverable",
>>>>>>> wt-gates
}
