// Devices and locks through @seamapi/http, on the sandbox locks of
// `lintel serve --seed` (Jane's August and Schlage accounts). With the
// access codes suite, which runs before it, it exercises every route
// @seamapi/fake-seam-connect 1.86 serves under devices/, locks/ and
// access_codes/ (fakeRoutes; the last test checks each was).

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

// The routes @seamapi/fake-seam-connect 1.86 serves under devices/, locks/
// and access_codes/, from the list of its routes in fake-routes.json.
const fake = JSON.parse(readFileSync(new URL('../../fake-routes.json', import.meta.url), 'utf8'))
export const fakeRoutes = fake.routes.filter((path) => /^\/(devices|locks|access_codes)\//.test(path))

export function devicesSuite(ctx) {
  describe('devices and locks through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

    test('devices.list: createPaginator(...).flattenToArray() over several pages, then get', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const all = await s.devices.list()
      assert.ok(all.length >= 3, `the seeded locks: ${all.length}`)
      const types = all.map((d) => d.device_type)
      assert.ok(types.includes('august_lock') && types.includes('schlage_lock'), `device types ${types}`)
      const [first, page] = await s.createPaginator(s.devices.list({ limit: 1 })).firstPage()
      assert.equal(first.length, 1)
      assert.equal(page.hasNextPage, true)
      const flat = await s.createPaginator(s.devices.list({ limit: 1 })).flattenToArray()
      assert.deepEqual(
        flat.map((d) => d.device_id),
        all.map((d) => d.device_id),
      )
      const august = all.filter((d) => d.device_type === 'august_lock')
      assert.ok(august.length >= 2, 'Jane has two August locks')
      const byAccount = await s.devices.list({ connected_account_id: august[0].connected_account_id })
      assert.deepEqual(
        byAccount.map((d) => d.device_id),
        august.map((d) => d.device_id),
      )
      const got = await s.devices.get({ device_id: august[0].device_id })
      assert.equal(got.display_name, august[0].display_name)
      assert.equal(got.properties.model.manufacturer_display_name, 'August')
      assert.equal(typeof got.properties.locked, 'boolean')
      assert.ok(got.can_remotely_unlock)
      await rejectsWith(s.devices.get({ device_id: '00000000-0000-4000-8000-000000000000' }), 'device_not_found')
      const schlage = await s.devices.list({ manufacturer: 'schlage' })
      assert.equal(schlage.length, 1)
    })

    test('locks.list and locks.get', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const locks = await s.locks.list()
      assert.ok(locks.length >= 3, `the seeded locks: ${locks.length}`)
      const schlage = await s.locks.list({ device_types: ['schlage_lock'] })
      assert.equal(schlage.length, 1)
      const lock = await s.locks.get({ device_id: schlage[0].device_id })
      assert.equal(lock.device_id, schlage[0].device_id)
      assert.deepEqual(lock.properties.supported_code_lengths, [4, 5, 6, 7, 8])
      const empty = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      assert.deepEqual(await empty.locks.list(), [])
      await rejectsWith(empty.locks.get({ device_id: lock.device_id }), 'device_not_found')
    })

    // The seeded August front door: remote lock and unlock, a keypad.
    const frontDoor = async (s) => {
      const locks = await s.locks.list({ device_types: ['august_lock'] })
      const front = locks.find((d) => d.properties.model.has_built_in_keypad)
      assert.ok(front, 'an August lock with a keypad')
      return front
    }

    test('locks.unlockDoor and locks.lockDoor wait for their action attempts', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const front = await frontDoor(s)
      const unlocked = await s.locks.unlockDoor({ device_id: front.device_id }, { waitForActionAttempt: true })
      assert.equal(unlocked.status, 'success')
      assert.equal(unlocked.action_type, 'UNLOCK_DOOR')
      assert.equal((await s.locks.get({ device_id: front.device_id })).properties.locked, false)
      const locked = await s.locks.lockDoor({ device_id: front.device_id }, { waitForActionAttempt: true })
      assert.equal(locked.status, 'success')
      assert.equal(locked.action_type, 'LOCK_DOOR')
      assert.equal((await s.locks.get({ device_id: front.device_id })).properties.locked, true)
      const events = await s.events.list({ device_id: front.device_id, event_types: ['lock.locked', 'lock.unlocked'], since: '2000-01-01T00:00:00Z' })
      const byAttempt = Object.fromEntries(events.map((e) => [e.action_attempt_id, e]))
      assert.equal(byAttempt[unlocked.action_attempt_id]?.event_type, 'lock.unlocked')
      assert.equal(byAttempt[locked.action_attempt_id]?.event_type, 'lock.locked')
      assert.equal(byAttempt[locked.action_attempt_id]?.method, 'remote')
      const attempts = await s.actionAttempts.list({ action_attempt_ids: [unlocked.action_attempt_id, locked.action_attempt_id] })
      assert.deepEqual(attempts.map((a) => a.status), ['success', 'success'])
      // The keypad: a manual lock, then a code that is not on the lock.
      const manual = await s.locks.simulate.manualLockViaKeypad({ device_id: front.device_id }, { waitForActionAttempt: true })
      assert.equal(manual.status, 'success')
      const entry = await s.locks.simulate.keypadCodeEntry({ device_id: front.device_id, code: '0000' }, { waitForActionAttempt: true })
      assert.equal(entry.status, 'success')
      assert.equal((await s.locks.get({ device_id: front.device_id })).properties.locked, true)
      // Auto-lock, then off again.
      const auto = await s.locks.configureAutoLock(
        { device_id: front.device_id, auto_lock_enabled: true, auto_lock_delay_seconds: 30 },
        { waitForActionAttempt: true },
      )
      assert.equal(auto.status, 'success')
      const configured = await s.locks.get({ device_id: front.device_id })
      assert.equal(configured.properties.auto_lock_enabled, true)
      assert.equal(configured.properties.auto_lock_delay_seconds, 30)
      await s.locks.configureAutoLock({ device_id: front.device_id, auto_lock_enabled: false }, { waitForActionAttempt: true })
      assert.equal((await s.locks.get({ device_id: front.device_id })).properties.auto_lock_enabled, false)
    })

    test('devices.update, devices.unmanaged.* and devices.listDeviceProviders', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const front = await frontDoor(s)
      await s.devices.update({ device_id: front.device_id, name: 'Porch', custom_metadata: { unit: '12' } })
      assert.equal((await s.devices.get({ device_id: front.device_id })).display_name, 'Porch')
      const tagged = await s.devices.list({ custom_metadata_has: { unit: '12' } })
      assert.deepEqual(tagged.map((d) => d.device_id), [front.device_id])
      await s.devices.update({ device_id: front.device_id, name: null, custom_metadata: { unit: null } })
      const back = await s.devices.get({ device_id: front.device_id })
      assert.equal(back.display_name, front.display_name)
      assert.deepEqual(back.custom_metadata, {})

      await s.devices.update({ device_id: front.device_id, is_managed: false })
      await rejectsWith(s.devices.get({ device_id: front.device_id }), 'device_not_found')
      const unmanaged = await s.devices.unmanaged.list()
      assert.deepEqual(unmanaged.map((d) => d.device_id), [front.device_id])
      assert.equal((await s.devices.unmanaged.get({ device_id: front.device_id })).is_managed, false)
      await s.devices.unmanaged.update({ device_id: front.device_id, is_managed: true })
      assert.equal((await s.devices.get({ device_id: front.device_id })).is_managed, true)
      assert.deepEqual(await s.devices.unmanaged.list(), [])

      const providers = await s.devices.listDeviceProviders({ provider_category: 'consumer_smartlocks' })
      const august = providers.find((p) => p.device_provider_name === 'august')
      assert.ok(august && august.can_remotely_unlock, 'August among the smart lock providers')
      assert.ok(!providers.some((p) => p.device_provider_name === 'salto_ks'), 'no access system among smart locks')
    })

    test('devices.reportProviderMetadata: a Schlage lock\'s time zone', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const [schlage] = await s.locks.list({ device_types: ['schlage_lock'] })
      await s.devices.reportProviderMetadata({
        devices: [{ device_id: schlage.device_id, schlage_metadata: { time_zone: 'Europe/Paris' } }],
      })
      assert.equal((await s.devices.get({ device_id: schlage.device_id })).location?.time_zone, 'Europe/Paris')
      const front = await frontDoor(s)
      await assert.rejects(
        s.devices.reportProviderMetadata({ devices: [{ device_id: front.device_id, schlage_metadata: { time_zone: 'UTC' } }] }),
        (err) => {
          assert.equal(err.code, 'invalid_input', `got ${err}`)
          return true
        },
      )
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(
        other.devices.reportProviderMetadata({ devices: [{ device_id: schlage.device_id, schlage_metadata: { time_zone: 'UTC' } }] }),
        'device_not_found',
      )
    })

    test('devices.simulate.*, then devices.delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const front = await frontDoor(s)
      await s.devices.simulate.disconnect({ device_id: front.device_id })
      const offline = await s.devices.get({ device_id: front.device_id })
      assert.equal(offline.properties.online, false)
      assert.ok(offline.errors.some((e) => e.error_code === 'device_disconnected'), JSON.stringify(offline.errors))
      await assert.rejects(s.locks.unlockDoor({ device_id: front.device_id }, { waitForActionAttempt: true }), (err) => {
        assert.equal(err.code, 'device_offline', `got ${err}`)
        return true
      })
      await s.devices.simulate.connect({ device_id: front.device_id })
      assert.equal((await s.devices.get({ device_id: front.device_id })).properties.online, true)

      await s.devices.simulate.paidSubscription({ device_id: front.device_id, is_expired: true })
      const expired = await s.devices.get({ device_id: front.device_id })
      assert.ok(expired.errors.some((e) => e.error_code === 'subscription_required'), JSON.stringify(expired.errors))
      await s.devices.simulate.paidSubscription({ device_id: front.device_id, is_expired: false })
      assert.deepEqual((await s.devices.get({ device_id: front.device_id })).errors, [])
      // An August reaches its provider through its Connect bridge.
      await s.devices.simulate.disconnectFromHub({ device_id: front.device_id })
      const hubless = await s.devices.get({ device_id: front.device_id })
      assert.equal(hubless.properties.online, false)
      assert.ok(hubless.errors.some((e) => e.error_code === 'hub_disconnected'), JSON.stringify(hubless.errors))
      await s.devices.simulate.connectToHub({ device_id: front.device_id })
      assert.equal((await s.devices.get({ device_id: front.device_id })).properties.online, true)

      // Last: these take seeded locks away.
      const [schlage] = await s.locks.list({ device_types: ['schlage_lock'] })
      await s.devices.simulate.remove({ device_id: schlage.device_id })
      await rejectsWith(s.devices.get({ device_id: schlage.device_id }), 'device_not_found')
      const removed = await s.events.list({ device_id: schlage.device_id, event_type: 'device.removed', since: '2000-01-01T00:00:00Z' })
      assert.equal(removed.length, 1)
      // @seamapi/http has no method for devices/delete: its raw client.
      await s.client.post('/devices/delete', { device_id: front.device_id })
      await rejectsWith(s.devices.get({ device_id: front.device_id }), 'device_not_found')
    })

    test('every devices/, locks/ and access_codes/ route of @seamapi/fake-seam-connect 1.86 passed through @seamapi/http', (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const missing = fakeRoutes.filter((path) => !ctx.recorder.exercised.get(path)?.has('sdk'))
      assert.deepEqual(missing, [], 'fake-seam-connect 1.86 routes no @seamapi/http call exercised')
    })
  })
}
