"""Mutations: each checks its rules, writes and records its audit event in one transaction."""
