"""The stack's parts (infra/stack.py puts them together)."""

from __future__ import annotations

from aws_cdk import Aws, Fn


def stack_uuid() -> str:
    """The UUID that ends this stack's id: new with every stack, so a global name built from it never meets
    one left by an earlier stack of the stage or by a create that rolled back (docs/deploy.md)."""
    return Fn.select(2, Fn.split("/", Aws.STACK_ID))
