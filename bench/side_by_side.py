"""Old code against new, over the same seconds on the same host.

    python bench/side_by_side.py HEAD~1               # 15 sessions on each server, 30 s
    python bench/side_by_side.py a855a71 --sessions 10 --seconds 60 --rounds 3
    python bench/side_by_side.py ca08f96 --new 2340e1d    # two revisions, neither checked out here

This machine's speed drifts by half within an hour (bench/results/*.md say
how fast it was for each run), so two load runs one after the other can
differ more than a change does. Here the revision REV is checked out into a
temporary git worktree, and a server of it and a server of this checkout run
at the same time, each with N websocket sessions training (bench/load.py's
measure_ws): both see the same host. Printed per round and for each server:
frames/s per session, server CPU ms per frame, page runs and errors; then
the new server's CPU per frame as a ratio of the old one's. The two servers
share the two cores, so each gets about half of what one alone would.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common import write_results  # noqa: E402
from load import measure_ws  # noqa: E402
from tests.support.server import ROOT, StreamlitServer  # noqa: E402


def worktree(rev: str, where: str) -> None:
    """A checkout of rev at `where` (git worktree; removed by remove_worktree)."""
    subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", where, rev], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def remove_worktree(where: str) -> None:
    subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", where], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def one_round(old_root: str, new_root: str, n: int, seconds: float) -> tuple[dict, dict]:
    with StreamlitServer(root=old_root, log_name=".streamlit-bench-old.log") as old, \
            StreamlitServer(root=new_root, log_name=".streamlit-bench-new.log") as new:
        async def both():
            return await asyncio.gather(measure_ws(old, [old.pid()], n, seconds),
                                        measure_ws(new, [new.pid()], n, seconds))
        return tuple(asyncio.run(both()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rev", help="the old code: a git revision")
    parser.add_argument("--new", help="the new code: a git revision (default: this checkout as it is)")
    parser.add_argument("--sessions", type=int, default=15, help="sessions on each server")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    old_commit = subprocess.check_output(["git", "-C", ROOT, "rev-parse", "--short", args.rev], text=True).strip()
    new_commit = subprocess.check_output(["git", "-C", ROOT, "rev-parse", "--short", args.new or "HEAD"],
                                         text=True).strip()
    dirty = not args.new and bool(subprocess.check_output(
        ["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], text=True).strip())
    new_name = new_commit + (" + uncommitted changes" if dirty else "")
    rounds = []
    with tempfile.TemporaryDirectory() as scratch:
        old_root, new_root = os.path.join(scratch, "old"), os.path.join(scratch, "new") if args.new else ROOT
        try:
            worktree(args.rev, old_root)
            if args.new:
                worktree(args.new, new_root)
            for _ in range(args.rounds):
                old, new = one_round(old_root, new_root, args.sessions, args.seconds)
                rounds.append({"old": old, "new": new,
                               "cpu_ms_per_frame_ratio": new["server_cpu_ms_per_frame"] / old["server_cpu_ms_per_frame"]})
        finally:
            remove_worktree(old_root)
            if args.new:
                remove_worktree(new_root)
    table = [["round", "code", "sessions", "errors", "frames/s mean (min)", "CPU ms/frame", "page runs/min per session",
              "new ÷ old CPU per frame"]]
    for i, r in enumerate(rounds, start=1):
        for label, name in (("old", old_commit), ("new", new_name)):
            m = r[label]
            table.append([str(i), name, str(m["sessions"]), str(m["errors"]),
                          f"{m['frames_per_s_mean']:.2f} ({m['frames_per_s_min']:.2f})",
                          f"{m['server_cpu_ms_per_frame']:.1f}", f"{m['page_runs_per_session_min']:.1f}",
                          f"{r['cpu_ms_per_frame_ratio']:.2f}" if label == "new" else ""])
    write_results("side-by-side", {"old": old_commit, "new": new_name, "rounds": rounds}, table)


if __name__ == "__main__":
    main()
