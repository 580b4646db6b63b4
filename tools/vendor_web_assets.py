"""Vendor the browser assets the API pages use (GraphiQL, Swagger UI, ReDoc) into
``shared/static/vendor``, so they work behind a firewall: no page loads a public CDN.

    uv run python tools/vendor_web_assets.py

Each package is fetched at its pinned version with ``npm pack`` (the npm registry, through
npm's own configuration), unpacked in a temporary folder, and only the files the pages load
are copied, with ``MANIFEST.json`` giving each file's package, version and sha256 (checked
by tests/shared/test_web_assets.py). Rerun it after changing a version below.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "shared" / "static" / "vendor"

# package, pinned version, folder under vendor/, files (inside the package) to copy.
# GraphiQL 4 is the last line that ships a UMD bundle (5 needs an ES-module build step);
# it runs on React 18, the last React with UMD builds.
PACKAGES: list[tuple[str, str, str, list[str]]] = [
    ("graphiql", "4.1.2", "graphiql", ["graphiql.min.js", "graphiql.min.css", "LICENSE"]),
    ("react", "18.3.1", "react", ["umd/react.production.min.js", "LICENSE"]),
    ("react-dom", "18.3.1", "react-dom", ["umd/react-dom.production.min.js", "LICENSE"]),
    (
        "swagger-ui-dist",
        "5.35.0",
        "swagger-ui",
        ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"],
    ),
    ("redoc", "2.5.4", "redoc", ["bundles/redoc.standalone.js", "LICENSE"]),
]


def fetch(package: str, version: str, into: Path) -> Path:
    result = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = into / result.stdout.strip().splitlines()[-1]
    unpacked = into / f"{package}-unpacked"
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")
    return unpacked / "package"


def main() -> None:
    manifest: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        for package, version, folder, files in PACKAGES:
            source = fetch(package, version, Path(temporary))
            target = VENDOR / folder
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            for name in files:
                copied = target / Path(name).name
                shutil.copyfile(source / name, copied)
                digest = hashlib.sha256(copied.read_bytes()).hexdigest()
                manifest[f"{folder}/{copied.name}"] = {
                    "package": package,
                    "version": version,
                    "sha256": digest,
                }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (VENDOR / "MANIFEST.json").write_text(text, encoding="utf-8")
    print(f"vendored {len(manifest)} files into {VENDOR}")


if __name__ == "__main__":
    main()
