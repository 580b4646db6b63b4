"""The summary of each reporting operation in the OpenAPI document, by operation id."""

SUMMARIES: dict[str, str] = {
    "get_portfolio_summary": "Summarise a portfolio",
}
