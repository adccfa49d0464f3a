#!/usr/bin/env python3
"""bench/gen-scripts.py: deterministic, realistic Slurm job scripts.

  gen-scripts.py [--seed S] [--count N] [--min-lines A] [--max-lines B] OUTDIR
      N scripts OUTDIR/job-NNN.sh of A..B lines (default 200 of 10..200,
      seed 1): GPU training in containers (apptainer/singularity --nv),
      arrays, MPI (srun/mpirun), torchrun/accelerate/deepspeed, heredoc
      wrappers, requeue traps, the usual #SBATCH blocks, comments, module
      loads, functions, loops.  Same seed, same bytes, on any machine
      (Python's random.Random is specified to be reproducible).
  gen-scripts.py --scale K FILE OUT
      FILE's #SBATCH header once, then its body K times (OUT has about K
      times FILE's length): the scaling benchmark.
  gen-scripts.py --concat MB OUT
      The 200 scripts of seed 1 concatenated, again and again, cut at a
      line end near MB * 10^6 bytes: realistic bodies with here-documents,
      and the #SBATCH blocks of every script after the first become late
      directives (the "one big script" rows of bench/RESULTS.md).

Only the standard library; no network, no clock, no environment.
"""
import argparse
import os
import random
import sys

PARTS = ["prioritized", "batch", "gpu", "gpu-long", "cpu", "debug"]
GPU_TYPES = ["a100", "a40", "a10", "t4", "v100", "h100", None]
IMAGES = ["/ceph/container/pytorch_24.01.sif", "/ceph/container/tf_2.15.sif",
          "/ceph/container/jax_0.4.sif", "$HOME/containers/hf.sif",
          "/scratch/$USER/images/llm-train_v3.sif",
          "docker://nvcr.io/nvidia/pytorch:24.01-py3"]
MODULES = ["cuda/12.1", "cudnn/8.9", "gcc/12.2", "openmpi/4.1.5",
           "python/3.11", "anaconda3/2023.09", "nccl/2.18", "hdf5/1.14",
           "apptainer/1.2", "singularity/3.11", "intel-mpi/2021.9"]
MODELS = ["llama-7b", "resnet50", "vit-base", "bert-large", "gpt2-medium",
          "unet3d", "mistral-7b", "t5-base"]
DATASETS = ["imagenet", "c4", "wikitext", "coco", "librispeech", "cityscapes",
            "pile-subset", "openwebtext"]


def time_str(r):
    return r.choice(["00:30:00", "01:00:00", "04:00:00", "12:00:00",
                     "1-00:00:00", "2-00:00:00", "6:00:00", "90", "30:00",
                     "3-12:00:00", "08:00:00"])


def header(r, kind):
    """#SBATCH block for a job of the given kind."""
    L = ["#!/bin/bash" if r.random() < 0.9 else "#!/usr/bin/env bash"]
    if r.random() < 0.4:
        L.append("#")
        L.append(f"# {kind} job: {r.choice(MODELS)} on {r.choice(DATASETS)}")
        L.append("#")
    name = f"{kind}-{r.choice(MODELS)}"
    L.append(f"#SBATCH --job-name={name}" if r.random() < 0.7
             else f"#SBATCH -J {name}")
    if r.random() < 0.7:
        L.append(f"#SBATCH --partition={r.choice(PARTS)}")
    if r.random() < 0.5:
        L.append(f"#SBATCH --account=proj{r.randint(100, 999)}")
    t = time_str(r)
    L.append(f"#SBATCH --time={t}" if r.random() < 0.8 else f"#SBATCH -t {t}")
    nodes = 1
    if kind in ("mpi", "torchrun-multi", "deepspeed"):
        nodes = r.choice([2, 4, 8, 16])
        L.append(f"#SBATCH --nodes={nodes}")
    elif r.random() < 0.4:
        L.append("#SBATCH --nodes=1")
    gpus = 0
    if kind not in ("mpi", "cpu-array"):
        gpus = r.choice([1, 2, 4, 8])
        gt = r.choice(GPU_TYPES)
        form = r.randint(0, 3)
        if form == 0:
            L.append(f"#SBATCH --gres=gpu:{gt + ':' if gt else ''}{gpus}")
        elif form == 1:
            L.append(f"#SBATCH --gpus-per-node={gt + ':' if gt else ''}{gpus}")
        elif form == 2:
            L.append(f"#SBATCH --gpus={gpus * nodes}")
        else:
            L.append(f"#SBATCH -G {gpus * nodes}")
    if kind == "mpi":
        L.append(f"#SBATCH --ntasks-per-node={r.choice([16, 32, 64, 128])}")
        L.append("#SBATCH --cpus-per-task=1")
        if r.random() < 0.5:
            L.append("#SBATCH --exclusive")
    else:
        if r.random() < 0.6:
            L.append(f"#SBATCH --ntasks-per-node={gpus if gpus and r.random() < 0.5 else 1}")
        L.append(f"#SBATCH --cpus-per-task={r.choice([2, 4, 8, 16, 32])}")
    mem = r.randint(0, 3)
    if mem == 0:
        L.append(f"#SBATCH --mem={r.choice([16, 32, 64, 128, 200, 256])}G")
    elif mem == 1:
        L.append(f"#SBATCH --mem-per-cpu={r.choice(['2000', '4G', '8G'])}")
    elif mem == 2 and gpus:
        L.append(f"#SBATCH --mem-per-gpu={r.choice(['32G', '64G', '80G'])}")
    if kind in ("array", "cpu-array") or r.random() < 0.1:
        n = r.choice([9, 19, 49, 99, 999])
        L.append(f"#SBATCH --array=0-{n}%{r.choice([4, 8, 10, 20])}")
        L.append("#SBATCH --output=logs/%x_%A_%a.out")
        if r.random() < 0.6:
            L.append("#SBATCH --error=logs/%x_%A_%a.err")
    else:
        L.append(r.choice(["#SBATCH --output=logs/%x-%j.out",
                           "#SBATCH -o slurm-%j.log",
                           "#SBATCH --output=%x_%j.out   # per-job log"]))
    if r.random() < 0.3:
        L.append("#SBATCH --mail-type=END,FAIL")
        L.append("#SBATCH --mail-user=someone@example.org")
    if r.random() < 0.25:
        L.append("#SBATCH --requeue")
        L.append(f"#SBATCH --signal=B:USR1@{r.choice([120, 300, 600])}")
    if r.random() < 0.2:
        L.append(f"#SBATCH --constraint={r.choice(['a100', 'ib', 'nvme'])}")
    if r.random() < 0.15:
        L.append("#SBATCH --open-mode=append")
    if r.random() < 0.1:
        L.append(f"#SBATCH --qos={r.choice(['normal', 'high', 'long'])}")
    return L, gpus, nodes


def prologue(r):
    L = [""]
    if r.random() < 0.7:
        L.append(r.choice(["set -euo pipefail", "set -e", "set -eux"]))
    if r.random() < 0.7:
        L.append("module purge")
        for m in r.sample(MODULES, r.randint(1, 4)):
            L.append(f"module load {m}")
    if r.random() < 0.4:
        L.append("source ~/miniconda3/etc/profile.d/conda.sh")
        L.append(f"conda activate {r.choice(['torch', 'train', 'env-py311'])}")
    if r.random() < 0.5:
        L.append('export OMP_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"')
    if r.random() < 0.3:
        L.append('export NCCL_DEBUG=INFO')
        L.append('export NCCL_IB_DISABLE=0')
    if r.random() < 0.4:
        L.append('mkdir -p logs "$SCRATCH/$SLURM_JOB_ID"')
    L.append('echo "job $SLURM_JOB_ID on $(hostname) at $(date)"')
    return L


def ctr(r, gpus, nv_ok=True):
    rt = r.choice(["singularity", "apptainer"])
    verb = r.choice(["exec", "exec", "run"])
    flags = []
    if gpus and (nv_ok or r.random() < 0.9):
        flags.append("--nv")
    if r.random() < 0.6:
        flags.append(f"--bind /ceph/project:/project,$SCRATCH:/scratch")
    if r.random() < 0.2:
        flags.append("--cleanenv")
    return f"{rt} {verb} {' '.join(flags)} {r.choice(IMAGES)}".replace("  ", " ")


def step(r, kind, gpus, nodes):
    """One launch command (possibly several lines)."""
    model, ds = r.choice(MODELS), r.choice(DATASETS)
    args = f"--model {model} --data /project/data/{ds} --epochs {r.randint(1, 90)}"
    if kind == "gpu-container":
        return [f"srun {ctr(r, gpus)} \\",
                f"    python train.py {args} \\",
                f"    --output-dir \"$SCRATCH/$SLURM_JOB_ID\""]
    if kind in ("torchrun", "torchrun-multi"):
        if nodes > 1:
            return ["head=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n1)",
                    f"srun --ntasks-per-node=1 {ctr(r, gpus)} \\",
                    f"    torchrun --nnodes={nodes} --nproc_per_node={gpus} \\",
                    "    --rdzv_backend=c10d --rdzv_endpoint=\"$head:29500\" \\",
                    f"    train.py {args}"]
        return [f"torchrun --standalone --nproc_per_node={gpus} train.py {args}"]
    if kind == "accelerate":
        return [f"accelerate launch --num_processes={gpus} --mixed_precision=bf16 \\",
                f"    finetune.py {args}"]
    if kind == "deepspeed":
        return [f"srun {ctr(r, gpus)} \\",
                f"    deepspeed --num_gpus={gpus} train_ds.py --deepspeed ds_config.json {args}"]
    if kind == "mpi":
        if r.random() < 0.6:
            return [f"srun --mpi=pmix ./solver --input case{r.randint(1, 9)}.cfg"]
        return ["mpirun -np \"$SLURM_NTASKS\" --bind-to core ./solver input.cfg"]
    if kind in ("array", "cpu-array"):
        return ["cfg=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" configs.txt)",
                f"srun python sweep.py --config \"$cfg\" --seed \"$SLURM_ARRAY_TASK_ID\""]
    return [f"srun python eval.py {args}"]


FILLER = [
    lambda r: ["", "# stage the data set onto node-local scratch",
               f"rsync -a /project/data/{r.choice(DATASETS)}/ \"$TMPDIR/data/\""],
    lambda r: ["", "for i in $(seq 1 %d); do" % r.randint(2, 8),
               "    echo \"warm-up $i\"",
               "done"],
    lambda r: ["", "if [[ -f \"ckpt/latest.pt\" ]]; then",
               "    RESUME=\"--resume ckpt/latest.pt\"",
               "else",
               "    RESUME=\"\"",
               "fi"],
    lambda r: ["", "case \"${MODE:-train}\" in",
               "    train) EXTRA=\"--train\" ;;",
               "    eval)  EXTRA=\"--eval-only\" ;;",
               "    *)     echo \"unknown mode\" >&2; exit 1 ;;",
               "esac"],
    lambda r: ["", "log() { printf '%s %s\\n' \"$(date +%T)\" \"$*\"; }",
               f"log \"starting {r.choice(MODELS)}\""],
    lambda r: ["nvidia-smi --query-gpu=name,memory.used --format=csv"],
    lambda r: ["", "# environment for reproducibility",
               f"export PYTHONHASHSEED={r.randint(0, 9999)}",
               "export CUBLAS_WORKSPACE_CONFIG=:4096:8"],
    lambda r: ["echo \"nodes: $SLURM_JOB_NODELIST tasks: ${SLURM_NTASKS:-1}\""],
    lambda r: ["", "cat > run.yaml <<EOF",
               f"model: {r.choice(MODELS)}",
               f"dataset: {r.choice(DATASETS)}",
               f"lr: {r.choice(['1e-4', '3e-4', '5e-5'])}",
               "batch_size: 32",
               "EOF"],
    lambda r: ["", "python - <<'PY'",
               "import torch",
               "print(torch.cuda.device_count(), 'GPUs visible')",
               "PY"],
    lambda r: ["", "declare -a SEEDS=(1 2 3 4 5)",
               "for s in \"${SEEDS[@]}\"; do",
               "    python prep.py --seed \"$s\" >> \"logs/prep-$s.log\" 2>&1",
               "done"],
    lambda r: ["", "while read -r line; do",
               "    [[ -z \"$line\" || \"$line\" == \\#* ]] && continue",
               "    echo \"config: $line\"",
               "done < configs.txt"],
    lambda r: ["tar -C \"$TMPDIR\" -xf /project/archives/%s.tar" % r.choice(DATASETS)],
    lambda r: ["ls -l \"$TMPDIR\" | wc -l"],
    lambda r: ["", "# keep a copy of the script with the results",
               "cp \"$0\" \"results/$SLURM_JOB_ID.sh\""],
]


def requeue_trap(r):
    return ["", "checkpoint_and_requeue() {",
            "    echo \"caught signal; saving and requeueing\"",
            "    touch ckpt/STOP",
            "    scontrol requeue \"$SLURM_JOB_ID\"",
            "}",
            "trap checkpoint_and_requeue USR1"]


def heredoc_wrapper(r):
    """A submitter that writes job scripts in a heredoc (its #SBATCH lines
    are data) and submits them."""
    return ["", f"for ds in {' '.join(r.sample(DATASETS, 3))}; do",
            "    cat > \"job-$ds.sh\" <<EOT",
            "#!/bin/bash",
            f"#SBATCH --gres=gpu:{r.randint(1, 4)}",
            f"#SBATCH --time={time_str(r)}",
            "srun python train.py --data $ds",
            "EOT",
            "    sbatch \"job-$ds.sh\"",
            "done"]


KINDS = ["gpu-container", "gpu-container", "torchrun", "torchrun-multi",
         "accelerate", "deepspeed", "mpi", "array", "cpu-array", "wrapper",
         "gpu-container"]


def script(r, nlines):
    kind = r.choice(KINDS)
    hdr, gpus, nodes = header(r, "train" if kind == "wrapper" else kind)
    pro = prologue(r)
    tail = []
    if "--requeue" in "\n".join(hdr):
        tail += requeue_trap(r)
    if kind == "wrapper":
        tail += heredoc_wrapper(r)
    else:
        tail += [""] + step(r, kind, gpus, nodes)
        if r.random() < 0.3:
            tail += [""] + step(r, kind, gpus, nodes)
    end = ["", "echo \"done: $?\""] if r.random() < 0.6 else []
    body = []
    fixed = len(hdr) + len(pro) + len(tail) + len(end)
    while fixed + len(body) < nlines:
        body += r.choice(FILLER)(r)
    lines = hdr + pro + body + tail + end
    # Short scripts: keep the header and the launch, drop setup lines.
    if len(lines) > nlines:
        keep = max(nlines - len(hdr) - len(tail), 0)
        lines = hdr + (pro + body)[:keep] + tail
    return "\n".join(lines) + "\n"


def scale(src, k):
    lines = src.splitlines(keepends=True)
    i = 0
    while i < len(lines) and (lines[i].startswith("#!") or
                              lines[i].startswith("#SBATCH") or
                              lines[i].strip() == "" and i < 2):
        i += 1
    head, body = lines[:i], lines[i:]
    return "".join(head) + "".join(body) * k


def concat(nbytes):
    r = random.Random(1)
    one = "".join(script(r, r.randint(10, 200)) for _ in range(200))
    data = one * (nbytes // len(one) + 1)
    return data[:data.rindex("\n", 0, nbytes) + 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--min-lines", type=int, default=10)
    ap.add_argument("--max-lines", type=int, default=200)
    ap.add_argument("--scale", type=int)
    ap.add_argument("--concat", type=float)
    ap.add_argument("args", nargs="+")
    o = ap.parse_args()
    if o.scale is not None:
        src = open(o.args[0], encoding="utf-8").read()
        with open(o.args[1], "w", encoding="utf-8") as fp:
            fp.write(scale(src, o.scale))
        return 0
    if o.concat is not None:
        with open(o.args[0], "w", encoding="utf-8") as fp:
            fp.write(concat(int(o.concat * 1e6)))
        return 0
    out = o.args[0]
    os.makedirs(out, exist_ok=True)
    r = random.Random(o.seed)
    width = max(3, len(str(o.count - 1)))
    for i in range(o.count):
        n = r.randint(o.min_lines, o.max_lines)
        with open(os.path.join(out, f"job-{i:0{width}d}.sh"), "w",
                  encoding="utf-8") as fp:
            fp.write(script(r, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
