#!/bin/bash
# tests/slurm-clifilter/run.sh: the cli_filter plugin in real sbatch,
# salloc and srun, next to the job_submit plugin in a real slurmctld.
#
# A one-node Slurm from tests/slurm/lib.sh (munge, slurmctld, slurmd, two
# fake T4 GPUs) with CliFilterPlugins=jlint and JobSubmitPlugins=jlint,
# both reading jlint.yaml next to slurm.conf (policy.yaml here: modes per
# enforcement point).  Checks what the user sees before the request is
# sent, that an enforce finding at cli_filter stops the command (the
# controller never sees the job), that a warn finding lets it through, a
# staged roll-out (warned by cli_filter, rejected by job_submit), srun and
# salloc, and that a broken or missing policy lets every job through with
# one log line.  Holds /run/lock/jlint-slurm-tests.lock while it runs.
#
# Needs root.  Environment as tests/slurm/run.sh: BUILD, JLINT_SKIP_SLURM,
# JLINT_SLURM_KEEP, JLINT_SLURM_PORT, JLINT_SLURM_VERBOSE.
# Exit status: 0 all passed (or skipped), 1 a test failed, 2 setup failed.
set -u
umask 022
T0=$(date +%s.%N)
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
JLINT="$BUILD/jlint"
CLIF="$BUILD/cli_filter_jlint.so"
JSUB="$BUILD/job_submit_jlint.so"
TUSER=jlinttest

. "$TOP/tests/slurm/lib.sh"
slurm_suite "slurm-clifilter tests" "$JLINT" "$CLIF" "$JSUB"

slurm_lock
slurm_packages
want=$(dpkg-query -W -f '${Version}' libslurm-dev 2>/dev/null)
have=$(dpkg-query -W -f '${Version}' slurmctld 2>/dev/null)
[ "$want" = "$have" ] || die "plugins built for libslurm-dev $want but slurmctld is $have (rebuild)"

SLURM_SCANCEL_USER=$TUSER
slurm_scratch
POLICY=$BASE/etc/jlint.yaml
slurm_users $TUSER
chown "$TUSER" "$BASE/userwork"
slurm_munge
slurm_port
slurm_node
slurm_conf "JobSubmitPlugins=jlint
CliFilterPlugins=jlint
EnforcePartLimits=ALL" "PartitionName=prioritized Nodes=@NODE@ Default=YES MaxTime=6-00:00:00 State=UP
PartitionName=batch Nodes=@NODE@ MaxTime=12:00:00 State=UP"

sed -e "s/@CPUS@/$CPUS/" -e "s/@MEM_MB@/$MEM/" "$HERE/policy.yaml" > "$BASE/etc/policy-main.yaml"
"$JLINT" --policy "$BASE/etc/policy-main.yaml" "$TOP/tests/slurm/cases/clean-cpu.sh" >/dev/null 2>"$BASE/log/p.err"
[ $? -le 1 ] || die "policy.yaml does not load: $(cat "$BASE/log/p.err")"
cp "$BASE/etc/policy-main.yaml" "$POLICY"
for p in "$CLIF" "$JSUB"; do
	b=$(basename "$p")
	cp "$p" "$BASE/plugins/.$b.new" && mv "$BASE/plugins/.$b.new" "$BASE/plugins/$b"
done
cp "$TOP"/tests/slurm/cases/*.sh "$HERE"/*.sh "$BASE/jobs/"
rm -f "$BASE/jobs/run.sh"
chmod -R a+rX "$BASE/etc" "$BASE/jobs"
mkdir -p "$BASE/userwork/logs" && chown "$TUSER" "$BASE/userwork/logs"
# A log directory the user cannot write (root's), an image directory
# with one image in it (an empty file: the check reads, apptainer is not
# run: the jobs are held).
mkdir -p "$BASE/userwork/shared-logs" "$BASE/userwork/images" &&
	chmod 755 "$BASE/userwork/shared-logs" && : > "$BASE/userwork/images/pytorch.sif" &&
	chmod 644 "$BASE/userwork/images/pytorch.sif"

slurm_start_ctld || die "slurmctld did not start"
slurm_start_slurmd
grep -q 'job_submit/jlint: init' "$LOG" || die "job_submit plugin not loaded (see $LOG)"
T1=$(date +%s.%N)

# as USER cmd... (over lib.sh's): also both streams, in order, in all.
as() {
	u=$1; shift
	(cd "$BASE/userwork" && runuser -u "$u" -- env SLURM_CONF="$CONF" "$@" \
	    2> >(tee "$BASE/err" >>"$BASE/all") > >(tee "$BASE/out" >>"$BASE/all")) \
	    </dev/null
}
# expect NAME accept|reject ERR-REGEX -- command...: the verdict and stderr
# (empty ERR-REGEX: stderr must not mention jlint at all).
expect() {
	name=$1 want=$2 errre=$3
	shift 4
	: >"$BASE/all"
	as "$TUSER" "$@"
	rc=$?
	sleep 0.05	# the tee processes
	if [ "$want" = accept ] && [ $rc != 0 ]; then
		bad "$name" "stopped (exit $rc), expected to go through"; return
	fi
	if [ "$want" = reject ] && [ $rc = 0 ]; then
		bad "$name" "went through, expected to be stopped"; return
	fi
	if [ -n "$errre" ]; then
		slurm_unwrap < "$BASE/err" | grep -Eq -- "$errre" ||
			{ bad "$name" "stderr does not match /$errre/"; return; }
	elif grep -q 'jlint' "$BASE/err"; then
		bad "$name" "unexpected jlint message"; return
	fi
	ok "$name"
}
check() {	# check NAME COMMAND...
	name=$1; shift
	if "$@"; then ok "$name"; else bad "$name" "check failed: $*"; fi
}
SB="sbatch --hold"
J=$BASE/jobs
njobs() { squeue -h -u "$TUSER" -o %i 2>/dev/null | wc -l; }
replace_policy() {	# a new inode and mtime
	sleep 1.1
	cp "$1" "$POLICY.tmp" && chmod 644 "$POLICY.tmp" && mv -f "$POLICY.tmp" "$POLICY"
}

# ---- 1. sbatch: stopped before the RPC, warned, clean --------------------------
echo "== sbatch"
n0=$(njobs)
expect "GPU job without --nv: stopped in sbatch" reject \
    '^jlint: gpu-container-no-nv \(line 6\): .*--nv' -- $SB "$J/gpu-no-nv.sh"
grep -q '^  fix: add --nv' "$BASE/err" && ok "finding: fix line" || bad "finding: fix line" "no fix"
grep -q 'cli_filter plugin terminated with error' "$BASE/err" &&
    ok "sbatch says the cli_filter stopped it" || bad "sbatch says the cli_filter stopped it" "no such line"
grep -q 'Submitted batch job' "$BASE/out" && bad "no job submitted" "$(cat "$BASE/out")" || ok "no job submitted"
logged 'rejected job new uid=[0-9]* user=jlinttest rules=gpu-container-no-nv' &&
    bad "the controller never saw it" "job_submit/jlint logged a rejection" || ok "the controller never saw it"
[ "$(njobs)" = "$n0" ] && ok "queue unchanged" || bad "queue unchanged" "$(njobs) jobs, was $n0"
expect "GPU job with --nv: nothing said" accept '' -- $SB "$J/gpu-nv.sh"
grep -q '^Submitted batch job' "$BASE/out" && ok "clean job submitted" || bad "clean job submitted" "no job id"
expect "clean CPU job: nothing said" accept '' -- $SB "$J/clean-cpu.sh"

echo "== warn at cli_filter"
expect "late #SBATCH line: warned, submitted" accept \
    '^jlint: warning: late-directive \(line 5\)' -- $SB "$J/late-directive.sh"
grep -n . "$BASE/all" | grep -E 'jlint: warning|Submitted batch job' | head -2 |
    awk -F: 'NR == 1 && /jlint/ { a = 1 } NR == 2 && /Submitted/ { b = 1 } END { exit !(a && b) }' &&
    ok "warning printed before the job was submitted" ||
    bad "warning printed before the job was submitted" "$(cat "$BASE/all")"
logged 'job_submit/jlint: audit job new uid=[0-9]* user=jlinttest rules=late-directive' &&
    ok "same rule audited by the controller (job_submit: audit)" ||
    bad "same rule audited by the controller (job_submit: audit)" "no audit line in $LOG"

echo "== staged roll-out: warn at cli_filter, enforce at job_submit"
expect "requeue without checkpoint: warned by sbatch, rejected by slurmctld" reject \
    '^jlint: warning: requeue-without-checkpoint \(line 4\)' -- $SB "$J/requeue-nockpt.sh"
grep -q '^sbatch: error: jlint: requeue-without-checkpoint (line 4)' "$BASE/err" &&
    ok "the controller's rejection follows" || bad "the controller's rejection follows" "no rejection"
grep -q 'cli_filter plugin terminated' "$BASE/err" &&
    bad "cli_filter let it through" "it stopped it" || ok "cli_filter let it through"
expect "requeue with checkpoint: nothing said" accept '' -- $SB "$J/requeue-ckpt.sh"

echo "== the input sbatch reads"
expect "command line counts: --requeue on the command line" reject \
    '^jlint: warning: requeue-without-checkpoint \(job request\)|^jlint: warning: requeue-without-checkpoint' -- $SB --requeue "$J/clean-cpu.sh"
expect "SBATCH_GRES from the environment: stopped" reject \
    '^jlint: gpu-container-no-nv .*' -- env SBATCH_GRES=gpu:t4:1 $SB "$J/nogpu-container.sh"
expect "APPTAINER_NV=1 in the environment: sbatch passes it to the job" accept '' -- env APPTAINER_NV=1 $SB "$J/gpu-no-nv.sh"
# srun takes --export=NONE too (SLURM_EXPORT_ENV): stopped; after unset
# SLURM_EXPORT_ENV the step gets the job's environment, with the login
# environment slurmd loads, which jlint cannot see: warned, submitted.
expect "--export=NONE: srun passes no APPTAINER_NV: stopped" reject \
    '^jlint: gpu-container-no-nv \(line 6\)' -- env APPTAINER_NV=1 $SB --export=NONE "$J/gpu-no-nv.sh"
expect "--export=NONE: the job does not get APPTAINER_NV: warned, submitted" accept \
    '^jlint: warning: gpu-container-no-nv \(line 8\): .*unless your login environment' -- env APPTAINER_NV=1 $SB --export=NONE "$J/gpu-no-nv-unset.sh"
expect "a sourced file may set APPTAINER_NV: warned, submitted" accept \
    '^jlint: warning: gpu-container-no-nv \(line 7\)' -- $SB "$J/gpu-no-nv-sourced.sh"
expect "--wrap: the script sbatch writes" reject \
    '^jlint: gpu-container-no-nv' -- $SB --gres=gpu:t4:1 -t 5 --wrap "singularity exec /ceph/container/pytorch.sif nvidia-smi"
expect "script on stdin: judged from the options" reject \
    '^jlint: partition-time-limit \(job request\)' -- sh -c "$SB < '$J/time-over.sh'"
expect "time-mmss: enforced at cli_filter only" reject \
    '^jlint: time-mmss \(line 3\)' -- $SB "$J/mmss.sh"

echo "== submit-host checks"
expect "--output directory missing: stopped" reject \
    '^jlint: output-dir-missing \(line 4\): the directory no-such-logs of --output does not exist' -- $SB "$J/outdir-missing.sh"
expect "--output directory exists: nothing said" accept '' -- $SB "$J/outdir-ok.sh"
expect "--output directory not writable by the user: stopped" reject \
    '^jlint: output-dir-missing \(line 4\): you cannot create files in the directory shared-logs of --output' -- $SB "$J/outdir-notmine.sh"
expect "container image name with a typo: warned" accept \
    '^jlint: warning: container-image-missing \(line 4\): container image images/pytroch.sif does not exist' -- $SB "$J/image-typo.sh"
expect "container image there: nothing said" accept '' -- $SB "$J/image-ok.sh"
expect "SBATCH_TIMELIMIT overrides #SBATCH --time: says which" accept \
    '^jlint: warning: env-overrides-directive \(line 3\): #SBATCH --time=00:10:00 is overridden by SBATCH_TIMELIMIT=30 from your environment' -- env SBATCH_TIMELIMIT=30 $SB "$J/clean-cpu.sh"
grep -q '^sbatch: jlint' "$BASE/err" && bad "submit-host rules stay out of the controller" "$(cat "$BASE/err")" ||
    ok "submit-host rules stay out of the controller"
expect "SBATCH_TIMELIMIT equal to the script's: nothing said" accept '' -- env SBATCH_TIMELIMIT=10 $SB "$J/clean-cpu.sh"

# ---- 2. srun and salloc ------------------------------------------------------------
echo "== srun, salloc"
expect "srun over the partition's MaxTime: stopped" reject \
    '^jlint: partition-time-limit \(job request\): --time=13:00:00 is longer than the 12:00:00 limit of partition batch' -- srun -p batch -t 13:00:00 true
grep -q 'srun: error: cli_filter plugin terminated with error' "$BASE/err" &&
    ok "srun says the cli_filter stopped it" || bad "srun says the cli_filter stopped it" "no such line"
expect "srun clean: runs, nothing said" accept '' -- srun -t 5 true
expect "salloc over the partition's MaxTime: stopped" reject \
    '^jlint: partition-time-limit \(job request\)' -- salloc -p batch -t 13:00:00 true
expect "salloc clean: runs, nothing said" accept '' -- salloc -t 5 true
expect "srun in an allocation (a step): not judged" accept '' -- \
    salloc -t 5 sh -c 'srun -p batch -t 13:00:00 --overlap true 2>&1 | grep -c "^jlint:" | grep -qx 0'
# srun --export as jlint reads it for a container step's APPTAINER_NV
# (lint/body-steps.c srun_export(), after srun's _build_user_env()): the
# words up to NONE, NAME=value set, the environment over them with ALL.
srun_env() {	# srun_env NAME WANT ENV... -- SRUN-ARGS...: the step's $APPTAINER_NV
	name=$1 want=$2; shift 2
	as "$TUSER" env "$@" /usr/bin/printenv APPTAINER_NV
	got=$(cat "$BASE/out")
	[ "$got" = "$want" ] && ok "srun $name: the step gets '$want'" ||
	    bad "srun $name: the step gets '$want'" "got '$got' ($(head -2 "$BASE/err"))"
}
srun_env "--export=ALL,APPTAINER_NV=1" 1 srun -t 5 --export=ALL,APPTAINER_NV=1
srun_env "--export=ALL,APPTAINER_NV=1 under APPTAINER_NV=0" 0 APPTAINER_NV=0 srun -t 5 --export=ALL,APPTAINER_NV=1
srun_env "--export=NONE under APPTAINER_NV=1" "" APPTAINER_NV=1 srun -t 5 --export=NONE
srun_env "--export=HOME under APPTAINER_NV=1" "" APPTAINER_NV=1 srun -t 5 --export=HOME
srun_env "--export=HOME,APPTAINER_NV under APPTAINER_NV=1" 1 APPTAINER_NV=1 srun -t 5 --export=HOME,APPTAINER_NV
srun_env "--export=APPTAINER_NV=1,NONE" 1 srun -t 5 --export=APPTAINER_NV=1,NONE
srun_env "--export=NONE,APPTAINER_NV=1" "" srun -t 5 --export=NONE,APPTAINER_NV=1
# sbatch's --export reaches srun (it sets SLURM_EXPORT_ENV, srun reads it
# as its --export): a step whose program is found by name fails without
# PATH.  Each job runs (sbatch --wait: its exit status); jlint sbatch with
# the same arguments must report srun-export-drops-path exactly when it
# fails.
# run_job NAME SBATCH-ARGS -- BODY: a job that runs (sbatch --wait); rc
# and out (its output file), and what jlint sbatch says of it with the
# same arguments (jlint_says RULE: yes or no).
run_job() {
	name=$1; shift
	args=(); while [ "$1" != -- ]; do args+=("$1"); shift; done; shift
	printf '#!/bin/bash\n%s\n' "$*" > "$BASE/userwork/job-$name.sh"
	chmod 755 "$BASE/userwork/job-$name.sh"
	out=$BASE/userwork/job-$name.out
	as "$TUSER" sbatch --wait -t 5 -o "$out" "${args[@]}" \
	    "$BASE/userwork/job-$name.sh"
	rc=$?
	(cd "$BASE/userwork" && "$JLINT" --isolated -f json sbatch "${args[@]}" \
	    "job-$name.sh") > "$BASE/job.json" 2>/dev/null
}
jlint_says() { grep -q "\"$1\"" "$BASE/job.json" && echo yes || echo no; }
export_step() {	# export_step NAME fail|ok SBATCH-ARGS -- BODY
	want=$2
	run_job "$1" "${@:3}"
	if [ "$want" = fail ]; then
		[ $rc != 0 ] && grep -q 'execve' "$out" &&
		    ok "export $name: the step fails" ||
		    bad "export $name: the step fails" "rc $rc: $(head -3 "$out")"
	else
		[ $rc = 0 ] && ok "export $name: the step runs" ||
		    bad "export $name: the step runs" "rc $rc: $(head -3 "$out")"
	fi
	got=$(jlint_says srun-export-drops-path)
	[ "$got" = "$([ "$want" = fail ] && echo yes || echo no)" ] &&
	    ok "export $name: jlint agrees" ||
	    bad "export $name: jlint agrees" "jlint says $got"
}
export_step none fail --export=NONE -- 'srun hostname'
export_step none-unset ok --export=NONE -- 'unset SLURM_EXPORT_ENV; srun hostname'
export_step list fail --export=HOME,X=1 -- 'srun hostname'
export_step list-path ok --export=PATH,HOME -- 'srun hostname'
export_step none-srun-all ok --export=NONE -- 'srun --export=ALL hostname'
export_step none-abs ok --export=NONE -- 'srun /bin/hostname'
export_step none-srun-env ok --export=NONE -- 'export SRUN_EXPORT_ENV=ALL; srun hostname'
export_step srun-none fail -- 'srun --export=NONE hostname'
export_step srun-none-all fail -- 'srun --export=NONE,ALL hostname'
export_step srun-all-none ok -- 'srun --export=ALL,NONE hostname'
export_step script-none fail -- 'export SLURM_EXPORT_ENV=NONE; srun hostname'
# A job with --exclusive is given every GPU of its node (all CPUs and
# GRES; not --exclusive=user): gpu-flag-without-gpu must say nothing
# exactly when the job sees GPUs.  srun drops --pty without a terminal:
# a program runs, a bare shell exits at once; interactive-in-batch must
# report only the shell.  Each job runs (sbatch --wait).
job_sees() {	# job_sees NAME WANT-REGEX RULE yes|no SBATCH-ARGS -- BODY
	want=$2 rule=$3 finding=$4
	run_job "$1" "${@:5}"
	grep -Eq "$want" "$out" && ok "job $name: $want" ||
	    bad "job $name: $want" "$(head -3 "$out")"
	got=$(jlint_says "$rule")
	[ "$got" = "$finding" ] && ok "job $name: jlint $rule: $finding" ||
	    bad "job $name: jlint $rule: $finding" "jlint says $got"
}
GPUJOB='echo CVD=${CUDA_VISIBLE_DEVICES-unset}; exit 0
singularity exec --nv /scratch/img.sif true'
job_sees exclusive 'CVD=[0-9]' gpu-flag-without-gpu no --exclusive -- "$GPUJOB"
job_sees exclusive-user 'CVD=unset' gpu-flag-without-gpu yes --exclusive=user -- "$GPUJOB"
job_sees no-gres 'CVD=unset' gpu-flag-without-gpu yes -- "$GPUJOB"
job_sees pty-program '^ran$' interactive-in-batch no -- 'srun --pty echo ran'
job_sees pty-shell 'disregarding --pty' interactive-in-batch yes -- 'srun --pty bash; echo "shell rc=$?"'
# srun gives each step its own CUDA_VISIBLE_DEVICES (the step's GPUs):
# a value the script exports before srun does not limit the step, so it
# is no evidence of one GPU and gpu-over-allocation stays a guess.
run_job cvd-srun --gres=gpu:2 -- 'export CUDA_VISIBLE_DEVICES=0
srun bash -c "echo CVD=\$CUDA_VISIBLE_DEVICES"
python3 train.py'
grep -Eq '^CVD=[0-9]+,[0-9]+$' "$out" &&
    ok "job cvd-srun: the step sees both GPUs despite CUDA_VISIBLE_DEVICES=0" ||
    bad "job cvd-srun: the step sees both GPUs despite CUDA_VISIBLE_DEVICES=0" "$(head -3 "$out")"
python3 -c 'import json, sys
f = [f for f in json.load(open(sys.argv[1]))["findings"]
     if f["rule"] == "gpu-over-allocation"]
sys.exit(0 if len(f) == 1 and f[0].get("guess") else 1)' "$BASE/job.json" &&
    ok "job cvd-srun: jlint gpu-over-allocation: a guess" ||
    bad "job cvd-srun: jlint gpu-over-allocation: a guess" "$(cat "$BASE/job.json")"
# srun --jobid from outside: a step of a running job.
as "$TUSER" sbatch --parsable -t 5 --wrap "sleep 30"
sleep 1		# the tee processes; the job starts
sid=$(cut -d';' -f1 "$BASE/out")
expect "srun --jobid (a step of a running job): not judged" accept '' -- \
    sh -c "srun --jobid=$sid -p batch -t 13:00:00 --overlap true 2>&1 | grep -c '^jlint:' | grep -qx 0"
scancel "$sid" 2>/dev/null

# ---- 3. a broken or missing policy: one line, every job goes through ------------
echo "== broken policy"
{ echo "on_error: reject"; echo "rules: [unclosed"; } > "$BASE/etc/broken.yaml"
replace_policy "$BASE/etc/broken.yaml"
expect "broken policy: a job cli_filter would stop goes through" accept \
    'cli_filter/jlint: policy .*jlint.yaml not loaded' -- $SB "$J/mmss.sh"
# The cli_filter's lines; "sbatch: jlint: ..." is the controller's message.
n=$(grep -c 'cli_filter/jlint\|^jlint:' "$BASE/err")
[ "$n" = 1 ] && ok "broken policy: one log line" || bad "broken policy: one log line" "$n lines"
expect "broken policy: srun goes through" accept 'cli_filter/jlint: policy' -- srun -p batch -t 5 true
rm -f "$POLICY"
expect "missing policy: the job goes through" accept \
    'cli_filter/jlint: policy .*jlint.yaml not loaded \(No such file' -- $SB "$J/mmss.sh"
# The cli_filter's lines; "sbatch: jlint: ..." is the controller's message.
n=$(grep -c 'cli_filter/jlint\|^jlint:' "$BASE/err")
[ "$n" = 1 ] && ok "missing policy: one log line" || bad "missing policy: one log line" "$n lines"
replace_policy "$BASE/etc/policy-main.yaml"
expect "policy back: stopped again" reject '^jlint: time-mmss' -- $SB "$J/mmss.sh"

# ---- 4. cost and hygiene ----------------------------------------------------------
echo "== cost"
# The same requests with and without the plugin (a client-side copy of
# slurm.conf without CliFilterPlugins; the daemons are not touched).
grep -v '^CliFilterPlugins=' "$CONF" > "$BASE/etc/noclif.conf"
time_sbatch() {	# time_sbatch CONF: mean ms of 10 sbatch --test-only
	(cd "$BASE/userwork" && runuser -u "$TUSER" -- env SLURM_CONF="$1" J="$J" sh -c '
		s=$(date +%s%N); i=0
		while [ $i -lt 10 ]; do sbatch --test-only "$J/gpu-nv.sh" >/dev/null 2>&1; i=$((i+1)); done
		echo $(( ($(date +%s%N) - s) / 10000000 ))')
}
without=$(time_sbatch "$BASE/etc/noclif.conf")
with=$(time_sbatch "$CONF")
echo "   sbatch --test-only: ${with} ms with the cli_filter, ${without} ms without (mean of 10)"
[ -n "$with" ] && [ -n "$without" ] && [ "$with" -lt $((without + 200)) ] &&
    ok "cli_filter adds under 200 ms to sbatch" ||
    bad "cli_filter adds under 200 ms to sbatch" "$with ms vs $without ms"
exp=$(nm -D --defined-only "$CLIF" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exp" = "cli_filter_p_post_submit cli_filter_p_pre_submit cli_filter_p_setup_defaults fini init plugin_name plugin_type plugin_version " ] &&
    ok "plugin exports only the plugin symbols" || bad "plugin exports only the plugin symbols" "$exp"
ldd "$CLIF" | grep -q libslurm && bad "plugin not linked with libslurm" "$(ldd "$CLIF" | grep libslurm)" ||
    ok "plugin not linked with libslurm"
kill -0 "$CTLD_PID" 2>/dev/null && ok "slurmctld still running" || bad "slurmctld still running" "it is gone"

slurm_finish "slurm-clifilter tests"
