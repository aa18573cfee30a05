"""Creates or reuses the virtual environment of `make bench-peers` (outside the source tree).

usage: python3 venv.py VENV_DIR [--pip-args "ARGS"]

Idempotent: when VENV_DIR/bin/python already has every pin of requirements.txt (same
versions, checked with importlib.metadata), nothing is installed. Otherwise the venv is
created (python3 -m venv) and `pip install -r requirements.txt` runs in it. The pinned
versions are printed either way. Exit status 1 with one clear line when installing fails.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REQUIREMENTS = os.path.join(HERE, "requirements.txt")


def pins():
    """The (name, version) pairs of requirements.txt ("name==version" lines)."""
    result = []
    with open(REQUIREMENTS) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                name, version = line.split("==")
                result.append((name.strip(), version.strip()))
    return result


def installed_versions(python, names):
    """Versions of `names` in the venv's interpreter, None for a missing package."""
    code = ("import importlib.metadata as m, json, sys\n"
            "out = {}\n"
            "for n in sys.argv[1:]:\n"
            "    try: out[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: out[n] = None\n"
            "print(json.dumps(out))")
    try:
        text = subprocess.run([python, "-c", code, *names], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {n: None for n in names}
    import json
    return json.loads(text)


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print("venv.py: error: missing VENV_DIR (usage: venv.py VENV_DIR [--pip-args ARGS])", file=sys.stderr)
        return 2
    venv = os.path.abspath(args[0])
    pip_args = []
    if len(args) >= 3 and args[1] == "--pip-args":
        pip_args = args[2].split()
    tree = os.path.abspath(os.path.join(HERE, "..", ".."))
    if venv == tree or venv.startswith(tree + os.sep):
        print(f"venv.py: error: the virtual environment {venv} must lie outside the source tree {tree}", file=sys.stderr)
        return 2
    wanted = pins()
    python = os.path.join(venv, "bin", "python")
    have = installed_versions(python, [n for n, _ in wanted]) if os.path.exists(python) else {}
    if all(have.get(n) == v for n, v in wanted):
        print(f"bench-peers: reusing {venv}: " + ", ".join(f"{n} {v}" for n, v in wanted))
        return 0
    if not os.path.exists(python):
        print(f"bench-peers: creating the virtual environment {venv}")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    print("bench-peers: installing " + ", ".join(f"{n}=={v}" for n, v in wanted) + " (pip; 1-2 minutes)")
    status = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                             "-r", REQUIREMENTS, *pip_args]).returncode
    have = installed_versions(python, [n for n, _ in wanted])
    missing = [f"{n}=={v} (have {have.get(n)})" for n, v in wanted if have.get(n) != v]
    if status != 0 or missing:
        print("bench-peers: error: could not install " + ", ".join(missing or [f"{n}=={v}" for n, v in wanted])
              + " into " + venv + "; torch==2.13.0+cpu is the CPU-only build: put its wheel in a pip find-links"
              " folder or pass PEERS_PIP_ARGS='--extra-index-url https://download.pytorch.org/whl/cpu'",
              file=sys.stderr)
        return 1
    print(f"bench-peers: installed into {venv}: " + ", ".join(f"{n} {v}" for n, v in wanted))
    return 0


if __name__ == "__main__":
    sys.exit(main())
