// Connect Webviews through @seamapi/http: created, read, listed and
// deleted by the SDK (the recording proxy checks every body against the
// official schema), the page its url opens served by lintel itself, and a
// client session that sees only its own webviews.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { needs, rejectsWith } from './acs.js'

/** Decodes the HTML escapes html/template writes in attributes. */
const unescape = (s) => s.replaceAll('&amp;', '&').replaceAll('&#43;', '+').replaceAll('&#34;', '"').replaceAll('&#39;', "'")

const routes = ['/connect_webviews/create', '/connect_webviews/get', '/connect_webviews/list', '/connect_webviews/delete']

export function connectWebviewsSuite(ctx) {
  const sdk = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

  describe('Connect Webviews through @seamapi/http', () => {
    test('connectWebviews.create, get, list, delete', async (t) => {
      if (!needs(t, ctx, ...routes)) return
      const seam = sdk()
      const tag = `interop-${Date.now()}`
      const cw = await seam.connectWebviews.create({
        accepted_providers: ['august', 'salto_ks'],
        custom_redirect_url: 'https://example.com/connected',
        custom_redirect_failure_url: 'https://example.com/failed',
        custom_metadata: { tag, vip: true },
        automatically_manage_new_devices: false,
        wait_for_device_creation: true,
      })
      assert.equal(cw.status, 'pending')
      assert.equal(cw.login_successful, false)
      assert.equal(cw.connected_account_id, null)
      assert.deepEqual(cw.accepted_providers, ['august', 'salto_ks'])
      assert.deepEqual(cw.custom_metadata, { tag, vip: true })
      const url = new URL(cw.url)
      assert.equal(url.searchParams.get('connect_webview_id'), cw.connect_webview_id)
      assert.ok(url.searchParams.get('auth_token').length >= 40, 'the url carries an auth token')

      const got = await seam.connectWebviews.get({ connect_webview_id: cw.connect_webview_id })
      assert.equal(got.url, cw.url)

      // list goes by GET: custom_metadata_has travels as dotted query keys.
      const byTag = await seam.connectWebviews.list({ custom_metadata_has: { tag } })
      assert.deepEqual(byTag.map((w) => w.connect_webview_id), [cw.connect_webview_id])
      assert.deepEqual(await seam.connectWebviews.list({ custom_metadata_has: { tag: 'nope' } }), [])
      const all = await seam.connectWebviews.list({ limit: 100 })
      assert.ok(all.some((w) => w.connect_webview_id === cw.connect_webview_id))

      // The page the url opens is lintel's own, plain HTML.
      const page = await fetch(cw.url)
      assert.equal(page.status, 200)
      assert.match(page.headers.get('content-type'), /^text\/html/)
      const html = await page.text()
      assert.match(html, /<button type="submit" name="provider" value="august"/)
      assert.equal(page.headers.get('access-control-allow-origin'), null)
      ctx.pagesServed.add(url.pathname)

      await seam.connectWebviews.delete({ connect_webview_id: cw.connect_webview_id })
      await rejectsWith(seam.connectWebviews.get({ connect_webview_id: cw.connect_webview_id }), 'connect_webview_not_found')
      assert.equal((await fetch(cw.url)).status, 404, 'the url of a deleted webview stops working')
    })

    test('signing in on the page connects the account the SDK then reads', async (t) => {
      if (!needs(t, ctx, ...routes, '/connected_accounts/get')) return
      const seam = sdk()
      const cw = await seam.connectWebviews.create({ accepted_providers: ['schlage'], custom_metadata: { flat: '12b' } })
      // Each step is a plain HTML form: post it back with its hidden fields.
      const submit = async (html, base, fields) => {
        const action = new URL(unescape(html.match(/<form method="post" action="([^"]*)"/)[1]), base)
        const form = new URLSearchParams()
        for (const [, name, value] of html.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g)) {
          form.set(name, unescape(value))
        }
        for (const [k, v] of Object.entries(fields)) form.set(k, v)
        const res = await fetch(action, { method: 'POST', body: form })
        assert.equal(res.status, 200, `POST ${action.pathname}`)
        return res.text()
      }
      let html = await (await fetch(cw.url)).text()
      html = await submit(html, cw.url, { provider: 'schlage' })
      assert.match(html, /type="password"/)
      html = await submit(html, cw.url, { email: 'john@example.com', password: '1234' })
      assert.match(html, /Account connected/)

      const done = await seam.connectWebviews.get({ connect_webview_id: cw.connect_webview_id })
      assert.equal(done.status, 'authorized')
      assert.equal(done.login_successful, true)
      assert.equal(done.selected_provider, 'schlage')
      const account = await seam.connectedAccounts.get({ connected_account_id: done.connected_account_id })
      assert.equal(account.account_type, 'schlage')
      assert.deepEqual(account.custom_metadata, { flat: '12b' })
    })

    test('connectWebviews: bad input and another workspace', async (t) => {
      if (!needs(t, ctx, ...routes)) return
      const seam = sdk()
      await rejectsWith(seam.connectWebviews.create({ accepted_providers: ['hotek'] }), 'invalid_input')
      await rejectsWith(seam.connectWebviews.create({ custom_redirect_url: 'not a url' }), 'invalid_input')
      const cw = await seam.connectWebviews.create({})
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(other.connectWebviews.get({ connect_webview_id: cw.connect_webview_id }), 'connect_webview_not_found')
      await rejectsWith(other.connectWebviews.delete({ connect_webview_id: cw.connect_webview_id }), 'connect_webview_not_found')
      assert.ok(!(await other.connectWebviews.list()).some((w) => w.connect_webview_id === cw.connect_webview_id))
      await seam.connectWebviews.delete({ connect_webview_id: cw.connect_webview_id })
    })

    test('connectWebviews through a client session: its own only', async (t) => {
      if (!needs(t, ctx, ...routes, '/client_sessions/create')) return
      const seam = sdk()
      const key = `interop-cw-${Date.now()}`
      const cs = await seam.clientSessions.create({ user_identifier_key: key })
      const scoped = SeamHttp.fromClientSessionToken(cs.token, { endpoint: ctx.sdkEndpoint })
      const mine = await scoped.connectWebviews.create({ accepted_providers: ['schlage'] })
      const theirs = await seam.connectWebviews.create({ accepted_providers: ['schlage'] })
      assert.deepEqual((await scoped.connectWebviews.list()).map((w) => w.connect_webview_id), [mine.connect_webview_id])
      assert.equal((await scoped.connectWebviews.get({ connect_webview_id: mine.connect_webview_id })).url, mine.url)
      await rejectsWith(scoped.connectWebviews.get({ connect_webview_id: theirs.connect_webview_id }), 'connect_webview_not_found')
      assert.deepEqual((await seam.connectWebviews.list({ user_identifier_key: key })).map((w) => w.connect_webview_id),
        [mine.connect_webview_id])
      assert.deepEqual((await seam.clientSessions.get({ client_session_id: cs.client_session_id })).connect_webview_ids,
        [mine.connect_webview_id])
    })
  })
}
