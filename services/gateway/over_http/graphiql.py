"""The GraphiQL page (``GET /graphql`` from a browser), on the vendored assets.

A token and a query can be given in the URL fragment (``/graphql#token=...&query=...``):
the fragment never reaches a server or its logs; the token fills the Headers pane as
``Authorization: Bearer ...``."""

from __future__ import annotations

from functools import cache

from shared.web_assets import VENDOR_URL

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>PMO GraphQL gateway - GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="{vendor}/graphiql/graphiql.min.css">
  <style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="{vendor}/react/react.production.min.js"></script>
  <script src="{vendor}/react-dom/react-dom.production.min.js"></script>
  <script src="{vendor}/graphiql/graphiql.min.js"></script>
  <script>
    const given = new URLSearchParams(window.location.hash.slice(1));
    const token = given.get("token");
    const props = {{
      fetcher: GraphiQL.createFetcher({{ url: window.location.pathname }}),
      defaultEditorToolsVisibility: true,
    }};
    if (token) {{
      props.headers = JSON.stringify({{ Authorization: "Bearer " + token }}, null, 2);
    }}
    if (given.get("query")) {{
      props.query = given.get("query");
    }}
    if (given.get("variables")) {{
      props.variables = given.get("variables");
    }}
    ReactDOM.createRoot(document.getElementById("graphiql"))
      .render(React.createElement(GraphiQL, props));
  </script>
</body>
</html>
"""


@cache
def graphiql_page() -> bytes:
    return PAGE.format(vendor=VENDOR_URL).encode()
