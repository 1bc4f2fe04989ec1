"""GraphQL inputs and payloads of the mutations. No I/O."""
