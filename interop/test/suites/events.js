// Events through @seamapi/http: what the suites before did shows up as
// acs_user.created and acs_user.deleted, found by time window (since,
// between: dates in query strings), types (arrays) and id; events/get; and
// the window the server insists on.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp, SeamHttpInvalidInputError } from '@seamapi/http/connect'

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

    test('events.list without since or between: SeamHttpInvalidInputError', async (t) => {
      if (!needs(t, ctx, '/events/list')) return
      // The SDK itself refuses events.list with no window at all, so send
      // the request through its configured client (same headers, same
      // error interceptor).
      await assert.rejects(sdk().client.post('/events/list', { limit: 1 }), (err) => {
        assert.ok(err instanceof SeamHttpInvalidInputError, `got ${err}`)
        assert.match(err.message, /since or between/)
        return true
      })
    })
  })
}
