"""GraphQL over HTTP (the GraphQL-over-HTTP specification): requests by GET and POST, the
``application/graphql-response+json`` and ``application/json`` answers, automatic persisted
queries and the allow-list, and the GraphiQL page."""
