// Spaces through @seamapi/http, on the data of `lintel serve --seed`:
// a space made of a seeded entrance and one of Jane's locks.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

export function spacesSuite(ctx) {
  describe('spaces through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

    test('spaces: create, get, list, update, add and remove, get_related, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const [entrance, entrance2] = await s.acs.entrances.list({ limit: 2 })
      const [device, device2] = await s.devices.list({ limit: 2 })
      assert.ok(entrance && entrance2 && device && device2, 'the seed has entrances and devices')

      const space = await s.spaces.create({
        name: 'Unit 12',
        space_key: 'interop-unit-12',
        acs_entrance_ids: [entrance.acs_entrance_id],
        device_ids: [device.device_id],
        customer_data: { default_checkin_time: '15:00' },
      })
      assert.equal(space.name, 'Unit 12')
      assert.equal(space.device_count, 1)
      assert.equal(space.acs_entrance_count, 1)
      const byKey = await s.spaces.get({ space_key: 'interop-unit-12' })
      assert.equal(byKey.space_id, space.space_id)
      const got = await s.spaces.get({ space_id: space.space_id })
      assert.equal(got.customer_data.default_checkin_time, '15:00')

      // Each call below goes by the SDK's own method (PUT, DELETE, PATCH).
      await s.spaces.addDevices({ space_id: space.space_id, device_ids: [device2.device_id] })
      await s.spaces.addAcsEntrances({ space_id: space.space_id, acs_entrance_ids: [entrance2.acs_entrance_id] })
      await s.spaces.addConnectedAccount({ space_id: space.space_id, connected_account_id: device.connected_account_id })
      let now = await s.spaces.get({ space_id: space.space_id })
      assert.equal(now.device_count, 2)
      assert.equal(now.acs_entrance_count, 2)
      const byAccount = await s.spaces.list({ connected_account_id: device.connected_account_id })
      assert.deepEqual(byAccount.map((x) => x.space_id), [space.space_id])
      await s.spaces.removeDevices({ space_id: space.space_id, device_ids: [device.device_id] })
      await s.spaces.removeAcsEntrances({ space_id: space.space_id, acs_entrance_ids: [entrance.acs_entrance_id] })
      await s.spaces.removeConnectedAccount({ space_id: space.space_id, connected_account_id: device.connected_account_id })
      assert.deepEqual(await s.spaces.list({ connected_account_id: device.connected_account_id }), [])

      const floor = await s.spaces.create({ name: 'Floor 1' })
      const updated = await s.spaces.update({ space_id: space.space_id, name: 'Unit 12B', parent_space_id: floor.space_id })
      assert.equal(updated.name, 'Unit 12B')
      assert.equal(updated.parent_space_id, floor.space_id)
      const children = await s.spaces.list({ parent_space_id: floor.space_id })
      assert.deepEqual(children.map((x) => x.space_id), [space.space_id])

      const batch = await s.spaces.getRelated({ space_ids: [space.space_id] })
      assert.deepEqual(batch.spaces.map((x) => x.space_id), [space.space_id])
      assert.deepEqual(batch.devices.map((x) => x.device_id), [device2.device_id])
      assert.deepEqual(batch.acs_entrances.map((x) => x.acs_entrance_id), [entrance2.acs_entrance_id])
      assert.deepEqual(batch.acs_systems.map((x) => x.acs_system_id), [entrance2.acs_system_id])
      const onlyDevices = await s.spaces.getRelated({ space_keys: ['interop-unit-12'], include: ['devices'] })
      assert.deepEqual(Object.keys(onlyDevices), ['devices'])

      const events = await s.events.list({ since: '2020-01-01T00:00:00.000Z', event_types: ['space.created'] })
      assert.ok(events.some((e) => e.space_id === space.space_id), 'space.created was recorded')

      await s.spaces.delete({ space_id: space.space_id })
      await s.spaces.delete({ space_id: floor.space_id })
      await rejectsWith(s.spaces.get({ space_id: space.space_id }), 'space_not_found')
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(other.spaces.get({ space_key: 'interop-unit-12' }), 'space_not_found')
    })
  })
}
