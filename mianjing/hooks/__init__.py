"""Small MkDocs hook files (listed under `hooks:` in mkdocs.yml), one concern each."""
