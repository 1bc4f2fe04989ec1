"""Coverage and gap queries: one statement per measurable rule of rules.md, scoped and dated."""
