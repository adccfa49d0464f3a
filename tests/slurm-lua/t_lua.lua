-- t_lua.lua: the jlint Lua module in tests/slurm-lua/t_lua (a Lua host
-- that provides what slurmctld exports).  Jobs are plain tables with the
-- names job_submit/lua gives a job_desc; run.sh does the same in a real
-- slurmctld.  Prints "ok"/"FAIL" lines; errors at the end when one failed.
local pass, fail = 0, 0
local function ok(name, cond, why)
	if cond then
		pass = pass + 1
		print("ok   " .. name)
	else
		fail = fail + 1
		print("FAIL " .. name .. ": " .. tostring(why))
	end
end
local function write(path, text)
	local f = assert(io.open(path, "w"))
	f:write(text)
	f:close()
end
local function sleep(s) os.execute("sleep " .. s) end

local POLICY = [[
name: t-lua
gpu_flag: --nv
container_runtimes: [singularity, apptainer]
partitions:
  - name: gpu
    default: true
    max_time: 2-00:00:00
    nodes:
      - { count: 2, cpus: 32, mem: 256000M, gpus: { a100: 4 } }
  - name: short
    max_time: 01:00:00
    nodes:
      - { count: 4, cpus: 16, mem: 64000M }
rules:
  gpu-container-no-nv: enforce
  partition-time-limit: enforce
  missing-time-limit: warn
  time-mmss: audit
  requeue-without-checkpoint: enforce
on_error: accept
]]
write(t_dir .. "/jlint.yaml", POLICY)

local NO_VAL, NO_VAL16 = 4294967294, 65534
-- A job_desc as job_submit/lua shows it: unset numbers are NO_VAL.
local function job(t)
	local d = {
		time_limit = NO_VAL, time_min = NO_VAL, min_nodes = NO_VAL,
		max_nodes = NO_VAL, num_tasks = NO_VAL, cpus_per_task = NO_VAL16,
		ntasks_per_node = NO_VAL16, ntasks_per_tres = NO_VAL16,
		requeue = NO_VAL16, shared = NO_VAL16, bitflags = 0,
	}
	for k, v in pairs(t) do d[k] = v end
	return d
end
-- Through a metatable, as job_submit/lua gives it (not a plain table).
local function proxied(t)
	local inner = job(t)
	return setmetatable({}, { __index = function(_, k) return inner[k] end })
end

local UID = 1000
local GPU_NO_NV = "#!/bin/bash\n#SBATCH --time=00:10:00\n#SBATCH --gres=gpu:1\n" ..
    "srun singularity exec /scratch/img.sif python train.py\n"
local GPU_NV = GPU_NO_NV:gsub("exec ", "exec --nv ")

local jlint = require("jlint")
ok("require: check and load", type(jlint.check) == "function" and
    type(jlint.load) == "function")

-- default policy: jlint.yaml next to slurm.conf
local v, msg, f = jlint.check(proxied{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1" }, UID)
ok("headline rule rejected (default policy path)", v == "reject", v)
ok("message as the plugin words it", msg and msg:find(
    "^jlint: gpu%-container%-no%-nv %(line 4%): ") and
    msg:find("\n  fix: ") and msg:find("\n  more: jlint explain gpu%-container%-no%-nv\n") and
    msg:find('rejected by the site policy "t%-lua": 1 problem to fix%.'), msg)
ok("findings table", #f == 1 and f[1].rule == "gpu-container-no-nv" and
    f[1].mode == "enforce" and f[1].severity == "error" and f[1].line == 4 and
    type(f[1].message) == "string" and type(f[1].fix) == "string",
    f[1] and (f[1].rule .. " " .. f[1].mode .. " " .. tostring(f[1].line)))
ok("logged with the Lua tag", t_log():find("job_submit/lua: jlint: rejected job new uid=1000"), t_log())

v, msg, f = jlint.check(job{ script = GPU_NV, time_limit = 10,
    tres_per_node = "gres/gpu:1" }, UID)
ok("clean twin accepted, nothing to say", v == "accept" and msg == nil and #f == 0, msg)

v, msg = jlint.check(job{ script = GPU_NO_NV, time_limit = 10 }, UID)
ok("no GPU in the request: container without --nv is fine", v == "accept", msg)

v, msg, f = jlint.check(job{ script = "#!/bin/bash\nhostname\n",
    partition = "short", time_limit = 120 }, UID)
ok("time over MaxTime from the request (job request)", v == "reject" and
    msg:find("partition%-time%-limit %(job request%)") and f[1].line == nil, msg)

v, msg, f = jlint.check(job{ script = "#!/bin/bash\nhostname\n" }, UID)
ok("warn mode: warn verdict and message", v == "warn" and
    msg:find("^jlint: warning: missing%-time%-limit") and f[1].mode == "warn", msg)

v, msg, f = jlint.check(job{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1" }, 0)
ok("root is not checked", v == "accept" and msg == nil and #f == 0, msg)
v = jlint.check(job{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1" }, 64030)
ok("SlurmUser is not checked", v == "accept", v)

v, msg = jlint.check(job{ time_limit = 10, tres_per_node = "gres:gpu:1" }, UID)
ok("no script (srun/salloc): job-level rules only", v == "accept" and msg == nil, msg)

-- The environment the script starts with, by name (job_submit/lua's
-- job_desc.environment answers only by name).
v, msg = jlint.check(job{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1", environment = { APPTAINER_NV = "1",
    HOME = "/home/u" } }, UID)
ok("environment: APPTAINER_NV=1 gives the container --nv", v == "accept", msg)
v, msg = jlint.check(job{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1", environment = { APPTAINER_NV = "0" } }, UID)
ok("environment: APPTAINER_NV=0 does not", v == "reject", v)
v, msg = jlint.check(job{ script = GPU_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1", environment = { SLURM_EXPORT_ENV = "NONE" } }, UID)
ok("environment: SLURM_EXPORT_ENV=NONE reaches srun", v == "warn" and
    msg and msg:find("srun%-export%-drops%-path"), msg)
v, msg = jlint.check(job{ script = GPU_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1", environment = { SLURM_EXPORT_ENV = "NONE",
    SRUN_EXPORT_ENV = "ALL" } }, UID)
ok("environment: SRUN_EXPORT_ENV goes over it", v == "accept" and msg == nil, msg)

-- bad arguments: Lua errors, not crashes
local function err(name, pat, fn, ...)
	local okc, e = pcall(fn, ...)
	ok(name, not okc and tostring(e):find(pat), e)
end
err("check() without a job_desc", "bad argument #1 to '%?' %(job_desc %(table%) expected, got no value%)", jlint.check)
err("check(job, 'x')", "bad argument #2 to '%?' %(number expected, got string%)", jlint.check, job{}, "x")
err("check(job, -1)", "bad argument #2", jlint.check, job{}, -1)
err("check(job, 1.5)", "bad argument #2", jlint.check, job{}, 1.5)
err("time_limit a string", "job_desc%.time_limit: number or nil expected, got string",
    jlint.check, job{ time_limit = "10" }, UID)
err("time_limit negative", "job_desc%.time_limit", jlint.check, job{ time_limit = -5 }, UID)
err("partition a number", "job_desc%.partition: string or nil expected",
    jlint.check, job{ partition = 5 }, UID)
err("__index raising", "site bug", jlint.check,
    setmetatable({}, { __index = function() error("site bug") end }), UID)
err("load('')", "bad argument #1 to '%?' %(a policy file path expected%)", jlint.load, "")
err("load(nil)", "bad argument #1 to '%?' %(string expected", jlint.load)
local okc, e = pcall(function() return jlint.check() end)
ok("the error names check() when it can", not okc and e:find("bad argument #1 to 'check'"), e)

-- --signal has no job_desc name in job_submit/lua: the table's
-- warn_signal/warn_flags/warn_time count when it has them (run.sh checks
-- the real job_desc, where they come from the job_desc_msg_t).
local LIGHTNING = "#!/bin/bash\n#SBATCH --partition=gpu\n#SBATCH --gres=gpu:1\n" ..
    "#SBATCH --time=24:00:00\n#SBATCH --requeue\n#SBATCH --signal=SIGUSR1@90\n" ..
    "# Lightning catches SIGUSR1, saves a checkpoint and requeues\n" ..
    "srun python lightning_train.py --trainer.max_epochs=100\n"
local function lightning(t)
	local d = { script = LIGHTNING, partition = "gpu", time_limit = 1440,
	    requeue = 1, tres_per_node = "gres:gpu:1" }
	for k, x in pairs(t) do d[k] = x end
	return job(d)
end
v, msg = jlint.check(lightning{ warn_signal = 10, warn_time = 90 }, UID)
ok("--signal=SIGUSR1@90 (Lightning): accepted", v == "accept", msg)
v, msg = jlint.check(lightning{ warn_signal = 10, warn_time = 90, warn_flags = 1 }, UID)
ok("--signal=B:USR1@90 (batch shell only): rejected", v == "reject" and
    msg:find("requeue%-without%-checkpoint"), msg)
v = jlint.check(lightning{}, UID)
ok("no --signal in the request: rejected (the field is read)", v == "reject", v)

-- load(): another file, reload, last good, on_error
local other = t_dir .. "/site.yaml"
write(other, POLICY:gsub("name: t%-lua", "name: t-site"):gsub(
    "gpu%-container%-no%-nv: enforce", "gpu-container-no-nv: warn"))
local lok, path = jlint.load(other)
ok("load(path): true and the path", lok == true and path == other, tostring(lok) .. " " .. tostring(path))
v, msg = jlint.check(job{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1" }, UID)
ok("load(path): its policy applies (rule now warn)", v == "warn" and
    msg:find("^jlint: warning: gpu%-container%-no%-nv"), msg)
ok("load(path) logged", t_log():find('job_submit/lua: jlint: init: policy "t%-site" from ' ..
    other:gsub("%p", "%%%0")), t_log())
sleep(1.1)
write(other, "rules: [unclosed\n")
v, msg = jlint.check(job{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1" }, UID)
ok("broken policy: last good kept", v == "warn", v)
ok("broken policy: logged", t_log():find("site%.yaml:%d+:%d+: ") and
    t_log():find("still using the last good policy"), t_log())
lok = jlint.load(other)
ok("load(same path) again: still the last good (true)", lok == true, lok)
sleep(1.1)
write(other, POLICY:gsub("name: t%-lua", "name: t-site2"))
v = jlint.check(job{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1" }, UID)
ok("fixed policy picked up", v == "reject", v)

local never = t_dir .. "/never.yaml"
write(never, "on_error: reject\nrules: [unclosed\n")
lok = jlint.load(never)
ok("load(broken, never good): false", lok == false, lok)
v, msg = jlint.check(job{ script = GPU_NV, time_limit = 10 }, UID)
ok("on_error: reject: rejected with the plugin's words", v == "reject" and
    -- cut to 80 columns as every message for the user (issue 17.7)
    msg == "jlint: the site's job policy could not be loaded, so jobs are not " ..
    "accepted for\n    now (on_error: reject); please tell the administrators", msg)
write(never, "on_error: accept\nrules: [unclosed\n")
sleep(1.1)
write(never, "on_error: accept\nrules: [unclosed\n")
v, msg = jlint.check(job{ script = GPU_NO_NV, time_limit = 10,
    tres_per_node = "gres:gpu:1" }, UID)
ok("on_error: accept: accepted unchecked", v == "accept" and msg == nil, msg)

-- many calls: the per-call memory is freed (run under valgrind by make)
jlint.load(t_dir .. "/jlint.yaml")
for _ = 1, 200 do
	jlint.check(job{ script = GPU_NO_NV, time_limit = 10, tres_per_node = "gres:gpu:1" }, UID)
	pcall(jlint.check, job{ time_limit = "x" }, UID)
end
collectgarbage()
ok("200 checks and 200 bad calls", true)

print(string.format("t_lua: %d passed, %d failed", pass, fail))
if fail > 0 then error("t_lua: " .. fail .. " failed") end
