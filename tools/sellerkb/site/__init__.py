"""The published site: an MkDocs plugin over plain page-making functions.

Only plugin.py knows MkDocs; only assets/ and the few Material settings in mkdocs.yml
know Material, so that the theme can be replaced behind this small interface.
"""
