"""Days left before a deadline, counted one way everywhere: the customers page, the claim page, the dossier
and the reminder emails (the web app's `daysLeft` counts the same way).

Whole days, rounded up, while the deadline is ahead: 23 hours left is "1 day left" (never "0 days" while
something can still be done), 24 h 1 min is 2. Once the deadline has passed: 0."""

from __future__ import annotations

import math
from datetime import datetime, timedelta


def days_left(deadline: datetime, now: datetime) -> int:
    if now >= deadline:
        return 0
    return max(1, math.ceil((deadline - now) / timedelta(days=1)))
