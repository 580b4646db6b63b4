"""The summary of each governance operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "create_standard": "Create a standard as a draft",
    "list_standards": "List standards",
    "get_standard": "Get a standard revision",
    "update_standard": "Update a draft standard",
    "publish_standard": "Publish a draft standard",
    "retire_standard": "Retire a published standard",
    "create_standard_revision": "Start a new draft revision of a standard",
    "create_lifecycle": "Create a lifecycle (phases and gates) as a draft",
    "list_lifecycles": "List lifecycles",
    "get_lifecycle": "Get a lifecycle revision",
    "update_lifecycle": "Update a draft lifecycle",
    "publish_lifecycle": "Publish a draft lifecycle",
    "retire_lifecycle": "Retire a published lifecycle",
    "create_lifecycle_revision": "Start a new draft revision of a lifecycle",
    "assign_project_lifecycle": "Assign a published lifecycle revision to a project",
    "get_project_lifecycle": "Get the lifecycle revision a project follows",
}
