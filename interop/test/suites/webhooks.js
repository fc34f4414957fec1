// Webhooks through @seamapi/http, and their deliveries checked with
// @seamapi/webhook exactly as a receiving application checks them: a
// receiver on loopback collects what lintel sends, SeamWebhook verifies the
// signature and reads the event.

import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'

import { SeamHttp } from '@seamapi/http/connect'
import { SeamWebhook, SeamWebhookVerificationError } from '@seamapi/webhook'

import { needs, rejectsWith } from './acs.js'

/** A loopback HTTP server that keeps every request it receives. */
async function startReceiver() {
  const received = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(204).end()
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/seam-events`,
    received,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

export function webhooksSuite(ctx) {
  const sdk = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

  describe('webhooks through @seamapi/http and @seamapi/webhook', () => {
    test('webhooks.create, get, list, update, delete', async (t) => {
      if (!needs(t, ctx, '/webhooks/create', '/webhooks/get', '/webhooks/list', '/webhooks/delete')) return
      const seam = sdk()
      const hook = await seam.webhooks.create({ url: 'http://127.0.0.1:9/nowhere', event_types: ['acs_user.created'] })
      assert.match(hook.secret, /^whsec_/)
      assert.deepEqual(hook.event_types, ['acs_user.created'])
      assert.equal((await seam.webhooks.get({ webhook_id: hook.webhook_id })).url, 'http://127.0.0.1:9/nowhere')
      assert.ok((await seam.webhooks.list()).some((w) => w.webhook_id === hook.webhook_id))
      if (ctx.has('/webhooks/update')) {
        await seam.webhooks.update({ webhook_id: hook.webhook_id, event_types: ['acs_user.deleted'] })
        assert.deepEqual((await seam.webhooks.get({ webhook_id: hook.webhook_id })).event_types, ['acs_user.deleted'])
      }
      await seam.webhooks.delete({ webhook_id: hook.webhook_id })
      await rejectsWith(seam.webhooks.get({ webhook_id: hook.webhook_id }), 'webhook_not_found')
    })

    test('a delivery verifies with SeamWebhook and carries the event', async (t) => {
      if (!needs(t, ctx, '/webhooks/create', '/webhooks/delete', '/acs/users/create', '/acs/users/list')) return
      const seam = sdk()
      const receiver = await startReceiver()
      try {
        const hook = await seam.webhooks.create({ url: receiver.url, event_types: ['acs_user.created'] })
        const [someone] = await seam.acs.users.list({ limit: 1 })
        const user = await seam.acs.users.create({ acs_system_id: someone.acs_system_id, full_name: 'Webhooked' })
        // Deliveries are asynchronous; wait a bounded while for this one.
        let delivery = null
        for (let i = 0; i < 150 && delivery == null; i++) {
          delivery = receiver.received.find((r) => r.body.includes(user.acs_user_id)) ?? null
          if (delivery == null) await sleep(100)
        }
        assert.ok(delivery, `a delivery for the new user within 15 s (${receiver.received.length} received)`)
        const event = new SeamWebhook(hook.secret).verify(delivery.body, delivery.headers)
        assert.equal(event.event_type, 'acs_user.created')
        assert.equal(event.acs_user_id, user.acs_user_id)
        assert.throws(
          () => new SeamWebhook(hook.secret).verify(delivery.body.replace('acs_user.created', 'acs_user.deleted'), delivery.headers),
          SeamWebhookVerificationError,
        )
        await seam.webhooks.delete({ webhook_id: hook.webhook_id })
        await seam.acs.users.delete({ acs_user_id: user.acs_user_id })
      } finally {
        await receiver.close()
      }
    })
  })
}
