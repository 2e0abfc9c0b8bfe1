"""One thin handler package per Lambda function; importing one is its function's init.

Cold start: what the init builds (Powertools, pydantic and the AWS SDK, our modules and models) lives as long
as the container, so there is nothing for the collector to find while it grows; yet it would scan that heap
again and again. It is off until the handler module is done: `shared.runtime.init_done()` freezes what the
init built out of every later collection and turns the collector back on (docs/performance.md)."""

import gc

gc.disable()
