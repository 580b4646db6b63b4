"""The summary of each governance operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "create_standard": "Create a standard as a draft",
    "list_standards": "List standards",
    "get_standard": "Get a standard revision",
    "update_standard": "Update a draft standard",
    "publish_standard": "Publish a draft standard",
    "retire_standard": "Retire a published standard",
    "create_standard_revision": "Start a new draft revision of a standard",
}
