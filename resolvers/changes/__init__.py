"""Mutation root fields: arguments → one audited graph transaction each."""
