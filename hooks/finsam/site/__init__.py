"""The site: pages, rendering, comparisons and charts, open data, the error catalogue.

Theme and preview helpers.

It uses the plan format, never the editors' tools.
"""
