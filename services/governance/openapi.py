"""The summary of each governance operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "create_standard": "Create a standard as a draft",
    "list_standards": "List standards",
    "get_standard": "Get a standard revision",
    "update_standard": "Update a draft standard",
    "publish_standard": "Publish a draft standard",
    "retire_standard": "Retire a published standard",
    "create_standard_revision": "Start a new draft revision of a standard",
    "create_lesson": "Record a lesson learned",
    "list_lessons": "Search lessons learned (ranked full text, typo tolerant) or list the newest",
    "list_similar_lessons": "Lessons relevant to a project (tags, category, text)",
    "get_lesson": "Get a lesson learned",
    "update_lesson": "Update a lesson learned (its author, pmo or admin)",
    "delete_lesson": "Delete a lesson learned (its author, pmo or admin)",
}
