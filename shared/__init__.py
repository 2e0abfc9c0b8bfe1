"""Workshop claims: the code every Lambda function shares (domain, store, HTTP glue, email)."""
import gc

# Cold start: by the time a handler imports this package, the libraries it needs (Powertools, pydantic,
# botocore) are loaded and live as long as the container. Freezing them keeps every later garbage
# collection (during our imports and during requests) from re-scanning that heap (docs/performance.md).
gc.freeze()
