// Workspaces, health and the document, through @seamapi/http with every way
// of pointing it at lintel: the endpoint option, SEAM_ENDPOINT +
// SEAM_API_KEY, and a personal access token with and without a workspace.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { getOpenapiSchema, SeamHttp, SeamHttpWithoutWorkspace } from '@seamapi/http/connect'

/** Runs fn with the environment variables vars set, then restores them. */
export async function withEnv(vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  Object.assign(process.env, vars)
  try {
    return await fn()
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

export function workspacesSuite(ctx) {
  describe('workspaces through @seamapi/http', () => {
    test('SeamHttp with endpoint: workspaces.get', async () => {
      const seam = new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })
      const ws = await seam.workspaces.get()
      assert.equal(ws.workspace_id, ctx.workspaceId)
    })

    test('workspaces.update (PATCH) renames the workspace and sets its Connect Webview look', async () => {
      const seam = new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })
      const before = await seam.workspaces.get()
      await seam.workspaces.update({ name: 'Interop renamed', connect_webview_customization: { logo_shape: 'circle' } })
      const after = await seam.workspaces.get()
      assert.equal(after.name, 'Interop renamed')
      assert.equal(after.connect_webview_customization.logo_shape, 'circle')
      await seam.workspaces.update({ name: before.name })
      assert.equal((await seam.workspaces.get()).name, before.name)
    })

    test('SEAM_ENDPOINT + SEAM_API_KEY: workspaces.list', async () => {
      const list = await withEnv({ SEAM_ENDPOINT: ctx.sdkEndpoint, SEAM_API_KEY: ctx.apiKey }, () =>
        new SeamHttp().workspaces.list(),
      )
      assert.deepEqual(
        list.map((w) => w.workspace_id),
        [ctx.workspaceId],
      )
    })

    test('SeamHttp.fromApiKey: workspaces.get', async () => {
      const ws = await SeamHttp.fromApiKey(ctx.apiKey, { endpoint: ctx.sdkEndpoint }).workspaces.get()
      assert.equal(ws.workspace_id, ctx.workspaceId)
    })

    test('getOpenapiSchema reads /openapi.json without credentials', async () => {
      const doc = await getOpenapiSchema(ctx.sdkEndpoint)
      assert.equal(typeof doc.openapi, 'string')
      assert.ok(doc.paths['/workspaces/get'], '/workspaces/get in the document')
    })

    test('/health through the SDK client', async (t) => {
      if (!ctx.has('/health')) return t.skip('lintel has no /health')
      // The SDK has no method for /health; its configured HTTP client (auth,
      // SDK headers, error interceptor) is the official way to reach it.
      const seam = new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })
      const { data } = await seam.client.get('/health')
      assert.equal(data.ok, true)
    })

    test('personal access token without a workspace: workspaces.list, workspaces.create', async () => {
      const seam = SeamHttpWithoutWorkspace.fromPersonalAccessToken(ctx.pat, { endpoint: ctx.sdkEndpoint })
      const list = await seam.workspaces.list()
      assert.ok(list.length >= 1, 'the PAT reaches a workspace')
      ctx.patWorkspaceId = list.find((w) => w.workspace_id === ctx.workspaceId)?.workspace_id ?? list[0].workspace_id
      const created = await seam.workspaces.create({ name: 'Interop workspace', company_name: 'Interop' })
      assert.equal(created.name, 'Interop workspace')
      const after = await seam.workspaces.list()
      assert.ok(after.some((w) => w.workspace_id === created.workspace_id), 'the new workspace is listed')
    })

    test('SeamHttp.fromPersonalAccessToken with a workspace: workspaces.get', async () => {
      const seam = SeamHttp.fromPersonalAccessToken(ctx.pat, ctx.patWorkspaceId, { endpoint: ctx.sdkEndpoint })
      const ws = await seam.workspaces.get()
      assert.equal(ws.workspace_id, ctx.patWorkspaceId)
    })

    test('console session: SeamHttp.fromConsoleSessionToken, SeamHttpWithoutWorkspace', async (t) => {
      if (!ctx.consoleSession) return t.skip('no console session')
      const ws = await SeamHttp.fromConsoleSessionToken(ctx.consoleSession, ctx.workspaceId, {
        endpoint: ctx.sdkEndpoint,
      }).workspaces.get()
      assert.equal(ws.workspace_id, ctx.workspaceId)
      const list = await SeamHttpWithoutWorkspace.fromConsoleSessionToken(ctx.consoleSession, {
        endpoint: ctx.sdkEndpoint,
      }).workspaces.list()
      assert.ok(list.some((w) => w.workspace_id === ctx.workspaceId))
    })

    test('SeamHttp.fromClientSessionToken: workspaces.get', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const seam = SeamHttp.fromClientSessionToken(ctx.sandbox.clientSessionToken, { endpoint: ctx.sdkEndpoint })
      const ws = await seam.workspaces.get()
      assert.match(ws.workspace_id, /^[0-9a-f-]{36}$/)
    })
  })
}
