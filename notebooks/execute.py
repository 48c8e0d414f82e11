"""Executes the notebooks headless with nbclient; a failing cell fails the run (exit 1).

    python execute.py               # executed copies to target/executed/ (CI)
    python execute.py --in-place    # outputs written into the notebooks themselves (what is committed)

The tables come from SHARPSWEEP_TABLE and SHARPSWEEP_MODELS_TABLE (see sharpsweep_nb.py).
"""
import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = pathlib.Path(__file__).resolve().parent


def main(args):
    in_place = "--in-place" in args
    out = HERE / "target" / "executed"
    out.mkdir(parents=True, exist_ok=True)
    failed = []
    for path in sorted(HERE.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}})
        try:
            client.execute()
            print(f"execute: {path.name} ok")
        except CellExecutionError as e:
            failed.append(path.name)
            print(f"execute: {path.name} FAILED\n{e}")
        nbformat.write(nb, path if in_place and path.name not in failed else out / path.name)
    print(f"notebooks: {4 - len(failed) if len(list(HERE.glob('*.ipynb'))) == 4 else '?'} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
