/**
 * End to end with a real editor: Neovim's built-in LSP client, headless, opens a Service whose Deployment
 * (in another file) no longer matches it, and writes the diagnostics it received. They must be what the
 * CLI reports for that file. Skipped, with the reason printed, where `nvim` is not installed (.ci/run
 * installs Debian's neovim, so CI runs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, runCli } from './helpers.js';

/** Written for Neovim 0.7 (Debian 12's) and later: start_client and buf_attach_client. */
const INIT = `
local root = vim.env.K8S_ROOT
local client_id = vim.lsp.start_client({
  name = 'k8s-svc-lint',
  cmd = vim.fn.json_decode(vim.env.K8S_CMD),
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'test' } },
})
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.K8S_FILE))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)
local received = vim.wait(100000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
local out = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = (d.user_data and d.user_data.lsp) or {}
  table.insert(out, {
    line = d.lnum + 1,
    column = d.col + 1,
    severity = d.severity,
    message = d.message,
    source = d.source,
    code = lsp.code or d.code,
  })
end
local f = io.open(vim.env.K8S_OUT, 'w')
f:write(vim.fn.json_encode({ received = received, diagnostics = out }))
f:close()
vim.cmd('qa!')
`;

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

describe('Neovim (headless) as the language client', function () {
  this.timeout(120_000);

  it('the documented Neovim setups are Lua that Neovim compiles', function () {
    if (!nvimVersion()) {
      console.log('      (skipped: nvim is not installed)');
      this.skip();
    }
    const blocks = ['README.md', 'docs/editors.md'].flatMap((f) =>
      [...readFileSync(join(ROOT, f), 'utf8').matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1] ?? ''),
    );
    assert.ok(blocks.length >= 2);
    const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-lua-'));
    try {
      for (const [i, b] of blocks.entries()) writeFileSync(join(dir, `${i}.lua`), b);
      const check = blocks
        .map(
          (_, i) =>
            `local f, e = loadfile('${join(dir, `${i}.lua`)}'); if not f then io.stderr:write(e) os.exit(1) end`,
        )
        .join('\n');
      writeFileSync(join(dir, 'check.lua'), `${check}\nos.exit(0)\n`);
      const r = spawnSync(
        'nvim',
        ['--headless', '--clean', '-n', '-u', 'NONE', '-c', `luafile ${join(dir, 'check.lua')}`],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('receives the diagnostics the CLI reports, for a finding that comes from another file', function () {
    const version = nvimVersion();
    if (!version) {
      console.log("      (skipped: nvim is not installed; .ci/run installs Debian's neovim for it)");
      this.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'k8s-svc-lint-nvim-'));
    try {
      writeFileSync(
        join(dir, 'service.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
      );
      writeFileSync(
        join(dir, 'deployment.yaml'),
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: wbe}\n  template:\n    metadata:\n      labels: {app: wbe}\n    spec:\n      containers: [{name: web, image: nginx}]\n',
      );
      writeFileSync(join(dir, 'init.lua'), INIT);
      const out = join(dir, 'out.json');
      const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-u', join(dir, 'init.lua')], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          K8S_ROOT: dir,
          K8S_FILE: join(dir, 'service.yaml'),
          K8S_OUT: out,
          K8S_CMD: JSON.stringify([process.execPath, CLI, 'lsp', '--stdio']),
        },
        timeout: 110_000,
      });
      assert.ok(existsSync(out), `nvim wrote no result (${version}; exit ${r.status}): ${r.stderr}`);
      const got = JSON.parse(readFileSync(out, 'utf8')) as {
        received: boolean;
        diagnostics: Array<{
          line: number;
          column: number;
          severity: number;
          message: string;
          source: string;
          code: string;
        }>;
      };
      assert.ok(got.received, 'diagnostics arrived');
      const cli = JSON.parse(
        runCli(['-f', 'json', 'service.yaml', 'deployment.yaml'], { cwd: dir }).stdout,
      ) as Array<{
        filePath: string;
        messages: Array<{ ruleId: string; line: number; column: number; message: string; severity: number }>;
      }>;
      const expected = (cli.find((x) => x.filePath.endsWith('service.yaml'))?.messages ?? []).map((m) => ({
        line: m.line,
        column: m.column,
        // Neovim's severities: 1 error, 2 warning.
        severity: m.severity === 2 ? 1 : 2,
        message: m.message,
        source: 'k8s-svc-lint',
        code: m.ruleId,
      }));
      assert.ok(expected.length > 0);
      assert.deepEqual(got.diagnostics, expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
