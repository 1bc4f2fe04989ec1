"""GraphQL types of the coverage queries (issue #4): one item type per rule, scope input."""
