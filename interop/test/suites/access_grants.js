// Access grants and access methods through @seamapi/http, on the data of
// `lintel serve --seed`: a grant for a new user identity on one of Jane's
// locks and a seeded entrance that opens with a PIN, resolved into one PIN
// code method; then its methods, and its deletion.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

export function accessGrantsSuite(ctx) {
  describe('access grants and access methods through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

    test('accessGrants.create, get, list, update, requestAccessMethods, getRelated, delete; accessMethods.list, get, getRelated, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const locks = (await s.locks.list()).filter((d) => d.can_program_online_access_codes)
      const entrances = (await s.acs.entrances.list()).filter((e) => e.can_unlock_with_code)
      assert.ok(locks.length > 0 && entrances.length > 0, 'the seed has a keypad lock and an entrance that takes PINs')
      const [lock] = locks
      const [entrance] = entrances
      const endsAt = new Date(Date.now() + 48 * 3600 * 1000).toISOString()

      const grant = await s.accessGrants.create({
        user_identity: { full_name: 'Interop Guest', email_address: 'interop-guest@example.com' },
        device_ids: [lock.device_id],
        acs_entrance_ids: [entrance.acs_entrance_id],
        requested_access_methods: [{ mode: 'code' }],
        access_grant_key: 'interop-stay-1',
        ends_at: endsAt,
      })
      assert.equal(grant.access_grant_key, 'interop-stay-1')
      assert.equal(grant.ends_at, endsAt)
      assert.equal(grant.access_method_ids.length, 1)
      assert.equal(grant.requested_access_methods[0].mode, 'code')
      const sent = ctx.recorder.exchanges.findLast((x) => x.path === '/access_grants/create' && x.status === 200)
      assert.equal(sent.method, 'POST')

      const byKey = await s.accessGrants.get({ access_grant_key: 'interop-stay-1' })
      assert.equal(byKey.access_grant_id, grant.access_grant_id)
      const listed = await s.accessGrants.list({ user_identity_id: grant.user_identity_id })
      assert.deepEqual(listed.map((g) => g.access_grant_id), [grant.access_grant_id])
      const byDevice = await s.accessGrants.list({ device_id: lock.device_id })
      assert.ok(byDevice.some((g) => g.access_grant_id === grant.access_grant_id))

      const methods = await s.accessMethods.list({ access_grant_id: grant.access_grant_id })
      assert.equal(methods.length, 1)
      const [method] = methods
      assert.equal(method.mode, 'code')
      assert.equal(method.is_issued, true)
      assert.match(method.code, /^\d{4,9}$/)
      const got = await s.accessMethods.get({ access_method_id: method.access_method_id })
      assert.equal(got.code, method.code)
      // The PIN is on the lock, as an access code lintel manages.
      const codes = await s.accessCodes.list({ device_id: lock.device_id })
      assert.ok(codes.some((c) => c.code === method.code), 'the grant put its PIN on the lock')

      const events = await s.events.list({ since: '2020-01-01T00:00:00.000Z', event_types: ['access_grant.created', 'access_method.issued'] })
      assert.ok(events.some((e) => e.access_grant_id === grant.access_grant_id), 'access_grant.created was recorded')
      assert.ok(events.some((e) => e.access_method_id === method.access_method_id), 'access_method.issued was recorded')

      // Moved and renamed: the PIN stays, its code on the lock ends later.
      const later = new Date(Date.now() + 72 * 3600 * 1000).toISOString()
      await s.accessGrants.update({ access_grant_id: grant.access_grant_id, ends_at: later, name: 'Interop stay' })
      const upd = ctx.recorder.exchanges.findLast((x) => x.path === '/access_grants/update' && x.status === 200)
      assert.equal(upd.method, 'PATCH')
      const moved = await s.accessGrants.get({ access_grant_id: grant.access_grant_id })
      assert.equal(moved.ends_at, later)
      assert.equal(moved.name, 'Interop stay')
      const movedCode = (await s.accessCodes.list({ device_id: lock.device_id })).find((c) => c.code === method.code)
      assert.equal(movedCode?.ends_at, later)

      // More methods on the same places: a PIN no place lacks, so the
      // mobile key the seeded code entrance does not take is an error.
      const more = await s.accessGrants.requestAccessMethods({
        access_grant_id: grant.access_grant_id,
        requested_access_methods: [{ mode: 'mobile_key' }],
      })
      assert.equal(more.access_method_ids.length, 1)
      assert.equal(more.errors[0].error_code, 'cannot_create_requested_access_methods')

      const batch = await s.accessGrants.getRelated({ access_grant_ids: [grant.access_grant_id] })
      assert.deepEqual(batch.devices.map((d) => d.device_id), [lock.device_id])
      assert.deepEqual(batch.acs_entrances.map((e) => e.acs_entrance_id), [entrance.acs_entrance_id])
      assert.deepEqual(batch.user_identities.map((u) => u.user_identity_id), [grant.user_identity_id])
      assert.deepEqual(batch.access_methods.map((m) => m.access_method_id), [method.access_method_id])
      const methodBatch = await s.accessMethods.getRelated({ access_method_ids: [method.access_method_id] })
      assert.deepEqual(methodBatch.access_grants.map((g) => g.access_grant_id), [grant.access_grant_id])
      assert.equal(methodBatch.acs_credentials.length, 1)
      assert.equal(methodBatch.acs_credentials[0].code, method.code)

      // A second grant, whose methods are deleted on their own.
      const second = await s.accessGrants.create({
        user_identity_id: grant.user_identity_id,
        acs_entrance_ids: [entrance.acs_entrance_id],
        requested_access_methods: [{ mode: 'code', code: '739184' }],
      })
      await s.accessMethods.delete({ access_method_id: second.access_method_ids[0] })
      await rejectsWith(s.accessMethods.get({ access_method_id: second.access_method_ids[0] }), 'access_method_not_found')
      assert.deepEqual((await s.accessGrants.get({ access_grant_id: second.access_grant_id })).access_method_ids, [])
      const del = ctx.recorder.exchanges.findLast((x) => x.path.startsWith('/access_methods/delete') && x.status === 200)
      assert.equal(del.method, 'DELETE')

      await s.accessGrants.delete({ access_grant_id: grant.access_grant_id })
      await s.accessGrants.delete({ access_grant_id: second.access_grant_id })
      await rejectsWith(s.accessGrants.get({ access_grant_id: grant.access_grant_id }), 'access_grant_not_found')
      await rejectsWith(s.accessMethods.get({ access_method_id: method.access_method_id }), 'access_method_not_found')
      const after = await s.accessCodes.list({ device_id: lock.device_id })
      assert.ok(!after.some((c) => c.code === method.code), 'the PIN left the lock with the grant')

      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(other.accessGrants.get({ access_grant_key: 'interop-stay-1' }), 'access_grant_not_found')
    })

    test('a grant on a space follows it: spaces.addAcsEntrances, removeAcsEntrances; accessGrants.get, accessMethods.list', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      // Two entrances of one access system that open with a PIN.
      const entrances = (await s.acs.entrances.list()).filter((e) => e.can_unlock_with_code)
      const bySystem = new Map()
      for (const e of entrances) bySystem.set(e.acs_system_id, [...(bySystem.get(e.acs_system_id) ?? []), e])
      const pair = [...bySystem.values()].find((l) => l.length >= 2)
      assert.ok(pair, 'the seed has an access system with two entrances that take PINs')
      const [first, added] = pair

      const room = await s.spaces.create({ name: 'Interop Room 101', acs_entrance_ids: [first.acs_entrance_id] })
      const grant = await s.accessGrants.create({
        user_identity: { full_name: 'Interop Room Guest' },
        space_ids: [room.space_id],
        requested_access_methods: [{ mode: 'code' }],
      })
      const [method] = await s.accessMethods.list({ access_grant_id: grant.access_grant_id })
      assert.equal(method.is_issued, true)
      const [credential] = (await s.accessMethods.getRelated({ access_method_ids: [method.access_method_id] })).acs_credentials
      assert.ok(credential, 'the PIN is a credential on the access system')
      const opens = async (entrance) =>
        (await s.acs.entrances.listCredentialsWithAccess({ acs_entrance_id: entrance.acs_entrance_id }))
          .some((c) => c.acs_credential_id === credential.acs_credential_id)
      const doorEvents = async (type) =>
        (await s.events.list({ since: '2020-01-01T00:00:00.000Z', event_types: [type] }))
          .filter((e) => e.access_grant_id === grant.access_grant_id)
          .map((e) => e.acs_entrance_id)
      assert.equal(await opens(added), false)

      // The space gets a second entrance: the grant's PIN opens it.
      await s.spaces.addAcsEntrances({ space_id: room.space_id, acs_entrance_ids: [added.acs_entrance_id] })
      assert.equal(await opens(added), true)
      assert.ok((await doorEvents('access_grant.access_granted_to_door')).includes(added.acs_entrance_id),
        'access_grant.access_granted_to_door for the added entrance')
      const now = await s.accessGrants.get({ access_grant_id: grant.access_grant_id })
      assert.deepEqual(now.access_method_ids, [method.access_method_id])
      const reaching = await s.accessMethods.list({ acs_entrance_id: added.acs_entrance_id })
      assert.ok(reaching.some((m) => m.access_method_id === method.access_method_id), 'the method reaches the added entrance')
      const related = await s.accessGrants.getRelated({ access_grant_ids: [grant.access_grant_id] })
      assert.deepEqual(related.acs_entrances.map((e) => e.acs_entrance_id).sort(), [first.acs_entrance_id, added.acs_entrance_id].sort())

      // The first leaves the space: the PIN no longer opens it.
      await s.spaces.removeAcsEntrances({ space_id: room.space_id, acs_entrance_ids: [first.acs_entrance_id] })
      assert.equal(await opens(first), false)
      assert.equal(await opens(added), true)
      assert.deepEqual(await doorEvents('access_grant.access_to_door_lost'), [first.acs_entrance_id])

      await s.accessGrants.delete({ access_grant_id: grant.access_grant_id })
      await s.spaces.delete({ space_id: room.space_id })
    })

    test('accessGrants.unmanaged.list, get, update; accessMethods.unmanaged.list, get', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const locks = (await s.locks.list()).filter((d) => d.can_program_online_access_codes)
      const august = locks.find((d) => d.device_type === 'august_lock')
      const schlage = locks.find((d) => d.device_type === 'schlage_lock')
      assert.ok(august && schlage, 'the seed has an August and a Schlage with keypads')

      // One PIN found on two locks is one unmanaged grant, a method a lock.
      const found = []
      for (const lock of [august, schlage]) {
        found.push(await s.accessCodes.simulate.createUnmanagedAccessCode({ device_id: lock.device_id, code: '5137', name: 'Found on site' }))
      }
      const mine = (list) => list.filter((g) => g.name === 'Found on site')
      const listed = mine(await s.accessGrants.unmanaged.list())
      assert.equal(listed.length, 1)
      const [grant] = listed
      assert.equal(grant.access_method_ids.length, 2)
      assert.equal(grant.ends_at, null)
      assert.deepEqual(mine(await s.accessGrants.unmanaged.list()).map((g) => g.access_grant_id), [grant.access_grant_id])
      assert.deepEqual(await s.accessGrants.unmanaged.list({ user_identity_id: grant.workspace_id }), [])
      const got = await s.accessGrants.unmanaged.get({ access_grant_id: grant.access_grant_id })
      assert.deepEqual(got.access_method_ids, grant.access_method_ids)

      const methods = await s.accessMethods.unmanaged.list({ access_grant_id: grant.access_grant_id })
      assert.deepEqual(methods.map((m) => m.code), ['5137', '5137'])
      assert.ok(methods.every((m) => m.mode === 'code' && m.is_issued))
      const [onAugust] = await s.accessMethods.unmanaged.list({ access_grant_id: grant.access_grant_id, device_id: august.device_id })
      const method = await s.accessMethods.unmanaged.get({ access_method_id: onAugust.access_method_id })
      assert.equal(method.code, '5137')

      // Managed routes do not see it, nor it the managed ones.
      await rejectsWith(s.accessGrants.get({ access_grant_id: grant.access_grant_id }), 'access_grant_not_found')
      await rejectsWith(s.accessMethods.get({ access_method_id: method.access_method_id }), 'access_method_not_found')
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(other.accessGrants.unmanaged.get({ access_grant_id: grant.access_grant_id }), 'access_grant_not_found')

      // Converted: the same ids, managed, and the codes with them.
      await s.accessGrants.unmanaged.update({ access_grant_id: grant.access_grant_id, is_managed: true, access_grant_key: 'interop-found-1' })
      const upd = ctx.recorder.exchanges.findLast((x) => x.path === '/access_grants/unmanaged/update' && x.status === 200)
      assert.equal(upd.method, 'PATCH')
      await rejectsWith(s.accessGrants.unmanaged.get({ access_grant_id: grant.access_grant_id }), 'access_grant_not_found')
      const managed = await s.accessGrants.get({ access_grant_key: 'interop-found-1' })
      assert.equal(managed.access_grant_id, grant.access_grant_id)
      assert.deepEqual([...managed.access_method_ids].sort(), [...grant.access_method_ids].sort())
      const code = await s.accessCodes.get({ access_code_id: found[0].access_code_id })
      assert.equal(code.is_managed, true)
      await s.accessGrants.delete({ access_grant_id: grant.access_grant_id })
      await rejectsWith(s.accessCodes.get({ access_code_id: found[1].access_code_id }), 'access_code_not_found')
    })

    test('accessMethods.encode, assignCard, unlockDoor answer their action attempts', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const [encoder] = await s.acs.encoders.list()
      assert.ok(encoder, 'the seed has an encoder')
      const cardDoor = (await s.acs.entrances.list({ acs_system_id: encoder.acs_system_id })).find((e) => e.can_unlock_with_card)
      const cloudDoor = (await s.acs.entrances.list()).find((e) => e.can_unlock_with_cloud_key)
      assert.ok(cardDoor && cloudDoor, 'the seed has a card entrance by the encoder and a cloud key entrance')
      const grant = await s.accessGrants.create({
        user_identity: { full_name: 'Interop Card Guest' },
        acs_entrance_ids: [cardDoor.acs_entrance_id, cloudDoor.acs_entrance_id],
        requested_access_methods: [{ mode: 'card' }, { mode: 'card' }, { mode: 'cloud_key' }],
      })
      const methods = await s.accessMethods.list({ access_grant_id: grant.access_grant_id })
      const [toEncode, toAssign] = methods.filter((m) => m.mode === 'card')
      const cloud = methods.find((m) => m.mode === 'cloud_key')
      assert.ok(toEncode && toAssign && cloud, `methods: ${methods.map((m) => m.mode)}`)
      assert.equal(toEncode.is_encoding_required, true)
      assert.equal(toEncode.is_issued, false)

      const encoded = await s.accessMethods.encode({ access_method_id: toEncode.access_method_id, acs_encoder_id: encoder.acs_encoder_id })
      assert.equal(encoded.action_type, 'ENCODE_CREDENTIAL')
      assert.equal(encoded.status, 'success')
      assert.equal((await s.accessMethods.get({ access_method_id: toEncode.access_method_id })).is_issued, true)

      const assigned = await s.accessMethods.assignCard({ access_method_id: toAssign.access_method_id, card_number: '0042A7' })
      assert.equal(assigned.action_type, 'ASSIGN_CREDENTIAL')
      assert.equal(assigned.status, 'success')
      assert.equal(assigned.result.access_method_id, toAssign.access_method_id)

      const unlocked = await s.accessMethods.unlockDoor({ access_method_id: cloud.access_method_id, acs_entrance_id: cloudDoor.acs_entrance_id })
      assert.equal(unlocked.action_type, 'UNLOCK_DOOR')
      assert.equal(unlocked.status, 'success')

      await s.accessGrants.delete({ access_grant_id: grant.access_grant_id })
    })
  })
}
