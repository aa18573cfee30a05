#!/usr/bin/env python3
"""Seeded mutation fuzzing of lth's readers (issue 14 item 7).

Files the tool writes itself (a run directory from `lth train`, its .npy arrays, meta.json and
config.json; a check folder's cells and configuration.json; the check's YAML and JSON
configuration) and the data files it reads (CSV, IDX raw and gzip in MNIST layout) are mutated
with a seeded generator (bit flips, truncation, byte insertion and deletion, numbers replaced by
huge, NaN, negative or overflowing values, duplicated and deleted lines, shortened arrays, dtype
and shape edits) and fed through the real readers by running the real `lth` binary as a
subprocess with a timeout and an address-space limit. Every input is classified:

  accepted   exit 0
  rejected   exit 2 with one line on stderr (the bad-input contract)
  failed     exit 1 (a runtime failure, e.g. divergence)
  mishandled any other exit status, or exit 2 with more or less than one line on stderr
  crash      killed by a signal (trap, abort, segfault)
  hang       still running at the timeout (then killed)

and its peak memory (max RSS) is recorded. Exit status: 1 when any crash, hang or mishandled input occurred or an
input's peak memory exceeded --max-rss-mb, else 0. Standard library only.

  python3 Tests/Fuzz/fuzz.py --lth .build/release/lth --seed 1 --inputs 2000
  python3 Tests/Fuzz/fuzz.py --lth .build/debug/lth --seed 14 --seconds 60     (the short pass)
"""
import argparse
import gzip
import json
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

SPECIAL_NUMBERS = ["1e39", "-1e39", "-1", "0", "-0", "NaN", "nan", "inf", "-inf", "Infinity", "1e308", "1e-320",
                   "9223372036854775807", "9223372036854775808", "-9223372036854775808", "4294967296", "4294967295",
                   "65536", "1000000", "99999999999", "0.5", "1e12", "3.5e38", "2"]
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


# Mutations: each takes (rng, bytes) and returns bytes.

def bit_flips(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if data:
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
    return bytes(data)


def truncate(rng, data):
    return data[:rng.randrange(len(data) + 1)] if data else data


def insert_bytes(rng, data):
    i = rng.randrange(len(data) + 1)
    choice = rng.randrange(3)
    if choice == 0:
        chunk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    elif choice == 1 and data:
        j = rng.randrange(len(data))
        chunk = data[j:j + rng.randint(1, 64)] * rng.randint(1, 4)
    else:
        chunk = rng.choice([b"\x00", b"\xff\xff\xff\xff", b",", b"\n", b"[", b"{", b"\"", b"'", b"?", b"*", b"&x "])
    return data[:i] + chunk + data[i:]


def delete_bytes(rng, data):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 32):]


def substitute_number(rng, data):
    numbers = list(NUMBER.finditer(data))
    if not numbers:
        return bit_flips(rng, data)
    out = data
    for match in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 3))), key=lambda m: -m.start()):
        out = out[:match.start()] + rng.choice(SPECIAL_NUMBERS).encode() + out[match.end():]
    return out


def duplicate_line(rng, data):
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[i])
    return b"\n".join(lines)


def delete_line(rng, data):
    lines = data.split(b"\n")
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def shorten_array(rng, data):
    # Remove one element of a JSON/YAML list: ", <number>" or "<number>, ".
    matches = list(re.finditer(rb",\s*-?[\d.eE+-]+(?=\s*[\],\n])", data))
    if not matches:
        return delete_line(rng, data)
    m = rng.choice(matches)
    return data[:m.start()] + data[m.end():]


def empty(rng, data):
    return b""


TEXT_MUTATIONS = [bit_flips, truncate, insert_bytes, delete_bytes, substitute_number, substitute_number,
                  duplicate_line, delete_line, shorten_array, empty]


def npy_header(rng, data):
    # Edit the header dict: dtype, shape or order.
    end = data.find(b"\n", 10)
    if end < 0:
        return bit_flips(rng, data)
    header = data[10:end]
    choice = rng.randrange(4)
    if choice == 0:
        header = re.sub(rb"'<f4'", rng.choice([b"'<f8'", b"'<i8'", b"'>f4'", b"'|u1'", b"'<c16'", b"'<f2'"]), header)
    elif choice == 1:
        header = re.sub(rb"\([^)]*\)", rng.choice([b"(4294967296, 4294967296)", b"(9223372036854775807, 2)", b"()",
                                                   b"(-1, 4)", b"(0, 4)", b"(3,)", b"(1, 1, 1)"]), header)
    elif choice == 2:
        header = header.replace(b"False", b"True")
    else:
        header = substitute_number(rng, header)
    return data[:8] + struct.pack("<H", len(header) + 1) + header + data[end:]


def npy_values(rng, data):
    # Write NaN, +-inf or huge float32 values into the data section.
    out = bytearray(data)
    start = data.find(b"\n", 10) + 1
    count = (len(data) - start) // 4
    for _ in range(rng.randint(1, 3)):
        if count > 0:
            i = start + 4 * rng.randrange(count)
            out[i:i + 4] = struct.pack("<f", rng.choice([float("nan"), float("inf"), float("-inf"), 3.4e38, -0.0]))
    return bytes(out)


NPY_MUTATIONS = [bit_flips, truncate, insert_bytes, delete_bytes, npy_header, npy_header, npy_values, empty]


def idx_header(rng, data):
    out = bytearray(data)
    if len(out) >= 8:
        rank = out[3]
        k = rng.randrange(max(1, min(rank, (len(out) - 4) // 4)))
        value = rng.choice([0, 1, 0xFFFFFFFF, 0x80000000, 0x10000, 60000, 7])
        out[4 + 4 * k:8 + 4 * k] = struct.pack(">I", value)
    if rng.random() < 0.3 and len(out) >= 4:
        out[rng.randrange(4)] = rng.randrange(256)
    return bytes(out)


BINARY_MUTATIONS = [bit_flips, truncate, insert_bytes, delete_bytes, idx_header, idx_header, empty]


# Running the binary.

class Outcome:
    def __init__(self, kind, status, stderr, peak_mb, seconds):
        self.kind, self.status, self.stderr, self.peak_mb, self.seconds = kind, status, stderr, peak_mb, seconds


def run(lth, arguments, timeout, address_space_mb, cwd):
    def limits():
        os.setsid()
        limit = address_space_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    env = dict(os.environ)
    env.setdefault("OPENBLAS_CORETYPE", "SkylakeX")
    env.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([lth] + arguments, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   preexec_fn=limits, cwd=cwd, env=env)
        status = None
        usage = None
        while True:
            pid, raw, usage = os.wait4(process.pid, os.WNOHANG)
            if pid == process.pid:
                status = os.waitstatus_to_exitcode(raw)
                break
            if time.monotonic() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                pid, raw, usage = os.wait4(process.pid, 0)
                status = None
                break
            time.sleep(0.005)
        process.returncode = 0  # reaped above
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    peak_mb = usage.ru_maxrss / 1024 if usage else 0
    seconds = time.monotonic() - start
    lines = [line for line in stderr.split("\n") if line.strip()]
    if status is None:
        kind = "hang"
    elif status < 0:
        kind = "crash"
    elif status == 0:
        kind = "accepted"
    elif status == 2 and len(lines) == 1 and stderr.count("\n") <= 1:
        kind = "rejected"
    elif status == 1:
        kind = "failed"
    else:
        kind = "mishandled"
    return Outcome(kind, status, stderr, peak_mb, seconds)


# The seed corpus, written by lth itself where lth writes the format.

CHECK_CONFIG = """# fuzz seed: a tiny theory check
data: "synthetic:sphere?m=60&d=4&seed=1"
samples: [20, 30]
seeds: [0]
width: 32
kappa: 1.0
reduction: mean
lr: 1.0
steps: 40
checkpoints: "geometric:4"
k: [4, 8]
epsilon: [0.2, 0.1]
delta: 0.1
out: runs/fuzz
"""


def build_corpus(lth, root, timeout):
    corpus = {}
    run_dir = os.path.join(root, "run")
    result = run(lth, ["train", "--data", "synthetic:sphere?m=40&d=4&seed=3", "--model", "mlp", "--width", "16",
                       "--samples", "40", "--batch", "40", "--momentum", "0", "--loss", "squared",
                       "--steps", "20it", "--lr", "0.2", "--reduction", "mean", "--checkpoints", "0,20", "--out", run_dir],
                 timeout * 10, 8192, root)
    if result.kind != "accepted":
        sys.exit("fuzz: lth train failed to write the seed run: " + result.stderr)
    corpus["run"] = run_dir
    check_dir = os.path.join(root, "check")
    config = os.path.join(root, "check.yaml")
    with open(config, "w") as f:
        f.write(CHECK_CONFIG)
    result = run(lth, ["check", config, "--out", check_dir], timeout * 20, 8192, root)
    if result.kind != "accepted":
        sys.exit("fuzz: lth check failed to write the seed check: " + result.stderr)
    corpus["check"] = check_dir
    corpus["config_yaml"] = config
    config_json = os.path.join(root, "check.json")
    with open(os.path.join(check_dir, "configuration.json")) as f:
        with open(config_json, "w") as g:
            json.dump(json.load(f)["configuration"], g, indent=2)
    corpus["config_json"] = config_json
    # CSV: 30 samples, 3 features, labels 0/1.
    rng = random.Random(0)
    csv = os.path.join(root, "data.csv")
    with open(csv, "w") as f:
        f.write("x1,x2,x3,label\n")
        for i in range(30):
            f.write("%.6f,%.6f,%.6f,%d\n" % (rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1), i % 2))
    corpus["csv"] = csv
    # IDX in MNIST layout: 20 training and 10 test images of 4x4 pixels, labels 0/1.
    idx = os.path.join(root, "idx")
    os.makedirs(idx)

    def images(n):
        return struct.pack(">IIII", 0x803, n, 4, 4) + bytes(rng.randrange(256) for _ in range(n * 16))

    def labels(n):
        return struct.pack(">II", 0x801, n) + bytes(i % 2 for i in range(n))
    files = {"train-images-idx3-ubyte": images(20), "train-labels-idx1-ubyte": labels(20),
             "t10k-images-idx3-ubyte": images(10), "t10k-labels-idx1-ubyte": labels(10)}
    for name, data in files.items():
        with open(os.path.join(idx, name), "wb") as f:
            f.write(data)
    corpus["idx"] = idx
    idx_gz = os.path.join(root, "idx-gz")
    os.makedirs(idx_gz)
    for name, data in files.items():
        with gzip.open(os.path.join(idx_gz, name + ".gz"), "wb") as f:
            f.write(data)
    corpus["idx_gz"] = idx_gz
    return corpus


def targets(corpus):
    """(name, source file relative to a folder copy or a file, mutations, command builder)."""
    out = []
    run_dir = corpus["run"]
    for base, _, files in os.walk(run_dir):
        for name in sorted(files):
            relative = os.path.relpath(os.path.join(base, name), run_dir)
            mutations = NPY_MUTATIONS if name.endswith(".npy") else TEXT_MUTATIONS
            out.append(("run:" + relative, "run", relative, mutations,
                        lambda copy, scratch: ["prune", "greedy", copy, "--checkpoint", "20", "--k", "4",
                                               "--out", os.path.join(scratch, "pruned")]))
    check_dir = corpus["check"]
    for relative in ["configuration.json"] + ["units/" + n for n in sorted(os.listdir(os.path.join(check_dir, "units")))]:
        out.append(("check-export:" + relative, "check", relative, TEXT_MUTATIONS,
                    lambda copy, scratch: ["export", "notebook", copy, "--out", os.path.join(scratch, "n.ipynb")]))
        out.append(("check-resume:" + relative, "check", relative, TEXT_MUTATIONS,
                    lambda copy, scratch, c=corpus: ["check", c["config_yaml"], "--out", copy]))
    for key, language in [("config_yaml", "yaml"), ("config_json", "json")]:
        out.append(("config:" + language, key, None, TEXT_MUTATIONS,
                    lambda copy, scratch, c=corpus: ["export", "notebook", c["check"], "--config", copy,
                                                     "--out", os.path.join(scratch, "n.ipynb")]))
    out.append(("csv", "csv", None, TEXT_MUTATIONS,
                lambda copy, scratch: ["bounds", "--data", copy, "--classes", "0,1", "--width", "1000"]))
    for key in ["idx", "idx_gz"]:
        for name in sorted(os.listdir(corpus[key])):
            mutations = BINARY_MUTATIONS if key == "idx" else BINARY_MUTATIONS + [bit_flips]
            out.append((key + ":" + name, key, name, mutations,
                        lambda copy, scratch: ["bounds", "--data", copy, "--classes", "0,1", "--width", "1000"]))
    return out


def materialise(corpus, target, rng, scratch):
    """Copies the target's source into scratch, mutates one file, returns the path to pass."""
    name, key, relative, mutations, _ = target
    source = corpus[key]
    mutation = rng.choice(mutations)
    if relative is None:
        copy = os.path.join(scratch, os.path.basename(source))
        with open(source, "rb") as f:
            data = f.read()
        if key == "idx_gz" or source.endswith(".gz"):
            pass
        with open(copy, "wb") as f:
            f.write(mutation(rng, data))
        return copy, mutation.__name__
    copy = os.path.join(scratch, os.path.basename(source))
    shutil.copytree(source, copy)
    path = os.path.join(copy, relative)
    with open(path, "rb") as f:
        data = f.read()
    if key == "idx_gz" and rng.random() < 0.7:
        # Mutate the decompressed bytes and compress again (gzip framing stays valid).
        mutated = gzip.compress(mutation(rng, gzip.decompress(data)))
    else:
        mutated = mutation(rng, data)
    with open(path, "wb") as f:
        f.write(mutated)
    return copy, mutation.__name__


def main():
    parser = argparse.ArgumentParser(description="Seeded mutation fuzzing of lth's readers.")
    parser.add_argument("--lth", default=".build/release/lth", help="the lth binary")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--inputs", type=int, default=0, help="number of mutated inputs (0: until --seconds)")
    parser.add_argument("--seconds", type=float, default=60, help="time budget when --inputs is 0")
    parser.add_argument("--timeout", type=float, default=20, help="seconds per input before it counts as a hang")
    parser.add_argument("--address-space-mb", type=int, default=8192, help="RLIMIT_AS of each lth process")
    parser.add_argument("--max-rss-mb", type=float, default=1024, help="peak memory above which an input fails the pass")
    parser.add_argument("--verbose", action="store_true", help="print every input's outcome")
    args = parser.parse_args()
    lth = os.path.abspath(args.lth)
    if not os.access(lth, os.X_OK):
        sys.exit("fuzz: no lth binary at %s (build it first)" % lth)
    root = tempfile.mkdtemp(prefix="lth-fuzz-")
    try:
        corpus = build_corpus(lth, root, args.timeout)
        all_targets = targets(corpus)
        rng = random.Random(args.seed)
        counts = {k: 0 for k in ["accepted", "rejected", "failed", "mishandled", "crash", "hang"]}
        peak = (0.0, "")
        over_memory = []
        findings = []
        start = time.monotonic()
        n = 0
        while (n < args.inputs) if args.inputs else (time.monotonic() - start < args.seconds):
            target = all_targets[n % len(all_targets)] if n < len(all_targets) else rng.choice(all_targets)
            scratch = os.path.join(root, "input-%d" % n)
            os.makedirs(scratch)
            copy, mutation = materialise(corpus, target, rng, scratch)
            arguments = target[4](copy, scratch)
            outcome = run(lth, arguments, args.timeout, args.address_space_mb, root)
            counts[outcome.kind] += 1
            label = "%s (%s) #%d" % (target[0], mutation, n)
            if outcome.peak_mb > peak[0]:
                peak = (outcome.peak_mb, label)
            if outcome.peak_mb > args.max_rss_mb:
                over_memory.append(label)
            if outcome.kind in ("crash", "hang", "mishandled") or outcome.peak_mb > args.max_rss_mb:
                kept = os.path.join(root, "finding-%d" % n)
                shutil.copytree(scratch, kept)
                findings.append("%s: %s status %s, %.0f MB, %.1f s: lth %s\n    %s" % (
                    label, outcome.kind, outcome.status, outcome.peak_mb, outcome.seconds,
                    " ".join(arguments).replace(scratch, kept), (outcome.stderr.strip().split("\n") or [""])[-1][:300]))
            elif not args.verbose:
                shutil.rmtree(scratch, ignore_errors=True)
            if args.verbose:
                print("%-60s %-10s %5.0f MB %5.1f s  %s" % (label, outcome.kind, outcome.peak_mb, outcome.seconds,
                                                           outcome.stderr.strip().split("\n")[-1][:120]))
            n += 1
        elapsed = time.monotonic() - start
        print("fuzz: seed %d, %d inputs over %d targets in %.0f s" % (args.seed, n, len(all_targets), elapsed))
        print("fuzz: accepted %d, rejected %d (exit 2, one line), failed %d (exit 1), mishandled %d, crashes %d, hangs %d"
              % (counts["accepted"], counts["rejected"], counts["failed"], counts["mishandled"], counts["crash"], counts["hang"]))
        print("fuzz: peak memory %.0f MB (%s); inputs over %.0f MB: %d" % (peak[0], peak[1], args.max_rss_mb, len(over_memory)))
        for finding in findings:
            print("fuzz: finding " + finding)
        # A bad input must give exit 2 and one line (the house rule), so "mishandled" fails too.
        bad = counts["crash"] + counts["hang"] + counts["mishandled"] + len(over_memory)
        if bad:
            print("fuzz: FAILED (findings kept in %s)" % root)
            return 1
        shutil.rmtree(root, ignore_errors=True)
        return 0
    except BaseException:
        print("fuzz: inputs kept in %s" % root)
        raise


if __name__ == "__main__":
    sys.exit(main())
