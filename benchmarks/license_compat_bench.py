"""A whole project's license verdict for many components (#18): `judge_project` over a
realistic mix of licenses, uses and dependency paths. Goal: 2,000 components under 1 s.

    .venv/bin/python benchmarks/license_compat_bench.py
    .venv/bin/python benchmarks/license_compat_bench.py --components 20000 --seed 7 --json
"""

from __future__ import annotations

import argparse
import json
import random
import time

from _common import revision

from osunited.licenses import Component, ComponentKind, Use, Verdict, check_pair, judge_project

# Weighted roughly as package registries are: mostly permissive, a tail of copyleft and rarer ids.
LICENSES = {
    "MIT": 40,
    "Apache-2.0": 18,
    "BSD-3-Clause": 8,
    "ISC": 6,
    "BSD-2-Clause": 4,
    "MIT OR Apache-2.0": 4,
    "Apache-2.0 WITH LLVM-exception": 1,
    "0BSD": 1,
    "Unlicense": 1,
    "CC0-1.0": 1,
    "Zlib": 1,
    "BSL-1.0": 1,
    "Python-2.0": 1,
    "PostgreSQL": 1,
    "MIT-0": 1,
    "BlueOak-1.0.0": 1,
    "WTFPL": 1,
    "UPL-1.0": 1,
    "NCSA": 1,
    "X11": 1,
    "Artistic-2.0": 1,
    "MPL-2.0": 2,
    "LGPL-2.1-only": 1,
    "LGPL-2.1-or-later": 1,
    "LGPL-3.0-only": 1,
    "LGPL-3.0-or-later": 1,
    "EPL-1.0": 1,
    "EPL-2.0": 1,
    "CDDL-1.0": 1,
    "CDDL-1.1": 1,
    "GPL-2.0-only": 1,
    "GPL-2.0-or-later": 1,
    "GPL-3.0-only": 1,
    "GPL-3.0-or-later": 1,
    "AGPL-3.0-only": 1,
    "AGPL-3.0-or-later": 1,
    "EUPL-1.2": 1,
    "EUPL-1.1": 1,
    "OSL-3.0": 1,
    "MS-PL": 1,
    "MS-RL": 1,
    "CPL-1.0": 1,
    "AFL-3.0": 1,
    "OFL-1.1": 1,
    "CC-BY-4.0": 1,
    "CC-BY-SA-4.0": 1,
    "Ruby": 1,
    "OpenSSL": 1,
    "BSD-4-Clause": 1,
    "PHP-3.01": 1,
    "ECL-2.0": 1,
    "GPL-2.0-only WITH Classpath-exception-2.0": 1,
    "GPL-3.0-or-later WITH GCC-exception-3.1": 1,
    "MIT AND BSD-3-Clause": 1,
    "(MIT OR GPL-2.0-only) AND Apache-2.0": 1,
    "Unicode-DFS-2016": 1,
    "SSPL-1.0": 1,
    "BUSL-1.1": 1,
    "LicenseRef-scancode-proprietary": 1,
    "Vim": 1,
}
USES = {
    Use.DYNAMIC_LINKING: 45,
    Use.STATIC_LINKING: 25,
    Use.TOOL: 15,
    Use.MERGED_SOURCES: 10,
    Use.DISTINCT_COMPONENT: 5,
}


def components(count: int, rng: random.Random, unknown_share: float) -> list[Component]:
    names = [f"pkg:npm/package-{i}" for i in range(count)]
    made = []
    for i, name in enumerate(names):
        depth = rng.randint(1, 6)
        path = tuple(rng.sample(names[: max(i, 1)], k=min(depth - 1, max(i, 1))))
        license = None
        if rng.random() >= unknown_share:
            license = rng.choices(list(LICENSES), weights=list(LICENSES.values()))[0]
        use = rng.choices(list(USES), weights=list(USES.values()))[0]
        made.append(Component(name, ComponentKind.DEPENDENCY, license, use, path))
    return made


def timed(outbound: str, parts: list[Component]) -> tuple[float, Verdict]:
    start = time.perf_counter()
    verdict = judge_project(outbound, parts)
    return time.perf_counter() - start, verdict.verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--unknown", type=float, default=0.05, help="share with no license")
    parser.add_argument("--outbound", default="Apache-2.0")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    parts = components(args.components, random.Random(args.seed), args.unknown)  # noqa: S311 - reproducible
    check_pair.cache_clear()
    cold, verdict = timed(args.outbound, parts)
    warm, _ = timed(args.outbound, parts)
    figures = {
        "components": len(parts),
        "distinct_pairs": len({(c.license, c.use) for c in parts if c.license}),
        "licenses": len({c.license for c in parts if c.license}),
        "outbound": args.outbound,
        "verdict": verdict.value,
        "cold_s": round(cold, 4),
        "warm_s": round(warm, 4),
        "cold_components_per_s": round(len(parts) / cold),
        "warm_components_per_s": round(len(parts) / warm),
        "goal_met": cold < 1.0 if len(parts) <= 2_000 else None,
        "revision": revision(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"{figures['components']:,} components, {figures['licenses']} licenses, "
        f"{figures['distinct_pairs']} distinct (license, use) pairs, project {args.outbound}: "
        f"{figures['verdict']}"
    )
    rate = figures["cold_components_per_s"]
    print(f"cold (empty pair cache, data files read): {cold:.3f} s, {rate:,} components/s")
    print(f"warm (pairs cached): {warm:.3f} s, {figures['warm_components_per_s']:,} components/s")
    if figures["goal_met"] is not None:
        print(f"goal, 2,000 components under 1 s: {'met' if figures['goal_met'] else 'missed'}")
    print(f"revision: {figures['revision']}")


if __name__ == "__main__":
    main()
