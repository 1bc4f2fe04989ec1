"""Mutation root fields (#5): arguments → one audited graph transaction each."""
