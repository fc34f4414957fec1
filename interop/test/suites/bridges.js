// Seam Bridge through @seamapi/http. The SDK has no methods for the bridge
// client's routes (Seam keeps them for its own client) nor for bridges/*;
// its configured HTTP client (auth, SDK headers, error interceptor) is the
// official way to reach them. A bridge client session token is sent like
// an API key, as a bearer token.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

// unwrap returns body[key] of a successful answer.
function unwrap(res, key) {
  assert.equal(res.data.ok, true)
  assert.ok(key in res.data, `the answer holds ${key}`)
  return res.data[key]
}

export function bridgesSuite(ctx) {
  describe('Seam Bridge through @seamapi/http', () => {
    const as = (token) => new SeamHttp({ apiKey: token, endpoint: ctx.sdkEndpoint })
    const workspace = () => as(ctx.apiKey)

    test('the seeded bridge: its session, status report, the systems it reaches; bridges.get and list', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const b = as(ctx.sandbox.bridgeClientSessionToken)
      const session = unwrap(await b.client.get('/seam/bridge/v1/bridge_client_sessions/get'), 'bridge_client_session')
      assert.equal(session.bridge_client_session_token, ctx.sandbox.bridgeClientSessionToken)
      assert.equal(session.bridge_client_name, 'bridge_1')
      const report = await b.client.post('/seam/bridge/v1/bridge_client_sessions/report_status', {
        is_tailscale_connected: true,
        tailscale_ip_v4: '100.64.0.7',
      })
      assert.equal(report.data.ok, true)
      const sent = ctx.recorder.exchanges.findLast((e) => e.path === '/seam/bridge/v1/bridge_client_sessions/report_status')
      assert.equal(sent.method, 'POST')

      const systems = unwrap(await b.client.get('/seam/bridge/v1/bridge_connected_systems/list'), 'bridge_connected_systems')
      assert.ok(systems.length >= 1, 'the seeded bridge reaches the Visionline system')
      const [reached] = systems
      assert.equal(reached.workspace_id, ctx.workspaceId)
      const system = await workspace().acs.systems.get({ acs_system_id: reached.acs_system_id })
      assert.equal(system.connected_account_id, reached.connected_account_id)
      assert.equal(reached.acs_system_display_name, system.name)

      const bridges = unwrap(await workspace().client.get('/bridges/list'), 'bridges')
      assert.ok(bridges.some((x) => x.bridge_id === reached.bridge_id), 'bridges/list holds the seeded bridge')
      const bridge = unwrap(await workspace().client.get('/bridges/get', { params: { bridge_id: reached.bridge_id } }), 'bridge')
      assert.equal(bridge.workspace_id, ctx.workspaceId)
      await rejectsWith(as(ctx.sandbox.otherApiKey).client.get('/bridges/get', { params: { bridge_id: reached.bridge_id } }), 'bridge_not_found')
      // Each credential reaches its own routes only.
      await rejectsWith(workspace().client.get('/seam/bridge/v1/bridge_client_sessions/get'), 'unauthorized')
      await rejectsWith(b.client.get('/bridges/list'), 'unauthorized')
    })

    test('a new bridge client: create, get, regenerate_pairing_code, then paired with lintel pair-bridge', async () => {
      // create takes no credentials; the SDK sends the API key it was built
      // with, which the route ignores.
      const created = unwrap(
        await workspace().client.post('/seam/bridge/v1/bridge_client_sessions/create', {
          bridge_client_name: 'Front desk bridge',
          bridge_client_time_zone: 'Europe/Paris',
          bridge_client_machine_identifier_key: `machine-${Date.now()}`,
        }),
        'bridge_client_session',
      )
      assert.match(created.pairing_code, /^\d{6}$/)
      const b = as(created.bridge_client_session_token)
      const got = unwrap(await b.client.post('/seam/bridge/v1/bridge_client_sessions/get', {}), 'bridge_client_session')
      assert.equal(got.bridge_client_session_id, created.bridge_client_session_id)
      assert.deepEqual(unwrap(await b.client.post('/seam/bridge/v1/bridge_connected_systems/list', {}), 'bridge_connected_systems'), [])

      const fresh = unwrap(await b.client.post('/seam/bridge/v1/bridge_client_sessions/regenerate_pairing_code', {}), 'bridge_client_session')
      assert.notEqual(fresh.pairing_code, created.pairing_code)
      await assert.rejects(ctx.server.pairBridge(ctx.workspaceId, created.pairing_code), /pairing_code/, 'the replaced code pairs nothing')

      const accounts = await workspace().connectedAccounts.list()
      const behind = accounts.slice(0, 1).map((a) => a.connected_account_id)
      const { bridge } = await ctx.server.pairBridge(ctx.workspaceId, fresh.pairing_code, behind)
      const reached = unwrap(await b.client.get('/seam/bridge/v1/bridge_connected_systems/list'), 'bridge_connected_systems')
      for (const r of reached) {
        assert.equal(r.bridge_id, bridge.bridge_id)
        assert.equal(r.connected_account_id, behind[0])
      }
      const listed = unwrap(await workspace().client.get('/bridges/list'), 'bridges')
      assert.ok(listed.some((x) => x.bridge_id === bridge.bridge_id))
    })

    test('a bridge client refreshes its Tailscale auth key and telemetry token', async () => {
      const created = unwrap(
        await workspace().client.post('/seam/bridge/v1/bridge_client_sessions/create', {
          bridge_client_name: 'Refreshing bridge',
          bridge_client_time_zone: 'UTC',
          bridge_client_machine_identifier_key: `machine-refresh-${Date.now()}`,
        }),
        'bridge_client_session',
      )
      assert.equal(created.tailscale_auth_key, null)
      assert.equal(created.telemetry_token, null)
      const b = as(created.bridge_client_session_token)
      const refresh = async (route) =>
        unwrap(await b.client.post(`/seam/bridge/v1/bridge_client_sessions/${route}`, {}), 'bridge_client_session')
      const k1 = (await refresh('refresh_tailscale_auth_key')).tailscale_auth_key
      const k2 = (await refresh('refresh_tailscale_auth_key')).tailscale_auth_key
      assert.match(k1, /^tskey-auth-/)
      assert.notEqual(k2, k1)
      const t1 = await refresh('refresh_telemetry_token')
      const t2 = await refresh('refresh_telemetry_token')
      assert.equal(typeof t1.telemetry_token, 'string')
      assert.notEqual(t2.telemetry_token, t1.telemetry_token)
      assert.ok(Date.parse(t2.telemetry_token_expires_at) > Date.now())
      const got = unwrap(await b.client.get('/seam/bridge/v1/bridge_client_sessions/get'), 'bridge_client_session')
      assert.equal(got.tailscale_auth_key, k2)
      assert.equal(got.telemetry_token, t2.telemetry_token)
      await rejectsWith(workspace().client.post('/seam/bridge/v1/bridge_client_sessions/refresh_telemetry_token', {}), 'unauthorized')
    })
  })
}
