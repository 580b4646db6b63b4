"""The summary of each governance operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "create_standard": "Create a standard as a draft",
    "list_standards": "List standards",
    "get_standard": "Get a standard revision",
    "update_standard": "Update a draft standard",
    "publish_standard": "Publish a draft standard",
    "retire_standard": "Retire a published standard",
    "create_standard_revision": "Start a new draft revision of a standard",
    "create_template": "Create a project template as a draft",
    "list_templates": "List project templates",
    "get_template": "Get a template revision",
    "update_template": "Update a draft template",
    "publish_template": "Publish a draft template (checks what it refers to, then freezes it)",
    "retire_template": "Retire a published template",
    "create_template_revision": "Start a new draft revision of a template (a copy of it)",
    "instantiate_template": "Create a project from a published template, exactly once",
    "list_template_instantiations": "List the projects made from a template revision",
}
