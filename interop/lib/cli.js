// Running the `seam` CLI from @seamapi/cli the way a script would: no TTY,
// no stdin, -y and --remote-schema, the endpoint and token from the
// environment, and a HOME of its own so no user config leaks in or out.

import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The package's "seam" bin, beside its entry point.
const cliBin = fileURLToPath(new URL('./bin/cli.js', import.meta.resolve('@seamapi/cli')))

/**
 * Runs `seam <args> -y --remote-schema` against endpoint with token.
 * Resolves to {code, stdout, stderr, json}; json is stdout parsed, or null.
 */
export function runSeamCli(args, { endpoint, token, workspaceId }) {
  const home = mkdtempSync(join(tmpdir(), 'seam-cli-home-'))
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    SEAM_CLI_ENDPOINT: endpoint,
    SEAM_CLI_TOKEN: token,
    NO_COLOR: '1',
  }
  if (workspaceId) env.SEAM_CLI_WORKSPACE_ID = workspaceId
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cliBin, ...args, '-y', '--remote-schema'],
      { env, timeout: 60_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        rmSync(home, { recursive: true, force: true })
        let json = null
        try {
          json = JSON.parse(stdout)
        } catch {
          // Not JSON: the caller's assertion says what was printed.
        }
        const code = err == null ? 0 : typeof err.code === 'number' ? err.code : -1
        resolve({ code, stdout, stderr, json })
      },
    )
    child.stdin.end() // like </dev/null: nothing to read params from
  })
}
