"""GraphQL types of the coverage queries: the scope input, the dashboard, the records
items cite, and the builder of the rules' item types."""
