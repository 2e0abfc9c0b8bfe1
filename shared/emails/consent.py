"""Email texts of the consent flow: {name: {locale: (subject, body)}}; merged into TEMPLATES."""

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {}
