// Phones through @seamapi/http: a simulated phone for a user identity with
// a mobile key, and the lost-phone process (phones.deactivate revokes the
// mobile keys the phone carried).

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

export function phonesSuite(ctx) {
  describe('phones through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

    test('phones.simulate.createSandboxPhone, list, get, then deactivate the lost phone', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const since = new Date(Date.now() - 1000).toISOString()
      const ident = await s.userIdentities.create({ email_address: `phone-${randomUUID()}@example.com` })
      const [system] = await s.acs.systems.list()
      const key = await s.acs.credentials.create({
        user_identity_id: ident.user_identity_id,
        acs_system_id: system.acs_system_id,
        access_method: 'mobile_key',
      })

      const phone = await s.phones.simulate.createSandboxPhone({
        user_identity_id: ident.user_identity_id,
        phone_metadata: { operating_system: 'ios', device_model: 'iPhone 15', device_manufacturer: 'Apple' },
      })
      assert.equal(phone.device_type, 'ios_phone')
      assert.equal(phone.display_name, 'iPhone 15')
      const android = await s.phones.simulate.createSandboxPhone({ user_identity_id: ident.user_identity_id })
      assert.equal(android.device_type, 'android_phone')
      await rejectsWith(
        s.phones.simulate.createSandboxPhone({ user_identity_id: '00000000-0000-4000-8000-000000000000' }),
        'user_identity_not_found',
      )

      const owned = await s.phones.list({ owner_user_identity_id: ident.user_identity_id })
      assert.deepEqual(
        owned.map((p) => p.device_id),
        [phone.device_id, android.device_id],
      )
      const carrying = await s.phones.list({ acs_credential_id: key.acs_credential_id })
      assert.deepEqual(
        carrying.map((p) => p.device_id),
        [phone.device_id, android.device_id],
      )
      const got = await s.phones.get({ device_id: phone.device_id })
      assert.equal(got.device_id, phone.device_id)
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(other.phones.get({ device_id: phone.device_id }), 'phone_not_found')

      await s.phones.deactivate({ device_id: phone.device_id })
      const sent = ctx.recorder.exchanges.findLast((e) => e.path === '/phones/deactivate')
      assert.equal(sent.method, 'DELETE')
      assert.equal(sent.query.get('device_id'), phone.device_id)
      await rejectsWith(s.phones.get({ device_id: phone.device_id }), 'phone_not_found')
      await rejectsWith(s.acs.credentials.get({ acs_credential_id: key.acs_credential_id }), 'acs_credential_not_found')
      await rejectsWith(s.phones.deactivate({ device_id: phone.device_id }), 'phone_not_found')
      const left = await s.phones.list({ owner_user_identity_id: ident.user_identity_id })
      assert.deepEqual(
        left.map((p) => p.device_id),
        [android.device_id],
      )
      const events = await s.events.list({ since, event_types: ['phone.deactivated', 'acs_credential.invalidated'] })
      assert.ok(events.some((e) => e.event_type === 'phone.deactivated' && e.device_id === phone.device_id))
      assert.ok(events.some((e) => e.event_type === 'acs_credential.invalidated' && e.acs_credential_id === key.acs_credential_id))
    })
  })
}
