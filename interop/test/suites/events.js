// The event log through @seamapi/http: events/list with since, between and
// type filters (query strings of arrays and dates), and events/get.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp, SeamHttpInvalidInputError } from '@seamapi/http/connect'

export function eventsSuite(ctx) {
  describe('events through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

    test('events.list since and between, filtered by type; events.get', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const since = new Date(Date.now() - 3600_000)
      const all = await seam().events.list({ since: since.toISOString() })
      assert.ok(all.length >= 1, 'the deletions of the identity suite left events')
      const deleted = await seam().events.list({
        between: [since, new Date(Date.now() + 3600_000)],
        event_types: ['acs_user.deleted', 'acs_credential.deleted'],
        limit: 100,
      })
      assert.ok(deleted.length >= 1)
      assert.ok(deleted.every((e) => e.event_type === 'acs_user.deleted' || e.event_type === 'acs_credential.deleted'))
      if (ctx.deletedAcsUserId) {
        const mine = await seam().events.list({ since, acs_user_id: ctx.deletedAcsUserId })
        assert.ok(mine.some((e) => e.event_type === 'acs_user.deleted'), 'acs_user.deleted of the deleted identity user')
      }
      const one = await seam().events.get({ event_id: deleted[0].event_id })
      assert.equal(one.event_id, deleted[0].event_id)
    })

    test('events.list without since or between: SeamHttpInvalidInputError', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      // The SDK itself refuses events.list with no window at all, so send
      // the request through its configured client (same headers, same
      // error interceptor).
      await assert.rejects(seam().client.post('/events/list', { limit: 1 }), (err) => {
        assert.ok(err instanceof SeamHttpInvalidInputError, `got ${err}`)
        assert.match(err.message, /since or between/)
        return true
      })
    })
  })
}
