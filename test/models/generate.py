#!/usr/bin/python3
"""Write end-to-end test models: generate.py OUTDIR [NAME...]

Each NAME (default: all known) is looked up in the MODELS tables of the
generator modules below and written to OUTDIR/NAME/ (see common.py for the
layout). To add a model, add a build function to one of these modules (or a
new module to GENERATORS) and one line to test/e2e/models/CMakeLists.txt.
"""

import argparse
import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import common  # noqa: E402

GENERATORS = ["lenet5", "convnets"]


def all_models():
    models = {}
    for mod_name in GENERATORS:
        for name, build in importlib.import_module(mod_name).MODELS.items():
            assert name not in models, "model %s defined twice" % name
            models[name] = build
    return models


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("names", nargs="*", help="models to write (default: all)")
    parser.add_argument("--list", action="store_true", help="print the known names")
    args = parser.parse_args()
    models = all_models()
    if args.list:
        print("\n".join(sorted(models)))
        return
    unknown = [n for n in args.names if n not in models]
    if unknown:
        sys.exit("generate.py: unknown model(s) %s; known: %s"
                 % (", ".join(unknown), ", ".join(sorted(models))))
    for name in args.names or sorted(models):
        common.generate(name, models[name], args.outdir)


if __name__ == "__main__":
    main()
