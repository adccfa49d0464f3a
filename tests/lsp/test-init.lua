-- tests/lsp/test-init.lua: Neovim's built-in LSP client against jlint lsp
-- (tests/t_lsp_nvim.sh runs `nvim --headless -u test-init.lua`).  Opens
-- the job script $JOB, starts $JLINT lsp as its language server, waits for
-- the diagnostics, reads them, hovers over --time, applies the safe-fix
-- code action, checks the buffer and that the diagnostics clear.  Each
-- result is a line "ok WHAT" or "FAIL WHAT" in $OUT; Neovim exits 0 when
-- every step passed, else 1.
local out = assert(io.open(os.getenv("OUT"), "w"))
local failed = false

local function check(cond, what)
  out:write((cond and "ok " or "FAIL ") .. what .. "\n")
  out:flush()
  if not cond then failed = true end
  return cond
end

local function finish()
  out:close()
  vim.cmd(failed and "cquit 1" or "qall!")
end

local ok, err = pcall(function()
  local job = os.getenv("JOB")
  vim.cmd("edit " .. vim.fn.fnameescape(job))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "jlint",
    cmd = { os.getenv("JLINT"), "lsp" },
    root_dir = vim.fn.fnamemodify(job, ":h"),
  })
  check(client_id ~= nil, "client started")
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- Diagnostics arrive on didOpen.
  check(vim.wait(15000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50), "diagnostics arrived")
  local diags = vim.diagnostic.get(bufnr)
  local nv
  for _, d in ipairs(diags) do
    out:write("diagnostic " .. d.lnum .. ":" .. d.col .. " " ..
      tostring(d.code) .. " " .. d.message:gsub("\n", " | ") .. "\n")
    if d.message:find("[gpu-container-no-nv]", 1, true) then nv = d end
  end
  check(nv ~= nil and nv.lnum == 3 and nv.severity ==
    vim.diagnostic.severity.ERROR and nv.source == "jlint" and
    tostring(nv.code):match("^JL%d+$") ~= nil,
    "gpu-container-no-nv: line 4, error, a JL code")

  -- Hover over the value of --time.
  local hp = { textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = 1, character = 16 } }
  local hr = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", hp, 5000)
  local hv = ""
  for _, r in pairs(hr or {}) do
    if r.result then hv = r.result.contents.value end
  end
  check(hv:find("60 minutes", 1, true) ~= nil and
    hv:find("**--time**", 1, true) ~= nil, "hover: --time read back")

  -- The safe fix, as a user picks it from the code action menu.
  vim.api.nvim_win_set_cursor(0, { 4, 14 })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = {
    diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, 3) }
  local res = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction",
    params, 5000)
  local action
  for _, r in pairs(res or {}) do
    for _, a in ipairs(r.result or {}) do
      out:write("action " .. a.title .. "\n")
      if a.title:find("safe fixes", 1, true) then action = a end
    end
  end
  if check(action ~= nil, "a safe-fix code action") then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, 3, 4, false)[1]
  check(line == "singularity exec --nv /ceph/container/pytorch.sif python " ..
    "train.py", "buffer after the fix: " .. tostring(line))

  -- The change goes to the server; its diagnostics clear.
  check(vim.wait(15000, function()
    return #vim.diagnostic.get(bufnr) == 0
  end, 50), "diagnostics cleared after the fix")

  -- "Disable this rule here" on a new problem.
  vim.api.nvim_buf_set_lines(bufnr, 1, 2, false, { "#SBATCH --time=30:00" })
  check(vim.wait(15000, function()
    return #vim.diagnostic.get(bufnr) == 1
  end, 50), "time-mmss reported after an edit")
  vim.api.nvim_win_set_cursor(0, { 2, 10 })
  params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics =
    vim.lsp.diagnostic.get_line_diagnostics(bufnr, 1) }
  res = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params,
    5000)
  action = nil
  for _, r in pairs(res or {}) do
    for _, a in ipairs(r.result or {}) do
      if a.title:find("Disable time-mmss here", 1, true) then action = a end
    end
  end
  if check(action ~= nil, "a disable-here code action") then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  line = vim.api.nvim_buf_get_lines(bufnr, 1, 2, false)[1]
  check(line:match("^# jlint disable=time%-mmss %-%- ") ~= nil,
    "buffer: the suppression comment: " .. tostring(line))
  check(vim.wait(15000, function()
    return #vim.diagnostic.get(bufnr) == 0
  end, 50), "the suppressed finding is gone")

  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)
if not ok then check(false, "error: " .. tostring(err)) end
finish()
