#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validates rendered manifests offline (called by .ci/helm-check.sh).

Kubernetes kinds go to kubernetes-validate (strict: unknown fields fail); kinds defined by a CRD
given with --crd are checked against that CRD's openAPIV3Schema with jsonschema, plus a strict
pass that rejects fields the schema does not declare (CRD schemas do not say
additionalProperties: false, so a misspelt field would pass jsonschema alone).
"""
import argparse
import sys

import jsonschema
import kubernetes_validate
import yaml


def crd_schemas(paths):
    schemas = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            crd = yaml.safe_load(f)
        group = crd["spec"]["group"]
        kind = crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schemas[(f"{group}/{version['name']}", kind)] = version["schema"]["openAPIV3Schema"]
    return schemas


def unknown_fields(value, schema, path):
    if schema.get("x-kubernetes-preserve-unknown-fields") or schema.get("x-kubernetes-int-or-string"):
        return
    if isinstance(value, dict):
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if props is not None and key in props:
                yield from unknown_fields(item, props[key], f"{path}.{key}")
            elif isinstance(extra, dict):
                yield from unknown_fields(item, extra, f"{path}.{key}")
            elif props is not None and extra is not True:
                yield f"{path}.{key}: field not declared by the schema"
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from unknown_fields(item, schema["items"], f"{path}[{i}]")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--k8s-version", required=True)
    parser.add_argument("--crd", action="append", default=[])
    parser.add_argument("manifest")
    args = parser.parse_args()
    schemas = crd_schemas(args.crd)
    with open(args.manifest, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    errors = 0
    for doc in docs:
        key = (doc.get("apiVersion"), doc.get("kind"))
        name = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
        if key in schemas:
            problems = [
                f"{'.'.join(str(p) for p in e.absolute_path)}: {e.message}"
                for e in jsonschema.Draft7Validator(schemas[key]).iter_errors(doc)
            ]
            problems += list(unknown_fields(doc, schemas[key], ""))
        else:
            try:
                kubernetes_validate.validate(doc, args.k8s_version, strict=True)
                problems = []
            except kubernetes_validate.ValidationError as e:
                problems = [f"{'.'.join(str(p) for p in e.path)}: {e.message}"]
            except kubernetes_validate.SchemaNotFoundError as e:
                problems = [f"no schema: {e}"]
        for p in problems:
            print(f"{args.manifest}: {name}: {p}", file=sys.stderr)
        errors += len(problems)
        if not problems:
            print(f"  valid: {name} ({key[0]})")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
