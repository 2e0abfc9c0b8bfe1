"""The HTTP layer: the route table, the caller's identity, request bodies and their models, response views,
and the OpenAPI document made from them. Handlers (functions/) enter here; services answer."""
