"""The benchmark's floor: load every manifest under a folder with PyYAML's C loader, and nothing else.

    python bench/floor.py DIR

Walks the folder the way `convert` does (*.yaml, *.yml, *.json; hidden files and folders skipped, sorted)
and builds every document with `yaml.load_all(..., Loader=yaml.CSafeLoader)`.
"""

from __future__ import annotations

import os
import sys

import yaml


def main(top: str) -> int:
    documents = 0
    for directory, subdirs, names in os.walk(top):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.lower().endswith((".yaml", ".yml", ".json")):
                continue
            with open(os.path.join(directory, name), "rb") as stream:
                documents += sum(1 for _ in yaml.load_all(stream.read(), Loader=yaml.CSafeLoader))
    print(documents)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
