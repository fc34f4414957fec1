// Devices and locks through @seamapi/http, on the sandbox locks of
// `lintel serve --seed` (Jane's August and Schlage accounts).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

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
  })
}
