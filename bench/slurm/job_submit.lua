-- bench/slurm/job_submit.lua: jlint's four headline rules written the way a
-- site typically writes a job_submit.lua (Slurm 22.05, Lua 5.1): pattern
-- matching over the script text and the job_desc fields, no shell parsing.
-- It is the peer the jlint plugin is timed against in bench/slurm/run.sh;
-- it gives the same verdicts on the headline twins in tests/slurm/cases.
--
--   gpu-container-no-nv        GPUs requested, a singularity/apptainer
--                              exec|run|shell line without --nv
--   gpu-over-allocation        more than one GPU, but no line starts
--                              several processes (srun -n/--ntasks or
--                              --ntasks-per-node > 1, torchrun, mpirun,
--                              accelerate launch, deepspeed)
--   requeue-without-checkpoint --requeue, but no trap, scontrol requeue or
--                              resume/checkpoint words in the commands
--   partition-time-limit       --time over the MaxTime of the partition
--                              (the default partition if none is given)

local function tres_gpus(t)
   -- "gres:gpu:2", "gres:gpu:t4:2", "gres:gpu" (one); sum over the list
   if t == nil then return 0 end
   local n = 0
   for elem in string.gmatch(t, "[^,]+") do
      local e = string.gsub(elem, "^gres[:/]", "")
      if e == "gpu" then
         n = n + 1
      elseif string.match(e, "^gpu:") then
         local c = string.match(e, ":(%d+)$")
         n = n + (c and tonumber(c) or 1)
      end
   end
   return n
end

local function gpus(job_desc)
   return tres_gpus(job_desc.tres_per_job) + tres_gpus(job_desc.tres_per_node) +
          tres_gpus(job_desc.tres_per_socket) + tres_gpus(job_desc.tres_per_task)
end

local function body_lines(script)
   local t = {}
   for line in string.gmatch(script .. "\n", "([^\n]*)\n") do
      if not string.match(line, "^%s*#") then t[#t + 1] = line end
   end
   return t
end

local function container_without_nv(lines)
   for i, line in ipairs(lines) do
      if (string.match(line, "singularity%s+exec") or string.match(line, "apptainer%s+exec") or
          string.match(line, "singularity%s+run") or string.match(line, "apptainer%s+run") or
          string.match(line, "singularity%s+shell") or string.match(line, "apptainer%s+shell")) and
         not string.find(line, "--nv", 1, true) and not string.find(line, "--rocm", 1, true) then
         -- a continued line may carry --nv on the next line
         local nxt = lines[i + 1]
         if not (string.match(line, "\\%s*$") and nxt and string.find(nxt, "--nv", 1, true)) then
            return true
         end
      end
   end
   return false
end

local function multi_process(lines)
   for _, line in ipairs(lines) do
      if string.match(line, "torchrun") or string.match(line, "mpirun") or
         string.match(line, "mpiexec") or string.match(line, "accelerate%s+launch") or
         string.match(line, "deepspeed") or string.match(line, "nproc_per_node") then
         return true
      end
      if string.match(line, "srun") then
         local n = string.match(line, "%-n%s*(%d+)") or string.match(line, "%-%-ntasks=(%d+)") or
                   string.match(line, "%-%-ntasks%-per%-node=(%d+)")
         if n and tonumber(n) > 1 then return true end
      end
   end
   return false
end

local function checkpoints(lines)
   local s = string.lower(table.concat(lines, "\n"))
   return string.find(s, "trap", 1, true) or string.find(s, "scontrol requeue", 1, true) or
          string.find(s, "resume", 1, true) or string.find(s, "checkpoint", 1, true) or
          string.find(s, "ckpt", 1, true) or string.find(s, "restart", 1, true)
end

local function partition_of(job_desc, part_list)
   if job_desc.partition ~= nil then
      local first = string.match(job_desc.partition, "^[^,]+")
      return part_list[first]
   end
   for _, p in pairs(part_list) do
      if p.flag_default == 1 then return p end
   end
   return nil
end

function slurm_job_submit(job_desc, part_list, submit_uid)
   if submit_uid == 0 then return slurm.SUCCESS end
   local bad = {}
   local script = job_desc.script
   local lines = (script ~= nil) and body_lines(script) or {}
   local ngpus = gpus(job_desc)
   if script ~= nil and ngpus > 0 and container_without_nv(lines) then
      bad[#bad + 1] = "gpu-container-no-nv: the job requests GPUs but a container runs without --nv"
   end
   if script ~= nil and ngpus > 1 and not multi_process(lines) then
      bad[#bad + 1] = "gpu-over-allocation: " .. ngpus .. " GPUs but no step starts more than one process"
   end
   if script ~= nil and job_desc.requeue == 1 and not checkpoints(lines) then
      bad[#bad + 1] = "requeue-without-checkpoint: --requeue but nothing in the script resumes"
   end
   if job_desc.time_limit ~= nil and job_desc.time_limit ~= slurm.NO_VAL then
      local p = partition_of(job_desc, part_list)
      if p ~= nil and p.max_time ~= nil and p.max_time ~= slurm.INFINITE and
         p.max_time ~= slurm.NO_VAL and job_desc.time_limit > p.max_time then
         bad[#bad + 1] = "partition-time-limit: --time is over the limit of partition " .. p.name
      end
   end
   if #bad > 0 then
      for _, m in ipairs(bad) do slurm.log_user("site: " .. m) end
      slurm.log_info("site: rejected job from uid %u: %s", submit_uid, bad[1])
      return slurm.ESLURM_ACCESS_DENIED
   end
   return slurm.SUCCESS
end

function slurm_job_modify(job_desc, job_rec, part_list, modify_uid)
   return slurm.SUCCESS
end

return slurm.SUCCESS
