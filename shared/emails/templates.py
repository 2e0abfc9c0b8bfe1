"""Email texts per template and locale: (subject, body). Placeholders are filled by `render`."""

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {}

# Each flow keeps its own texts beside this module; they are merged here.
from shared.emails import consent as _consent  # noqa: E402
from shared.emails import notifications as _notifications  # noqa: E402
from shared.emails import surveys as _surveys  # noqa: E402

TEMPLATES.update(_consent.TEMPLATES)
TEMPLATES.update(_notifications.TEMPLATES)
TEMPLATES.update(_surveys.TEMPLATES)
