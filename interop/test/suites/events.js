// Events through @seamapi/http: what the suites before did shows up as
// acs_user.created and acs_user.deleted, found by time window, type and id.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { needs } from './acs.js'

export function eventsSuite(ctx) {
  const sdk = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

  describe('events through @seamapi/http', () => {
    test('events.list since, between with event_types; events.get', async (t) => {
      if (!needs(t, ctx, '/events/list', '/acs/users/create', '/acs/users/delete')) return
      const seam = sdk()
      const since = new Date(Date.now() - 60_000)
      const [someone] = await seam.acs.users.list({ limit: 1 })
      const user = await seam.acs.users.create({ acs_system_id: someone.acs_system_id, full_name: 'Evented' })
      await seam.acs.users.delete({ acs_user_id: user.acs_user_id })

      const recent = await seam.events.list({ since })
      assert.ok(recent.length >= 2, `events since a minute ago (${recent.length})`)
      const mine = await seam.events.list({
        between: [since, new Date(Date.now() + 60_000)],
        event_types: ['acs_user.created', 'acs_user.deleted'],
        acs_user_id: user.acs_user_id,
      })
      assert.deepEqual(mine.map((e) => e.event_type).sort(), ['acs_user.created', 'acs_user.deleted'])
      assert.ok(mine.every((e) => e.acs_user_id === user.acs_user_id))
      const limited = await seam.events.list({ since, limit: 1 })
      assert.equal(limited.length, 1)

      if (ctx.has('/events/get')) {
        const one = await seam.events.get({ event_id: mine[0].event_id })
        assert.equal(one.event_id, mine[0].event_id)
      }
    })
  })
}
