#!/usr/bin/env python3
"""The README's table of every flag of every lth subcommand, built from the commands' own --help.

One row per flag: the subcommands that take it, its default (per subcommand where they differ;
"required" where the subcommand needs the flag, "—" where leaving it out means what its help says)
and its meaning (the help text of its first subcommand; a help text "MEANING: here DETAIL" states
the flag's one meaning before ": here " and what it is in that subcommand after it, and the table
shows the meaning only). `--check README.md` exits 1 when the
README's table (between the flag-table markers) differs from the one the binary describes;
`--write README.md` replaces it.
"""
import json
import re
import subprocess
import sys

COMMANDS = [["bounds", "theorems"], ["bounds", "strong"], ["train"], ["prune", "greedy"], ["check"], ["reproduce"],
            ["imp"], ["stability"], ["earlybird"], ["rewinding"], ["subsetsum", "measure"], ["subsetsum", "ticket"],
            ["export", "notebook"], ["export", "report"], ["predict"], ["sweep"], ["status"]]
START, END = "<!-- flag-table:start -->", "<!-- flag-table:end -->"
OPTION = re.compile(r"^  (?:-\w, )?(--[a-z0-9-]+(?:/--[a-z0-9-]+)?)(?: <[^>]+>)?(?:\s+(.*))?$")


def options(lth, command):
    """(flag, help text) of every option `lth COMMAND --help` lists, in order."""
    text = subprocess.run([lth] + command + ["--help"], capture_output=True, text=True, check=True).stdout
    found, current, in_options = [], None, False
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Z -]*:$", line):  # OPTIONS:, SLURM:, ARGUMENTS:, ...
            in_options = line not in ("ARGUMENTS:", "SUBCOMMANDS:", "USAGE:", "OVERVIEW:")
            current = None
            continue
        if not in_options:
            continue
        m = OPTION.match(line)
        if m:
            current = [m.group(1), (m.group(2) or "").strip()]
            found.append(current)
        elif current is not None and line.startswith("    ") and line.strip():
            current[1] = (current[1] + " " + line.strip()).strip()
        else:
            current = None
    return [(f, h) for f, h in found if f not in ("--help", "--version")]


def required(lth, command):
    """The long names of the options `lth COMMAND` requires (the argument parser's own
    description of the command, `--experimental-dump-help`: isOptional false)."""
    text = subprocess.run([lth] + command + ["--experimental-dump-help"], capture_output=True, text=True, check=True).stdout
    arguments = json.loads(text)["command"].get("arguments", [])
    return {"--" + a["preferredName"]["name"] for a in arguments
            if not a.get("isOptional", True) and a.get("preferredName", {}).get("kind") == "long"}


def split_default(text):
    """(meaning, default) of a help text ending in '(default: X)' and, for an enum, the values the
    argument parser appends: '(values: A, B; default: X)' or '... (default: X). (values: A, B)'
    (the values stay in the meaning)."""
    values = None
    m = re.search(r"\s*\(values: ([^;()]*)\)\s*$", text)
    if m:
        values, text = m.group(1), text[:m.start()]
    default = ""
    m = re.search(r"\s*\((?:values: ([^;()]*); )?default: (.*)\)\s*\.?\s*$", text)
    if m:
        values = values or m.group(1)
        default, text = m.group(2), text[:m.start()]
    meaning = text.strip()
    if values:
        meaning += " (values: " + values + ")"
    return meaning, default


# The network each training subcommand trains, whose recipe (Engine's TrainingRecipe) gives its
# defaults; `lth train --model ntk|mlp` states both ("(default: ntk: X; mlp: Y)"). check and
# sweep are left out: their flags override a configuration, an experiment design of its own
# (`lth config print check|sweep`; check's trains the ntk recipe, which CLITests check).
NETWORK = {"train --model ntk": "ntk",
           "train --model mlp": "LeNet-300-100", "imp": "LeNet-300-100", "stability": "LeNet-300-100",
           "earlybird": "LeNet-300-100", "rewinding": "two-layer MLP", "subsetsum ticket": "SubsetSum target MLP"}
PER_MODEL = re.compile(r"^ntk: (.*); mlp: (.*)$")


def defaults_by_command(name, default):
    """[(command, default)]: a default of `lth train` stated per model becomes one entry per model."""
    m = PER_MODEL.match(default)
    if m:
        return [(f"{name} --model ntk", m.group(1)), (f"{name} --model mlp", m.group(2))]
    return [(name, default)]


def check_recipes(rows):
    """Exits 1 when two subcommands training the same network give a flag different defaults
    (leaving the flag out must mean the same there: the network's recipe)."""
    clashes = []
    for flag, row in rows.items():
        seen = {}
        for default, commands in row["defaults"].items():
            if default in ("", "required"):
                continue
            for command in commands:
                network = NETWORK.get(command)
                if network:
                    seen.setdefault(network, {}).setdefault(default, []).append(command)
        for network, values in seen.items():
            if len(values) > 1:
                clashes.append(f"{flag} on {network}: " + "; ".join(f"{d} ({', '.join(c)})" for d, c in values.items()))
    if clashes:
        sys.exit("flag_table.py: subcommands training the same network give different defaults:\n  " + "\n  ".join(clashes))


def table(lth):
    rows = {}
    for command in COMMANDS:
        name = " ".join(command)
        needed = required(lth, command)
        for flag, text in options(lth, command):
            meaning, default = split_default(text)
            if ": here " in meaning:
                meaning = meaning.split(": here ", 1)[0] + "."
            if flag in needed:
                default = "required"
            row = rows.setdefault(flag, {"meaning": meaning.replace("|", "\\|"), "commands": [], "defaults": {}})
            row["commands"].append(name)
            for who, value in defaults_by_command(name, default):
                row["defaults"].setdefault(value, []).append(who)
    check_recipes(rows)
    lines = ["| flag | subcommands | default | meaning |", "|---|---|---|---|"]
    for flag in sorted(rows, key=lambda f: f.lstrip("-")):
        row = rows[flag]
        defaults = row["defaults"]
        if len(defaults) == 1:
            default = next(iter(defaults)) or "—"
        else:
            default = "; ".join(f"{d or '—'} ({', '.join(c)})" for d, c in defaults.items())
        commands = "all" if len(row["commands"]) == len(COMMANDS) else ", ".join(row["commands"])
        default = default.replace("|", "\\|")
        lines.append(f"| `{flag}` | {commands} | {default} | {row['meaning']} |")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("--check", "--write"):
        sys.exit("usage: flag_table.py LTH --check|--write README.md")
    lth, mode, readme = sys.argv[1:]
    text = open(readme, encoding="utf-8").read()
    if START not in text or END not in text:
        sys.exit(f"flag_table.py: {readme} has no {START} ... {END} section")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = head + START + "\n" + table(lth) + END + tail
    if mode == "--write":
        open(readme, "w", encoding="utf-8").write(new)
    elif new != text:
        print(f"flag_table.py: the flag table in {readme} is out of date; run: make flag-table", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
