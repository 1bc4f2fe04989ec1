"""GraphQL inputs and payloads of the mutations (#5). No I/O."""
