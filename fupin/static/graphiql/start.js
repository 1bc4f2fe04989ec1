// GraphiQL on the vendored bundle: the header editor open with an Authorization template
// (paste the token `fupin serve` printed, or one from `fupin token --role …`).
"use strict";
(function () {
  const headers = JSON.stringify({ Authorization: "Bearer <token>" }, null, 2);
  const example = [
    "# 在下方「Headers」中填入令牌：Authorization: Bearer <token>",
    "# Paste a token into the Headers editor below, then run (Ctrl-Enter).",
    "{",
    "  townships { edges { node { code name } } }",
    "}",
    "",
  ].join("\n");
  const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: example,
      headers,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: false,
    }),
  );
})();
