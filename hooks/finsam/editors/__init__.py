"""The editors' tools at their desk and in pull requests.

The `finsam` command, scaffolding, import, annotations and the budget diff.

They use the plan format and the site.
"""
