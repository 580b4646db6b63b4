"""The summary of each governance operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "create_standard": "Create a standard as a draft",
    "list_standards": "List standards",
    "get_standard": "Get a standard revision",
    "update_standard": "Update a draft standard",
    "publish_standard": "Publish a draft standard",
    "retire_standard": "Retire a published standard",
    "create_standard_revision": "Start a new draft revision of a standard (its rules copied)",
    "list_rule_kinds": "List the rule kinds a rule may name, with their parameter schemas",
    "create_standard_rule": "Add a rule to a draft standard revision",
    "list_standard_rules": "List a standard revision's rules in order",
    "get_standard_rule": "Get a rule of a standard revision",
    "list_first_standard_rule_pages": "Get the first page of rules of many standards",
    "update_standard_rule": "Change a rule of a draft standard revision",
    "delete_standard_rule": "Delete a rule of a draft standard revision",
    "create_evaluation": "Evaluate a project or a portfolio against the published standards",
    "list_evaluations": "List evaluations, newest first",
    "list_latest_evaluations": "Get the latest evaluation of many projects",
    "get_evaluation": "Get an evaluation with its findings",
    "get_project_compliance": "Get a project's latest evaluation and score trend",
    "get_portfolio_compliance": "Get a portfolio's latest scores per project and daily trend",
}
