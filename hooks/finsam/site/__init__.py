"""The site: pages, rendering, comparisons and charts, open data, the error catalogue, theme and preview helpers.

It uses the plan format, never the editors' tools.
"""
