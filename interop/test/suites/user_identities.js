// User identities, client sessions, access systems and connected accounts
// through @seamapi/http, on the sandbox data of `lintel serve --seed`.

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, test } from 'node:test'

import { SeamHttp, SeamHttpUnauthorizedError } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

export function userIdentitiesSuite(ctx) {
  describe('user identities and client sessions through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })
    const state = {}

    test('acs.systems and connectedAccounts: list and get', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const systems = await seam().acs.systems.list()
      assert.ok(systems.length >= 3, 'the seeded systems')
      const types = systems.map((s) => s.external_type)
      assert.ok(types.includes('visionline_system') && types.includes('salto_ks_site'), `external types ${types}`)
      const sys = await seam().acs.systems.get({ acs_system_id: systems[0].acs_system_id })
      assert.equal(sys.name, systems[0].name)
      state.system = sys
      const accounts = await seam().connectedAccounts.list()
      assert.ok(accounts.some((a) => a.connected_account_id === sys.connected_account_id))
      const account = await seam().connectedAccounts.get({ connected_account_id: sys.connected_account_id })
      assert.equal(account.connected_account_id, sys.connected_account_id)
    })

    test('connectedAccounts.update (PATCH): display name and custom metadata', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const id = state.system.connected_account_id
      const before = await seam().connectedAccounts.get({ connected_account_id: id })
      await seam().connectedAccounts.update({
        connected_account_id: id,
        display_name: 'Interop account',
        custom_metadata: { site: 'interop', vip: true },
      })
      const after = await seam().connectedAccounts.get({ connected_account_id: id })
      assert.equal(after.display_name, 'Interop account')
      assert.deepEqual(after.custom_metadata, { site: 'interop', vip: true })
      await rejectsWith(
        seam().connectedAccounts.update({ connected_account_id: id, custom_metadata: { n: 1 } }),
        'invalid_input',
      )
      await seam().connectedAccounts.update({
        connected_account_id: id,
        display_name: before.display_name,
        custom_metadata: before.custom_metadata,
      })
    })

    test('connectedAccounts.sync queues a reconciliation; an unknown account is not found', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      await seam().connectedAccounts.sync({ connected_account_id: state.system.connected_account_id })
      await rejectsWith(
        seam().connectedAccounts.sync({ connected_account_id: '00000000-0000-4000-8000-000000000000' }),
        'connected_account_not_found',
      )
    })

    test('userIdentities: create, get, list with the paginator, update', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const created = await seam().userIdentities.create({
        user_identity_key: 'interop-jane',
        email_address: 'interop-jane@example.com',
        full_name: 'Interop Jane',
        acs_system_ids: [state.system.acs_system_id],
      })
      assert.equal(created.acs_user_ids.length, 1)
      state.identity = created
      const byKey = await seam().userIdentities.get({ user_identity_key: 'interop-jane' })
      assert.equal(byKey.user_identity_id, created.user_identity_id)
      const s = seam()
      const all = await s.createPaginator(s.userIdentities.list({ limit: 2 })).flattenToArray()
      assert.ok(all.some((u) => u.user_identity_id === created.user_identity_id), 'listed across pages')
      assert.deepEqual(
        all.map((u) => u.user_identity_id),
        (await s.userIdentities.list()).map((u) => u.user_identity_id),
        'the pages add up to the whole list, in order',
      )
      await rejectsWith(seam().userIdentities.get({ user_identity_id: randomUUID() }), 'user_identity_not_found')
      await seam().userIdentities.update({ user_identity_id: created.user_identity_id, full_name: 'Interop Jane Doe' })
      const updated = await seam().userIdentities.get({ user_identity_id: created.user_identity_id })
      assert.equal(updated.full_name, 'Interop Jane Doe')
    })

    test('userIdentities: users, systems and entrances of an identity; add and remove a user', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const id = state.identity.user_identity_id
      const users = await seam().userIdentities.listAcsUsers({ user_identity_id: id })
      assert.deepEqual(
        users.map((u) => u.acs_user_id),
        state.identity.acs_user_ids,
      )
      const systems = await seam().userIdentities.listAcsSystems({ user_identity_id: id })
      assert.deepEqual(
        systems.map((s) => s.acs_system_id),
        [state.system.acs_system_id],
      )
      const entrances = await seam().userIdentities.listAccessibleEntrances({ user_identity_id: id })
      assert.ok(Array.isArray(entrances))
      await seam().userIdentities.removeAcsUser({ user_identity_id: id, acs_user_id: users[0].acs_user_id })
      assert.equal((await seam().userIdentities.listAcsUsers({ user_identity_id: id })).length, 0)
      await seam().userIdentities.addAcsUser({ user_identity_id: id, acs_user_id: users[0].acs_user_id })
      assert.equal((await seam().userIdentities.listAcsUsers({ user_identity_id: id })).length, 1)
    })

    test('userIdentities: grant, list and revoke access to a device', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const id = state.identity.user_identity_id
      const devices = await seam().devices.list()
      assert.ok(devices.length >= 2, 'the seeded devices')
      const [front, back] = devices
      assert.deepEqual(await seam().userIdentities.listAccessibleDevices({ user_identity_id: id }), [])
      await seam().userIdentities.grantAccessToDevice({ user_identity_id: id, device_id: front.device_id })
      // Again: still one link.
      await seam().userIdentities.grantAccessToDevice({ user_identity_id: id, device_id: front.device_id })
      await seam().userIdentities.grantAccessToDevice({ user_identity_id: id, device_id: back.device_id })
      const listed = await seam().userIdentities.listAccessibleDevices({ user_identity_id: id })
      assert.deepEqual(
        listed.map((d) => d.device_id).sort(),
        [front.device_id, back.device_id].sort(),
      )
      assert.equal(listed.find((d) => d.device_id === front.device_id).display_name, front.display_name)
      await rejectsWith(
        seam().userIdentities.grantAccessToDevice({ user_identity_id: id, device_id: randomUUID() }),
        'device_not_found',
      )
      await rejectsWith(
        seam().userIdentities.grantAccessToDevice({ user_identity_id: randomUUID(), device_id: front.device_id }),
        'user_identity_not_found',
      )
      await rejectsWith(
        seam().userIdentities.listAccessibleDevices({ user_identity_id: randomUUID() }),
        'user_identity_not_found',
      )
      await seam().userIdentities.revokeAccessToDevice({ user_identity_id: id, device_id: front.device_id })
      // Revoking access that is gone is fine.
      await seam().userIdentities.revokeAccessToDevice({ user_identity_id: id, device_id: front.device_id })
      assert.deepEqual(
        (await seam().userIdentities.listAccessibleDevices({ user_identity_id: id })).map((d) => d.device_id),
        [back.device_id],
      )
      await seam().userIdentities.revokeAccessToDevice({ user_identity_id: id, device_id: back.device_id })
      assert.deepEqual(await seam().userIdentities.listAccessibleDevices({ user_identity_id: id }), [])
    })

    test('userIdentities.generateInstantKey; instantKeys: get, list, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const id = state.identity.user_identity_id
      const key = await seam().userIdentities.generateInstantKey({ user_identity_id: id, max_use_count: 2 })
      assert.equal(key.user_identity_id, id)
      assert.equal(new URL(key.instant_key_url).pathname, '/instant_keys/view')
      assert.equal(Date.parse(key.expires_at) - Date.parse(key.created_at), 48 * 3600 * 1000, 'lintel keys last 48 h')
      const other = await seam().userIdentities.generateInstantKey({ user_identity_id: id })
      assert.notEqual(other.instant_key_url, key.instant_key_url)
      assert.notEqual(other.client_session_id, key.client_session_id)
      assert.deepEqual(await seam().instantKeys.get({ instant_key_id: key.instant_key_id }), key)
      assert.equal((await seam().instantKeys.get({ instant_key_url: key.instant_key_url })).instant_key_id, key.instant_key_id)
      assert.deepEqual(
        (await seam().instantKeys.list({ user_identity_id: id })).map((k) => k.instant_key_id),
        [key.instant_key_id, other.instant_key_id],
      )
      assert.ok((await seam().instantKeys.list()).some((k) => k.instant_key_id === key.instant_key_id))
      await rejectsWith(
        seam().userIdentities.generateInstantKey({ user_identity_id: id, customization_profile_id: randomUUID() }),
        'invalid_input',
      )
      await rejectsWith(seam().userIdentities.generateInstantKey({ user_identity_id: randomUUID() }), 'user_identity_not_found')
      await rejectsWith(seam().instantKeys.get({ instant_key_id: randomUUID() }), 'instant_key_not_found')
      // The url is a page lintel serves, HTML outside the API.
      const page = await fetch(key.instant_key_url)
      assert.equal(page.status, 200)
      assert.match(page.headers.get('content-type'), /^text\/html/)
      assert.match(await page.text(), /Your key/)
      await seam().instantKeys.delete({ instant_key_id: key.instant_key_id })
      await seam().instantKeys.delete({ instant_key_id: other.instant_key_id })
      assert.equal((await fetch(key.instant_key_url)).status, 404, "a deleted key's page")
      await rejectsWith(seam().instantKeys.get({ instant_key_id: key.instant_key_id }), 'instant_key_not_found')
      await rejectsWith(seam().instantKeys.delete({ instant_key_id: key.instant_key_id }), 'instant_key_not_found')
      assert.deepEqual(await seam().instantKeys.list({ user_identity_id: id }), [])
    })

    test('clientSessions: create, get, list, getOrCreate, grantAccess; the token sees its identity', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const id = state.identity.user_identity_id
      const cs = await seam().clientSessions.create({ user_identifier_key: 'interop-app-user' })
      assert.match(cs.token, /^seam_cst/)
      const got = await seam().clientSessions.get({ client_session_id: cs.client_session_id })
      assert.equal(got.token, cs.token)
      const same = await seam().clientSessions.getOrCreate({ user_identifier_key: 'interop-app-user' })
      assert.equal(same.client_session_id, cs.client_session_id)
      await seam().clientSessions.grantAccess({ client_session_id: cs.client_session_id, user_identity_id: id })
      const listed = await seam().clientSessions.list({ user_identity_id: id })
      assert.deepEqual(
        listed.map((s) => s.client_session_id),
        [cs.client_session_id],
      )
      const scoped = SeamHttp.fromClientSessionToken(cs.token, { endpoint: ctx.sdkEndpoint })
      const users = await scoped.acs.users.list()
      assert.deepEqual(
        users.map((u) => u.acs_user_id),
        state.identity.acs_user_ids,
      )
      const identities = await scoped.userIdentities.list()
      assert.deepEqual(
        identities.map((u) => u.user_identity_id),
        [id],
      )
      state.session = cs
    })

    test('SeamHttp.fromPublishableKey: the seeded session of john_user_identifier_key', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const viaPk = await SeamHttp.fromPublishableKey(ctx.sandbox.publishableKey, 'john_user_identifier_key', {
        endpoint: ctx.sdkEndpoint,
      })
      const session = await viaPk.clientSessions.get()
      assert.equal(session.token, ctx.sandbox.clientSessionToken)
      const users = await viaPk.acs.users.list()
      assert.ok(users.length >= 1 && users.every((u) => u.user_identity_id === session.user_identity_id))
    })

    test('revoke, delete and userIdentities.delete end sessions: the next call is unauthorized', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const other = await seam().clientSessions.create({})
      await seam().clientSessions.revoke({ client_session_id: other.client_session_id })
      await assert.rejects(
        SeamHttp.fromClientSessionToken(other.token, { endpoint: ctx.sdkEndpoint }).acs.systems.list(),
        SeamHttpUnauthorizedError,
      )
      const third = await seam().clientSessions.create({})
      await seam().clientSessions.delete({ client_session_id: third.client_session_id })

      const scoped = SeamHttp.fromClientSessionToken(state.session.token, { endpoint: ctx.sdkEndpoint })
      await seam().userIdentities.delete({ user_identity_id: state.identity.user_identity_id })
      await assert.rejects(scoped.acs.users.list(), SeamHttpUnauthorizedError)
      await assert.rejects(seam().acs.users.get({ acs_user_id: state.identity.acs_user_ids[0] }), (err) => {
        assert.equal(err.code, 'acs_user_not_found')
        return true
      })
      ctx.deletedAcsUserId = state.identity.acs_user_ids[0]
    })
  })
}
