"""GraphQL types of the coverage queries (issue #4): the scope input, the dashboard, the records
items cite, and the builder of the rules' item types."""
