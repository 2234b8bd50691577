"""The plan format (PLAN-FORMAT.md).

Reading files and front-matter, the schema, the domain model, the checks, the corpus.

It uses neither the site nor the editors' tools; both use it.
"""
