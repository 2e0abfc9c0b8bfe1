"""Workshop claims: the code every Lambda function shares (domain, store, HTTP glue, email)."""
