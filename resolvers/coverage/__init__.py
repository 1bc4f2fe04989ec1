"""The `coverage(scope, asOf)` root field; each rule's field lives with its domain module."""
