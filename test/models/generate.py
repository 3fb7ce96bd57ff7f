#!/usr/bin/python3
"""Write end-to-end test models: generate.py OUTDIR [NAME...]

Each NAME (default: every name in a MODELS table) is looked up in the
MODELS tables of the generator modules below, then offered to their
resolve() functions (torchvision_models resolves tv_ARCH for any torchvision
architecture), and written to OUTDIR/NAME/ (see common.py for the layout).
NAME may carry variant suffixes (common.split_variant): -bN batch, -sN input
size (for build functions that take `batch` / `size`), -opsetN, e.g.
tv_resnet18-b4-s160 or opset_convnet-opset11.
To add a model: one line in test/e2e/models/CMakeLists.txt, plus a build
function in one of these modules unless a resolver already knows the name.
"""

import argparse
import functools
import importlib
import inspect
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import common  # noqa: E402

GENERATORS = ["lenet5", "convnets", "torchvision_models", "segmentation",
              "detection", "graph_models"]


def modules():
    return [importlib.import_module(m) for m in GENERATORS]


def all_models():
    models = {}
    for mod in modules():
        for name, build in mod.MODELS.items():
            assert name not in models, "model %s defined twice" % name
            models[name] = build
    return models


def find_base(name, models):
    if name in models:
        return models[name]
    for mod in modules():
        build = getattr(mod, "resolve", lambda _: None)(name)
        if build is not None:
            return build
    return None


def find(name, models):
    """The zero-argument build function for NAME (variant suffixes applied),
    or None if no generator knows it. Raises ValueError for a variant the
    model's build function cannot make."""
    base, options = common.split_variant(name)
    build = find_base(base, models)
    if build is None:
        return None
    kwargs = {k: v for k, v in options.items() if k in ("batch", "size")}
    params = inspect.signature(build).parameters
    missing = [k for k in kwargs if k not in params]
    if missing:
        raise ValueError("%s: model %s has no %s variants (its build function "
                         "takes no '%s' argument)"
                         % (name, base, "/".join(missing), "', '".join(missing)))
    return functools.partial(build, **kwargs) if kwargs else build


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("names", nargs="*", help="models to write (default: all)")
    parser.add_argument("--list", action="store_true",
                        help="print the names in MODELS tables")
    args = parser.parse_args()
    models = all_models()
    if args.list:
        print("\n".join(sorted(models)))
        return
    try:
        builds = {n: find(n, models) for n in args.names or sorted(models)}
    except ValueError as e:
        sys.exit("generate.py: %s" % e)
    unknown = [n for n, b in builds.items() if b is None]
    if unknown:
        sys.exit("generate.py: unknown model(s) %s; known: %s and tv_ARCH "
                 "for torchvision's architectures"
                 % (", ".join(unknown), ", ".join(sorted(models))))
    for name, build in builds.items():
        common.generate(name, build, args.outdir)


if __name__ == "__main__":
    main()
