"""The CDK app: `python -m infra.app` (make synth) or `npx aws-cdk@2 synth` writes the template to cdk.out/
offline. Configuration comes from CDK context: cdk.json's defaults, overridden by `-c key=value`.
cdk-nag (AwsSolutions) runs as a validation plugin: any unacknowledged finding fails the synthesis."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from aws_cdk import App, Validations  # noqa: E402  (jsii reads the variable above at import)
from cdk_nag import AwsSolutionsChecks  # noqa: E402

from infra.config import Config  # noqa: E402
from infra.stack import WorkshopClaimsStack  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def build(
    outdir: str | None = None,
    context: dict[str, Any] | None = None,
    nag: bool = True,
    site: Path = ROOT / "web" / "dist",
) -> tuple[App, WorkshopClaimsStack]:
    """The app and its one stack, deploying the web app's build from `site`. Context passed here overrides
    cdk.json; the CDK CLI's context (-c, via CDK_CONTEXT_JSON) overrides both."""
    defaults = json.loads((ROOT / "cdk.json").read_text())["context"]
    app = App(outdir=outdir, context={**defaults, **(context or {})})
    config = Config.from_node(app.node)
    stack = WorkshopClaimsStack(app, f"WorkshopClaims-{config.stage}", config=config, site=site)
    if nag:
        Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app, stack


def main() -> None:
    # Under the CDK CLI the output directory is CDK_OUTDIR; run directly, it is ./cdk.out.
    app, stack = build(outdir=os.environ.get("CDK_OUTDIR") or str(ROOT / "cdk.out"))
    assembly = app.synth()
    print(f"{stack.stack_name}: {assembly.get_stack_by_name(stack.stack_name).template_full_path}")


if __name__ == "__main__":
    main()
