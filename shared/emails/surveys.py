"""Email texts of the surveys flow: {name: {locale: (subject, body)}}; merged into TEMPLATES."""

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {}
