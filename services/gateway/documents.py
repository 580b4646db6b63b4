"""Parse and validate each distinct query text once per process.

One extension instead of strawberry's MaxTokensLimiter + AddValidationRules + ParserCache +
ValidationCache: every extension costs hook calls on every request, and ValidationCache
keys on the parsed document, whose hash walks the whole AST each time. Keyed by the query
text instead (clients send variables, so the text repeats), a cached request skips parsing,
validation and the hashing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from functools import lru_cache

from graphql import ASTValidationRule, DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document


class DocumentCache:
    """The per-schema caches; build once, hand the extension factory to the schema."""

    def __init__(
        self, *, rules: Sequence[type[ASTValidationRule]], max_tokens: int, maxsize: int
    ) -> None:
        self.rules = tuple(rules)
        self.max_tokens = max_tokens
        self.parse = lru_cache(maxsize=maxsize)(self._parse)
        self.validate = lru_cache(maxsize=maxsize)(self._validate)

    def _parse(self, query: str) -> DocumentNode:
        return parse(query, max_tokens=self.max_tokens)

    def _validate(
        self, schema: object, query: str, rules: tuple[type[ASTValidationRule], ...]
    ) -> list[GraphQLError]:
        return validate_document(schema, self.parse(query), rules)  # type: ignore[arg-type]

    def extension(self) -> CachedDocuments:
        return CachedDocuments(self)


class CachedDocuments(SchemaExtension):
    def __init__(self, cache: DocumentCache) -> None:
        super().__init__()
        self.cache = cache

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        # Also what an uncached parse (a syntax error, reported by strawberry) runs with.
        context.parse_options["max_tokens"] = self.cache.max_tokens
        context.validation_rules = (*context.validation_rules, *self.cache.rules)
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            # On a syntax error nothing is cached: strawberry parses again and reports it.
            with suppress(GraphQLError):
                context.graphql_document = self.cache.parse(context.query)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and context.pre_execution_errors is None:
            context.pre_execution_errors = self.cache.validate(
                context.schema._schema, context.query, tuple(context.validation_rules)
            )
        yield
