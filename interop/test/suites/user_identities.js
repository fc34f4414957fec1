// User identities through @seamapi/http: the person behind ACS users,
// created, found by id and by key, linked to ACS users and unlinked.

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { needs, rejectsWith } from './acs.js'

export function userIdentitiesSuite(ctx) {
  const sdk = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

  describe('user identities through @seamapi/http', () => {
    test('user_identities.create, get by id and by key, update, list (paginated)', async (t) => {
      if (!needs(t, ctx, '/user_identities/create', '/user_identities/get', '/user_identities/list')) return
      const seam = sdk()
      const key = `interop-${randomUUID()}`
      const created = await seam.userIdentities.create({
        user_identity_key: key,
        full_name: 'Ada Interop',
        email_address: 'ada.interop@example.com',
        phone_number: '+15555550101',
      })
      assert.equal(created.user_identity_key, key)
      assert.deepEqual(created.acs_user_ids, [])
      assert.equal((await seam.userIdentities.get({ user_identity_id: created.user_identity_id })).user_identity_key, key)
      assert.equal((await seam.userIdentities.get({ user_identity_key: key })).user_identity_id, created.user_identity_id)
      if (ctx.has('/user_identities/update')) {
        await seam.userIdentities.update({ user_identity_id: created.user_identity_id, full_name: 'Ada L. Interop' })
        assert.equal((await seam.userIdentities.get({ user_identity_id: created.user_identity_id })).full_name, 'Ada L. Interop')
      }
      const all = await seam.userIdentities.list()
      assert.ok(all.length >= 3, `several identities (${all.length})`)
      const flat = await seam.createPaginator(seam.userIdentities.list({ limit: 2 })).flattenToArray()
      assert.deepEqual(
        flat.map((u) => u.user_identity_id),
        all.map((u) => u.user_identity_id),
      )
      await rejectsWith(seam.userIdentities.get({ user_identity_id: randomUUID() }), 'user_identity_not_found')
      ctx.adaId = created.user_identity_id
    })

    test('user_identities.add_acs_user, list_acs_users, list_acs_systems, list_accessible_entrances, remove_acs_user', async (t) => {
      if (!needs(t, ctx, '/user_identities/create', '/user_identities/add_acs_user', '/acs/users/create', '/acs/users/list')) return
      const seam = sdk()
      const identity = ctx.adaId ?? (await seam.userIdentities.create({ full_name: 'Link Interop' })).user_identity_id
      const [someone] = await seam.acs.users.list({ limit: 1 })
      const user = await seam.acs.users.create({ acs_system_id: someone.acs_system_id, full_name: 'Linked User' })
      await seam.userIdentities.addAcsUser({ user_identity_id: identity, acs_user_id: user.acs_user_id })
      await seam.userIdentities.addAcsUser({ user_identity_id: identity, acs_user_id: user.acs_user_id }) // PUT again: idempotent
      assert.equal((await seam.acs.users.get({ acs_user_id: user.acs_user_id })).user_identity_id, identity)
      if (ctx.has('/user_identities/list_acs_users')) {
        const users = await seam.userIdentities.listAcsUsers({ user_identity_id: identity })
        assert.deepEqual(
          users.map((u) => u.acs_user_id),
          [user.acs_user_id],
        )
      }
      if (ctx.has('/user_identities/list_acs_systems')) {
        const systems = await seam.userIdentities.listAcsSystems({ user_identity_id: identity })
        assert.deepEqual(
          systems.map((s) => s.acs_system_id),
          [someone.acs_system_id],
        )
      }
      if (ctx.has('/user_identities/list_accessible_entrances')) {
        assert.ok(Array.isArray(await seam.userIdentities.listAccessibleEntrances({ user_identity_id: identity })))
      }
      if (ctx.has('/user_identities/remove_acs_user')) {
        await seam.userIdentities.removeAcsUser({ user_identity_id: identity, acs_user_id: user.acs_user_id })
        assert.equal((await seam.acs.users.get({ acs_user_id: user.acs_user_id })).user_identity_id ?? null, null)
      }
      await seam.acs.users.delete({ acs_user_id: user.acs_user_id })
    })

    test('user_identities.delete', async (t) => {
      if (!needs(t, ctx, '/user_identities/create', '/user_identities/delete', '/user_identities/get')) return
      const seam = sdk()
      const { user_identity_id: id } = await seam.userIdentities.create({ full_name: 'Short Lived' })
      await seam.userIdentities.delete({ user_identity_id: id })
      await rejectsWith(seam.userIdentities.get({ user_identity_id: id }), 'user_identity_not_found')
    })
  })
}
