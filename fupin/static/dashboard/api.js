// The public GraphQL API as a portal calls it: a bearer token, and automatic persisted queries
// (the query's SHA-256 first; its text only when the server answers PERSISTED_QUERY_NOT_FOUND).
"use strict";

const api = (() => {
  const TOKEN = "fupin.token";

  function token() {
    return sessionStorage.getItem(TOKEN) || "";
  }

  function setToken(value) {
    sessionStorage.setItem(TOKEN, value.trim().replace(/^Bearer\s+/i, ""));
  }

  async function sha256(text) {
    if (!window.crypto || !crypto.subtle) return null; // not a secure context: send the text
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function post(payload) {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token()}` },
      body: JSON.stringify(payload),
    });
    return response.json();
  }

  function failure(errors) {
    const text = errors
      .map((e) => `${e.message}${e.extensions && e.extensions.code ? ` [${e.extensions.code}]` : ""}`)
      .join("；");
    return new Error(text);
  }

  // The data of `query`, or an Error carrying each GraphQL error's message and code.
  async function query(text, variables = {}) {
    const hash = await sha256(text);
    let body;
    if (hash) {
      const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
      body = await post({ variables, extensions });
      const missing = (body.errors || []).some(
        (e) => e.extensions && e.extensions.code === "PERSISTED_QUERY_NOT_FOUND",
      );
      if (missing) body = await post({ query: text, variables, extensions });
    } else {
      body = await post({ query: text, variables });
    }
    if (body.errors && body.errors.length) throw failure(body.errors);
    return body.data;
  }

  return { query, token, setToken };
})();
