"""The base every layer may import: settings, domain errors, value rules, the caller."""
