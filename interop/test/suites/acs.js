// The ACS routes through @seamapi/http: systems, users (both ways to delete
// one), access groups, credentials, entrances and their action attempts.
// Each test names the routes it needs; it is skipped, saying which, only
// for a route lintel does not promise (interop/promised-routes.json): a
// promised route is always called, so a route missing from lintel fails.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { isSeamActionAttemptFailedError, SeamHttp, SeamHttpApiError } from '@seamapi/http/connect'

/**
 * Skips t unless every path is promised (or served) and lintel has sandbox
 * data; returns whether the test may go on.
 */
export function needs(t, ctx, ...paths) {
  const missing = paths.filter((p) => !ctx.has(p))
  if (missing.length > 0) {
    t.skip(`lintel does not serve ${missing.join(', ')} yet`)
    return false
  }
  if (!ctx.seeded) {
    t.skip('needs lintel serve --seed')
    return false
  }
  return true
}

/** Asserts that promise rejects with the Seam error code. */
export async function rejectsWith(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof SeamHttpApiError, `got ${err}`)
    assert.equal(err.code, code)
    return true
  })
}

const ids = (xs, key) => xs.map((x) => x[key])

export function acsSuite(ctx) {
  const sdk = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

  // The seeded access system the tests work in: the one with the most
  // users, found through whichever list lintel serves.
  const system = async () => {
    if (ctx.acsSystemId) return ctx.acsSystemId
    const users = await sdk().acs.users.list()
    const count = new Map()
    for (const u of users) count.set(u.acs_system_id, (count.get(u.acs_system_id) ?? 0) + 1)
    ctx.acsSystemId = [...count.entries()].sort((a, b) => b[1] - a[1])[0][0]
    return ctx.acsSystemId
  }

  describe('ACS through @seamapi/http', () => {
    test('acs.systems.list, get, list_compatible_credential_manager_acs_systems', async (t) => {
      if (!needs(t, ctx, '/acs/systems/list', '/acs/systems/get')) return
      const seam = sdk()
      const systems = await seam.acs.systems.list()
      assert.ok(systems.length >= 1, 'the seed has access systems')
      const one = await seam.acs.systems.get({ acs_system_id: systems[0].acs_system_id })
      assert.equal(one.acs_system_id, systems[0].acs_system_id)
      await rejectsWith(seam.acs.systems.get({ acs_system_id: '00000000-0000-4000-8000-000000000000' }), 'acs_system_not_found')
      if (ctx.has('/acs/systems/list_compatible_credential_manager_acs_systems')) {
        const compatible = await seam.acs.systems.listCompatibleCredentialManagerAcsSystems({
          acs_system_id: systems[0].acs_system_id,
        })
        assert.ok(Array.isArray(compatible))
      }
    })

    test('acs.users.list: createPaginator(...).flattenToArray() over several pages', async (t) => {
      if (!needs(t, ctx, '/acs/users/list')) return
      const seam = sdk()
      const all = await seam.acs.users.list()
      assert.ok(all.length >= 3, `the seed has several ACS users (${all.length})`)
      const paginator = seam.createPaginator(seam.acs.users.list({ limit: 2 }))
      const [first, page] = await paginator.firstPage()
      assert.equal(first.length, 2)
      assert.equal(page.hasNextPage, true)
      assert.equal(typeof page.nextPageCursor, 'string')
      const flat = await seam.createPaginator(seam.acs.users.list({ limit: 2 })).flattenToArray()
      assert.deepEqual(ids(flat, 'acs_user_id'), ids(all, 'acs_user_id'), 'pages add up to the whole list, in order')
      // A filter travels with every page's cursor.
      const sys = await system()
      const inSystem = await seam.createPaginator(seam.acs.users.list({ acs_system_id: sys, limit: 1 })).flattenToArray()
      assert.deepEqual(
        ids(inSystem, 'acs_user_id'),
        ids(all.filter((u) => u.acs_system_id === sys), 'acs_user_id'),
      )
    })

    test('acs.users.list with user_identity_email_address: null (sent as key=)', async (t) => {
      if (!needs(t, ctx, '/acs/users/list')) return
      const seam = sdk()
      const all = await seam.acs.users.list()
      const without = await seam.acs.users.list({ user_identity_email_address: null })
      // Every seeded user's identity has an email: none is listed.
      assert.ok(without.length < all.length, 'users whose identity has an email are left out')
      if (ctx.has('/user_identities/create') && ctx.has('/user_identities/add_acs_user') && ctx.has('/acs/users/create')) {
        // A user whose identity has no email is listed.
        const identity = await seam.userIdentities.create({ full_name: 'No Email' })
        const user = await seam.acs.users.create({
          acs_system_id: await system(),
          full_name: 'No Email',
          user_identity_id: identity.user_identity_id,
        })
        const listed = await seam.acs.users.list({ user_identity_email_address: null })
        assert.ok(listed.some((u) => u.acs_user_id === user.acs_user_id), 'the user without an email is listed')
        assert.ok(listed.every((u) => u.user_identity_email_address == null), 'and only users without one')
        await seam.acs.users.delete({ acs_user_id: user.acs_user_id })
      }
    })

    test('acs.users.create, get, update, suspend, unsuspend', async (t) => {
      if (!needs(t, ctx, '/acs/users/create', '/acs/users/get', '/acs/users/update', '/acs/users/suspend', '/acs/users/unsuspend'))
        return
      const seam = sdk()
      const created = await seam.acs.users.create({
        acs_system_id: await system(),
        full_name: 'Jane Interop',
        email_address: 'jane.interop@example.com',
        phone_number: '+15555550100',
        access_schedule: { starts_at: new Date('2026-01-01T00:00:00Z'), ends_at: new Date('2030-01-01T00:00:00Z') },
      })
      assert.equal(created.full_name, 'Jane Interop')
      assert.equal(created.acs_system_id, await system())
      assert.equal(created.access_schedule?.starts_at, '2026-01-01T00:00:00.000Z')

      const got = await seam.acs.users.get({ acs_user_id: created.acs_user_id })
      assert.equal(got.acs_user_id, created.acs_user_id)

      await seam.acs.users.update({ acs_user_id: created.acs_user_id, full_name: 'Jane Q. Interop' })
      assert.equal((await seam.acs.users.get({ acs_user_id: created.acs_user_id })).full_name, 'Jane Q. Interop')

      await seam.acs.users.suspend({ acs_user_id: created.acs_user_id })
      assert.equal((await seam.acs.users.get({ acs_user_id: created.acs_user_id })).is_suspended, true)
      await seam.acs.users.unsuspend({ acs_user_id: created.acs_user_id })
      assert.equal((await seam.acs.users.get({ acs_user_id: created.acs_user_id })).is_suspended, false)
      ctx.janeId = created.acs_user_id
    })

    test('acs.users.add_to_access_group, remove_from_access_group; access_groups.list, get, list_users', async (t) => {
      if (
        !needs(t, ctx, '/acs/users/add_to_access_group', '/acs/users/remove_from_access_group', '/acs/access_groups/list')
      )
        return
      const seam = sdk()
      const groups = await seam.acs.accessGroups.list({ acs_system_id: await system() })
      assert.ok(groups.length >= 1, 'the seeded system has access groups')
      const group = groups[0]
      const user = ctx.janeId ?? (await seam.acs.users.create({ acs_system_id: await system(), full_name: 'Group Member' })).acs_user_id
      await seam.acs.users.addToAccessGroup({ acs_access_group_id: group.acs_access_group_id, acs_user_id: user })
      await seam.acs.users.addToAccessGroup({ acs_access_group_id: group.acs_access_group_id, acs_user_id: user }) // PUT again: idempotent
      if (ctx.has('/acs/access_groups/get')) {
        const one = await seam.acs.accessGroups.get({ acs_access_group_id: group.acs_access_group_id })
        assert.equal(one.acs_access_group_id, group.acs_access_group_id)
      }
      let members = []
      if (ctx.has('/acs/access_groups/list_users')) {
        members = await seam.acs.accessGroups.listUsers({ acs_access_group_id: group.acs_access_group_id })
        assert.ok(members.some((m) => m.acs_user_id === user), 'the user is a member')
      }
      await seam.acs.users.removeFromAccessGroup({ acs_access_group_id: group.acs_access_group_id, acs_user_id: user })
      if (ctx.has('/acs/access_groups/list_users')) {
        const after = await seam.acs.accessGroups.listUsers({ acs_access_group_id: group.acs_access_group_id })
        assert.deepEqual(
          after.map((m) => m.acs_user_id).sort(),
          members.map((m) => m.acs_user_id).filter((id) => id !== user).sort(),
          'the other members stay, the user is no longer one',
        )
      }
    })

    test('acs.access_groups.add_user, remove_user, list_accessible_entrances, delete', async (t) => {
      if (!needs(t, ctx, '/acs/access_groups/list', '/acs/access_groups/add_user', '/acs/access_groups/remove_user')) return
      const seam = sdk()
      const [group] = await seam.acs.accessGroups.list({ acs_system_id: await system() })
      const user = (await seam.acs.users.create({ acs_system_id: await system(), full_name: 'Group Guest' })).acs_user_id
      await seam.acs.accessGroups.addUser({ acs_access_group_id: group.acs_access_group_id, acs_user_id: user })
      await seam.acs.accessGroups.removeUser({ acs_access_group_id: group.acs_access_group_id, acs_user_id: user })
      if (ctx.has('/acs/access_groups/list_accessible_entrances')) {
        const entrances = await seam.acs.accessGroups.listAccessibleEntrances({ acs_access_group_id: group.acs_access_group_id })
        assert.ok(Array.isArray(entrances))
      }
      if (ctx.has('/acs/access_groups/delete')) {
        const groups = await seam.acs.accessGroups.list({ acs_system_id: await system() })
        const last = groups.at(-1)
        await seam.acs.accessGroups.delete({ acs_access_group_id: last.acs_access_group_id })
        const after = await seam.acs.accessGroups.list({ acs_system_id: await system() })
        assert.deepEqual(
          after.map((g) => g.acs_access_group_id).sort(),
          groups.map((g) => g.acs_access_group_id).filter((id) => id !== last.acs_access_group_id).sort(),
          'the other groups stay, the deleted one is gone',
        )
      }
      await seam.acs.users.delete({ acs_user_id: user })
    })

    test('acs.users.list_accessible_entrances, revoke_access_to_all_entrances', async (t) => {
      if (!needs(t, ctx, '/acs/users/list', '/acs/users/list_accessible_entrances', '/acs/users/revoke_access_to_all_entrances'))
        return
      const seam = sdk()
      const users = await seam.acs.users.list({ acs_system_id: await system() })
      const seeded = users.find((u) => u.user_identity_id != null) ?? users[0]
      const before = await seam.acs.users.listAccessibleEntrances({ acs_user_id: seeded.acs_user_id })
      assert.ok(Array.isArray(before))
      await seam.acs.users.revokeAccessToAllEntrances({ acs_user_id: seeded.acs_user_id })
      const after = await seam.acs.users.listAccessibleEntrances({ acs_user_id: seeded.acs_user_id })
      assert.deepEqual(after, [])
    })

    test('acs.users.delete by acs_user_id (DELETE with a query)', async (t) => {
      if (!needs(t, ctx, '/acs/users/create', '/acs/users/delete', '/acs/users/get')) return
      const seam = sdk()
      const user = ctx.janeId ?? (await seam.acs.users.create({ acs_system_id: await system(), full_name: 'To Delete' })).acs_user_id
      const before = ctx.recorder.exchanges.length
      await seam.acs.users.delete({ acs_user_id: user })
      // What went over the wire: the SDK's DELETE, the id in the query.
      const sent = ctx.recorder.exchanges.slice(before).filter((e) => e.path === '/acs/users/delete')
      assert.equal(sent.length, 1, 'one request to /acs/users/delete')
      assert.equal(sent[0].method, 'DELETE')
      assert.equal(sent[0].query.get('acs_user_id'), user)
      await rejectsWith(seam.acs.users.get({ acs_user_id: user }), 'acs_user_not_found')
      // Deleting again: the resource is gone, consistently.
      await rejectsWith(seam.acs.users.delete({ acs_user_id: user }), 'acs_user_not_found')
    })

    test('acs.users.delete by user_identity_id and acs_system_id', async (t) => {
      if (!needs(t, ctx, '/acs/users/list', '/acs/users/delete', '/acs/users/get')) return
      const seam = sdk()
      const users = await seam.acs.users.list({ acs_system_id: await system() })
      const linked = users.find((u) => u.user_identity_id != null)
      assert.ok(linked, 'a seeded user linked to a user identity')
      const ref = { user_identity_id: linked.user_identity_id, acs_system_id: linked.acs_system_id }
      const got = await seam.acs.users.get(ref)
      assert.equal(got.acs_user_id, linked.acs_user_id)
      await seam.acs.users.delete(ref)
      await rejectsWith(seam.acs.users.get({ acs_user_id: linked.acs_user_id }), 'acs_user_not_found')
      ctx.deletedUser = linked
    })

    test('acs.credentials.list (paginated), get, list_accessible_entrances', async (t) => {
      if (!needs(t, ctx, '/acs/credentials/list', '/acs/credentials/get')) return
      const seam = sdk()
      const all = await seam.acs.credentials.list({ acs_system_id: await system() })
      assert.ok(all.length >= 2, 'the seeded system has credentials')
      const flat = await seam.createPaginator(seam.acs.credentials.list({ acs_system_id: await system(), limit: 1 })).flattenToArray()
      assert.deepEqual(ids(flat, 'acs_credential_id'), ids(all, 'acs_credential_id'))
      const one = await seam.acs.credentials.get({ acs_credential_id: all[0].acs_credential_id })
      assert.equal(one.acs_credential_id, all[0].acs_credential_id)
      if (ctx.has('/acs/credentials/list_accessible_entrances')) {
        const entrances = await seam.acs.credentials.listAccessibleEntrances({ acs_credential_id: all[0].acs_credential_id })
        assert.ok(Array.isArray(entrances))
      }
      await rejectsWith(seam.acs.credentials.get({ acs_credential_id: '00000000-0000-4000-8000-000000000000' }), 'acs_credential_not_found')
    })

    test('acs.credentials.create, update, unassign, assign, delete', async (t) => {
      if (!needs(t, ctx, '/acs/users/create', '/acs/credentials/create', '/acs/credentials/delete', '/acs/credentials/get')) return
      const seam = sdk()
      const sys = await system()
      const existing = await seam.acs.credentials.list({ acs_system_id: sys })
      const method = existing[0]?.access_method ?? 'code'
      const user = (await seam.acs.users.create({ acs_system_id: sys, full_name: 'Credential Holder' })).acs_user_id
      const params = { acs_user_id: user, access_method: method }
      if (method === 'code') params.code = '482913'
      const cred = await seam.acs.credentials.create(params)
      assert.equal(cred.acs_user_id, user)
      assert.equal(cred.access_method, method)
      if (ctx.has('/acs/credentials/update') && method === 'code') {
        await seam.acs.credentials.update({ acs_credential_id: cred.acs_credential_id, code: '771133' })
        assert.equal((await seam.acs.credentials.get({ acs_credential_id: cred.acs_credential_id })).code, '771133')
      }
      if (ctx.has('/acs/credentials/unassign') && ctx.has('/acs/credentials/assign')) {
        await seam.acs.credentials.unassign({ acs_credential_id: cred.acs_credential_id, acs_user_id: user })
        await seam.acs.credentials.assign({ acs_credential_id: cred.acs_credential_id, acs_user_id: user })
      }
      await seam.acs.credentials.delete({ acs_credential_id: cred.acs_credential_id })
      await rejectsWith(seam.acs.credentials.get({ acs_credential_id: cred.acs_credential_id }), 'acs_credential_not_found')
      await seam.acs.users.delete({ acs_user_id: user })
    })

    test('acs.entrances.list (paginated), get, list_credentials_with_access', async (t) => {
      if (!needs(t, ctx, '/acs/entrances/list', '/acs/entrances/get')) return
      const seam = sdk()
      const all = await seam.acs.entrances.list()
      assert.ok(all.length >= 2, 'the seed has entrances')
      const flat = await seam.createPaginator(seam.acs.entrances.list({ limit: 1 })).flattenToArray()
      assert.deepEqual(ids(flat, 'acs_entrance_id'), ids(all, 'acs_entrance_id'))
      const one = await seam.acs.entrances.get({ acs_entrance_id: all[0].acs_entrance_id })
      assert.equal(one.acs_entrance_id, all[0].acs_entrance_id)
      if (ctx.has('/acs/entrances/list_credentials_with_access')) {
        const creds = await seam.acs.entrances.listCredentialsWithAccess({ acs_entrance_id: all[0].acs_entrance_id })
        assert.ok(Array.isArray(creds))
      }
    })

    test('acs.entrances.grant_access to a new user; users.list_accessible_entrances shows it', async (t) => {
      if (!needs(t, ctx, '/acs/entrances/grant_access', '/acs/entrances/list', '/acs/users/create', '/acs/users/list_accessible_entrances'))
        return
      const seam = sdk()
      const sys = await system()
      const [entrance] = await seam.acs.entrances.list({ acs_system_id: sys })
      assert.ok(entrance, 'the seeded system has an entrance')
      const user = await seam.acs.users.create({ acs_system_id: sys, full_name: 'Granted' })
      await seam.acs.entrances.grantAccess({ acs_entrance_id: entrance.acs_entrance_id, acs_user_id: user.acs_user_id })
      const reachable = await seam.acs.users.listAccessibleEntrances({ acs_user_id: user.acs_user_id })
      assert.ok(reachable.some((e) => e.acs_entrance_id === entrance.acs_entrance_id), 'the granted entrance is accessible')
      await seam.acs.users.delete({ acs_user_id: user.acs_user_id })
    })

    test('acs.entrances.unlock with a cloud key waits for its action attempt; action_attempts.get, list', async (t) => {
      if (
        !needs(t, ctx, '/acs/entrances/unlock', '/acs/entrances/list', '/acs/entrances/list_credentials_with_access',
          '/acs/credentials/create', '/acs/credentials/delete', '/acs/users/create', '/acs/users/delete', '/action_attempts/get')
      )
        return
      const seam = sdk()
      const door = (await seam.acs.entrances.list()).find((e) => e.can_unlock_with_cloud_key)
      assert.ok(door, 'a seeded entrance opens with cloud keys')
      const holder = (await seam.acs.entrances.listCredentialsWithAccess({ acs_entrance_id: door.acs_entrance_id })).find(
        (c) => c.acs_user_id,
      )
      assert.ok(holder, 'a seeded user may open it')
      const key = await seam.acs.credentials.create({ acs_user_id: holder.acs_user_id, access_method: 'cloud_key' })
      const stranger = await seam.acs.users.create({ acs_system_id: door.acs_system_id, full_name: 'No Access' })
      try {
        const target = { acs_entrance_id: door.acs_entrance_id, acs_credential_id: key.acs_credential_id }
        // The default waits: the SDK polls /action_attempts/get until success.
        const done = await seam.acs.entrances.unlock(target)
        assert.equal(done.action_type, 'UNLOCK_DOOR')
        assert.equal(done.status, 'success')
        assert.equal(done.error, null)
        const pending = await seam.acs.entrances.unlock(target, { waitForActionAttempt: false })
        const again = await seam.actionAttempts.get({ action_attempt_id: pending.action_attempt_id }, { waitForActionAttempt: false })
        assert.equal(again.action_attempt_id, pending.action_attempt_id)
        if (ctx.has('/action_attempts/list')) {
          const list = await seam.actionAttempts.list({ action_attempt_ids: [done.action_attempt_id, pending.action_attempt_id] })
          assert.equal(list.length, 2)
        }
        await rejectsWith(seam.actionAttempts.get({ action_attempt_id: '00000000-0000-4000-8000-000000000000' }), 'action_attempt_not_found')
        // Only a cloud key unlocks remotely.
        await rejectsWith(seam.acs.entrances.unlock({ ...target, acs_credential_id: holder.acs_credential_id }), 'invalid_input')
        // A key that does not open the door: the attempt fails, and the
        // SDK's wait throws its error.
        const strangerKey = await seam.acs.credentials.create({ acs_user_id: stranger.acs_user_id, access_method: 'cloud_key' })
        await assert.rejects(seam.acs.entrances.unlock({ ...target, acs_credential_id: strangerKey.acs_credential_id }), (err) => {
          assert.ok(isSeamActionAttemptFailedError(err), `got ${err}`)
          assert.equal(err.code, 'no_access_to_entrance')
          assert.equal(err.actionAttempt.status, 'error')
          return true
        })
      } finally {
        await seam.acs.credentials.delete({ acs_credential_id: key.acs_credential_id })
        await seam.acs.users.delete({ acs_user_id: stranger.acs_user_id })
      }
    })
  })
}
