"""The synthesized CDK app as the tests read it: the template, with helpers that name resources by their
construct path instead of logical ids, and what the tests check in it. `tests/conftest.py`'s session fixture
`synth` makes it once per worker (in-process synthesis takes several seconds); tests/infra and the
IAM-enforced tier (tests/integration/test_iam_enforced.py) share it, on one xdist worker."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


@dataclass
class Synth:
    stack: Any  # the WorkshopClaimsStack (for cdk-nag's validate_scope)
    outdir: Path
    template_path: Path
    template: dict[str, Any]
    seconds: float
    _paths: dict[str, str] = field(default_factory=dict)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.template["Resources"]

    def of_type(self, cfn_type: str) -> dict[str, dict[str, Any]]:
        return {lid: r for lid, r in self.resources.items() if r["Type"] == cfn_type}

    @cached_property
    def paths(self) -> dict[str, str]:
        """logical id → construct path below the stack, without the trailing '/Resource' ('Fn-claims/Role')."""
        prefix = self.stack.stack_name + "/"
        return {
            lid: r["Metadata"]["aws:cdk:path"].removeprefix(prefix).removesuffix("/Resource")
            for lid, r in self.resources.items()
            if "aws:cdk:path" in r.get("Metadata", {})
        }

    def logical_id(self, path: str) -> str:
        """The logical id of the resource at a construct path ('Data/Table')."""
        found = [lid for lid, p in self.paths.items() if p == path]
        assert len(found) == 1, f"{path}: {found}"
        return found[0]

    def resource(self, path: str) -> dict[str, Any]:
        return self.resources[self.logical_id(path)]

    def render(self, value: Any) -> Any:
        """An intrinsic as readable text: {"Fn::GetAtt": [lid, "Arn"]} → '<Data/Table.Arn>', joins joined."""
        if isinstance(value, list):
            return [self.render(v) for v in value]
        if not isinstance(value, dict):
            return value
        if "Ref" in value:
            return f"<{self.paths.get(value['Ref'], value['Ref'])}>"
        if "Fn::GetAtt" in value:
            lid, attr = value["Fn::GetAtt"]
            return f"<{self.paths.get(lid, lid)}.{attr}>"
        if "Fn::Join" in value:
            sep, parts = value["Fn::Join"]
            return sep.join(str(self.render(p)) for p in parts)
        if "Fn::Select" in value:  # the stack id's UUID: 'split('/',<AWS::StackId>)[2]'
            index, items = value["Fn::Select"]
            return f"{self.render(items)}[{index}]"
        if "Fn::Split" in value:
            sep, source = value["Fn::Split"]
            return f"split({sep!r},{self.render(source)})"
        return {k: self.render(v) for k, v in value.items()}

    def statements(self, role_path: str) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """Every Allow statement of the policies attached to a role: (effect, actions, resources), rendered."""
        role = self.logical_id(role_path)
        found: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()
        for policy in self.of_type("AWS::IAM::Policy").values():
            if {"Ref": role} not in policy["Properties"]["Roles"]:
                continue
            for s in policy["Properties"]["PolicyDocument"]["Statement"]:
                actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
                resources = s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]]
                found.add((s["Effect"], tuple(sorted(actions)), tuple(sorted(self.render(r) for r in resources))))
        return found


def props(synth: Synth, path: str) -> dict[str, Any]:
    """The Properties of the resource at a construct path."""
    return synth.resource(path)["Properties"]


def tls_only(statements: list[dict[str, Any]]) -> bool:
    """A resource policy's statements deny every request not sent over TLS."""
    return any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in statements
    )


def synthesize(outdir: Path) -> Synth:
    from infra.app import build

    started = time.perf_counter()
    # cdk-nag runs in test_nag_and_lint (validate_scope) so that findings are listed, not raised mid-synth
    app, stack = build(outdir=str(outdir), context={"aws:cdk:enable-path-metadata": True}, nag=False)
    artifact = app.synth().get_stack_by_name(stack.stack_name)
    template_path = Path(artifact.template_full_path)
    return Synth(
        stack=stack,
        outdir=outdir,
        template_path=template_path,
        template=json.loads(template_path.read_text()),
        seconds=time.perf_counter() - started,
    )
