// The `seam` CLI from @seamapi/cli, run as a script runs it. With
// --remote-schema it builds its whole command set from lintel's
// /openapi.json through @seamapi/blueprint, which validates the document
// strictly: every run here also proves the document is acceptable.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { runSeamCli } from '../../lib/cli.js'

export function cliSuite(ctx) {
  const seam = (...args) => runSeamCli(args, { endpoint: ctx.cliEndpoint, token: ctx.apiKey })

  /** Asserts a clean exit and returns the printed JSON. */
  const ok = (res) => {
    assert.equal(res.code, 0, `exit ${res.code}\nstdout: ${res.stdout}\nstderr: ${res.stderr}`)
    assert.ok(res.json, `stdout is JSON: ${res.stdout}`)
    return res.json
  }

  describe('seam CLI --remote-schema', () => {
    test('workspaces get', async () => {
      const out = ok(await seam('workspaces', 'get'))
      assert.match(out.workspace.workspace_id, /^[0-9a-f-]{36}$/)
      assert.equal(out.ok, undefined, 'the CLI prints the response key, not ok')
    })

    test('health get-health', async (t) => {
      if (!ctx.has('/health/get_health')) return t.skip('lintel has no /health/get_health')
      const res = await seam('health', 'get-health')
      ok(res)
    })

    test('acs users list', async (t) => {
      if (!ctx.has('/acs/users/list')) return t.skip('lintel has no /acs/users/list yet')
      const out = ok(await seam('acs', 'users', 'list', '--limit', '2'))
      assert.ok(Array.isArray(out.acs_users))
      assert.equal(typeof out.pagination?.has_next_page, 'boolean')
      ctx.cliUsers = out.acs_users
    })

    test('acs users delete --acs-user-id', async (t) => {
      if (!ctx.has('/acs/users/delete') || !ctx.has('/acs/users/create')) return t.skip('lintel has no ACS users yet')
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const [someone] = ok(await seam('acs', 'users', 'list', '--limit', '1')).acs_users
      const created = ok(
        await seam('acs', 'users', 'create', '--acs-system-id', someone.acs_system_id, '--full-name', 'CLI Interop'),
      ).acs_user
      assert.equal(created.full_name, 'CLI Interop')
      const out = ok(await seam('acs', 'users', 'delete', '--acs-user-id', created.acs_user_id))
      assert.deepEqual(out, {}, 'a void endpoint prints {}')
      const gone = await seam('acs', 'users', 'get', '--acs-user-id', created.acs_user_id)
      assert.equal(gone.code, 1)
      assert.equal(gone.json?.error?.type, 'acs_user_not_found')
    })

    test('an error: exit 1 and the error JSON on stdout', async (t) => {
      if (!ctx.has('/acs/users/get')) return t.skip('lintel has no /acs/users/get yet')
      const res = await seam('acs', 'users', 'get', '--acs-user-id', '00000000-0000-4000-8000-000000000000')
      assert.equal(res.code, 1, `stdout: ${res.stdout}\nstderr: ${res.stderr}`)
      assert.equal(res.json?.error?.type, 'acs_user_not_found', res.stdout)
      assert.equal(typeof res.json.error.message, 'string')
    })

    test('a personal access token with SEAM_CLI_WORKSPACE_ID: workspaces get', async (t) => {
      if (!ctx.patWorkspaceId) return t.skip('no workspace found for the PAT')
      const res = await runSeamCli(['workspaces', 'get'], {
        endpoint: ctx.cliEndpoint,
        token: ctx.pat,
        workspaceId: ctx.patWorkspaceId,
      })
      assert.equal(ok(res).workspace.workspace_id, ctx.patWorkspaceId)
    })

    test('an unknown token: exit 1 and an unauthorized error', async () => {
      const res = await runSeamCli(['workspaces', 'get'], { endpoint: ctx.cliEndpoint, token: 'seam_interop_notakey' })
      assert.equal(res.code, 1, `stdout: ${res.stdout}\nstderr: ${res.stderr}`)
      assert.equal(res.json?.error?.type, 'unauthorized', res.stdout)
    })
  })
}
