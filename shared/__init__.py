"""Workshop claims: the code every Lambda function shares (domain, store, HTTP glue, email)."""

import gc

import boto3  # noqa: F401  (every function uses the AWS SDK and pydantic models: load both before the freeze)
from pydantic import BaseModel  # noqa: F401

# Cold start: the libraries loaded by now (Powertools, pydantic, the AWS SDK) live as long as the
# container. Freezing them keeps every later garbage collection, while our modules build their models
# and during requests, from re-scanning that heap: 20-40 ms of each import (docs/performance.md).
gc.freeze()
