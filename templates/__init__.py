# Marks this folder as the package data `kennosto.site_templates` (see pyproject.toml),
# so the built-in templates ship with the installed package. Not a Python module otherwise.
