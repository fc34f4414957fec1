// Seam's official npm clients against a real lintel: one server, one
// recording proxy in front of it, the suites in ./suites run in order, and
// last the coverage of lintel's routes by official client calls.
//
// Every response passing through the proxy is checked against the official
// schema of its route (lib/official.js); after each test the problems found
// fail that test, naming the route and the JSON path.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { after, afterEach, before, describe, test } from 'node:test'

import Ajv from 'ajv'

import { startLintel } from '../lib/lintel.js'
import { checkResponse, toJSONSchema, useOwnDocument } from '../lib/official.js'
import { Recorder } from '../lib/recorder.js'
import { accessCodesSuite } from './suites/access_codes.js'
import { accessGrantsSuite } from './suites/access_grants.js'
import { acsSuite } from './suites/acs.js'
import { bridgesSuite } from './suites/bridges.js'
import { cliSuite } from './suites/cli.js'
import { connectWebviewsSuite } from './suites/connect_webviews.js'
import { connectedAccountsSuite } from './suites/connected_accounts.js'
import { devicesSuite } from './suites/devices.js'
import { encodersSuite } from './suites/encoders.js'
import { errorsSuite } from './suites/errors.js'
import { eventsSuite } from './suites/events.js'
import { fakeRoutesSuite } from './suites/fake_routes.js'
import { noiseSensorsSuite } from './suites/noise_sensors.js'
import { openapiSuite } from './suites/openapi.js'
import { phonesSuite } from './suites/phones.js'
import { spacesSuite } from './suites/spaces.js'
import { thermostatsSuite } from './suites/thermostats.js'
import { userIdentitiesSuite } from './suites/user_identities.js'
import { webhooksSuite } from './suites/webhooks.js'
import { workspacesSuite } from './suites/workspaces.js'

// The routes lintel promises, generated from its route table and committed
// (`go generate -run TestPromisedRoutes ./internal/api`): each must be in
// lintel's /openapi.json, never answer 501, and be exercised by an official
// client — the coverage floor.
const promised = JSON.parse(readFileSync(new URL('../promised-routes.json', import.meta.url), 'utf8')).routes

/**
 * What every suite works with, filled in before the first test:
 * sdkEndpoint and cliEndpoint (the proxy's entrances), apiKey and the
 * workspaceId it acts on, pat (a personal access token reaching that
 * workspace), consoleSession (when lintel made one), seeded, implemented
 * (lintel's own paths), has(path) (true for a promised route, whatever
 * /openapi.json says: a test of a promised route never skips itself) and
 * sandbox (the seed's tokens).
 */
const ctx = {}

// The well-known sandbox credentials `lintel serve --seed` creates.
const sandbox = {
  apiKey: 'seam_apikey1_token',
  otherApiKey: 'seam_apikey2_token',
  clientSessionToken: 'seam_cst1_token',
  pat: 'seam_at1_longtoken',
  publishableKey: 'seam_pk1_token',
  bridgeClientSessionToken: 'seam_bcs1_token',
}

before(async () => {
  ctx.server = await startLintel({ seed: true })
  ctx.recorder = new Recorder(ctx.server.url)
  ctx.sdkEndpoint = await ctx.recorder.listen('sdk')
  ctx.cliEndpoint = await ctx.recorder.listen('cli')
  ctx.seeded = ctx.server.seeded
  // Pages (not API routes) a suite saw lintel serve, by path.
  ctx.pagesServed = new Set()
  ctx.sandbox = sandbox
  ctx.apiKey = sandbox.apiKey
  // lintel's own document says which routes it implements; read directly,
  // not through the proxy, so that it counts for no client.
  const res = await fetch(`${ctx.server.url}/openapi.json`)
  assert.equal(res.status, 200, 'GET /openapi.json')
  // A personal access token (the seed's well-known one) and a console
  // session, made with `lintel users create` on the server's database.
  const ws = await (await fetch(`${ctx.server.url}/workspaces/get`, { headers: { authorization: `Bearer ${ctx.apiKey}` } })).json()
  ctx.workspaceId = ws.workspace.workspace_id
  const user = await ctx.server.createConsoleUser('interop@example.com', [ctx.workspaceId])
  ctx.pat = ctx.seeded ? sandbox.pat : user.personal_access_token
  ctx.consoleSession = user.console_session_token
  const doc = await res.json()
  useOwnDocument(doc)
  ctx.implemented = Object.keys(doc.paths).sort()
  ctx.promised = promised
  ctx.has = (path) => promised.includes(path) || ctx.implemented.includes(path)
})

afterEach(() => {
  const problems = ctx.recorder.takeProblems()
  assert.deepEqual(problems, [], `responses that break the official schema:\n  ${problems.join('\n  ')}`)
})

after(async () => {
  await ctx.recorder?.close()
  await ctx.server?.stop()
})

openapiSuite(ctx)
workspacesSuite(ctx)
encodersSuite(ctx)
errorsSuite(ctx)
acsSuite(ctx)
userIdentitiesSuite(ctx)
phonesSuite(ctx)
// Before the devices suite, which removes and deletes the seeded locks.
accessCodesSuite(ctx)
accessGrantsSuite(ctx)
devicesSuite(ctx)
noiseSensorsSuite(ctx)
thermostatsSuite(ctx)
spacesSuite(ctx)
eventsSuite(ctx)
webhooksSuite(ctx)
connectWebviewsSuite(ctx)
cliSuite(ctx)
bridgesSuite(ctx)
// Last: it deletes seeded data and resets the workspace.
connectedAccountsSuite(ctx)
// After every suite: the routes of Seam's fake they exercised.
fakeRoutesSuite(ctx)

describe('the promised routes', () => {
  test('every promised route is in lintel\'s /openapi.json', () => {
    assert.ok(promised.length > 0, 'interop/promised-routes.json lists no route')
    const missing = promised.filter((p) => !ctx.implemented.includes(p))
    assert.deepEqual(missing, [], 'promised routes missing from /openapi.json')
  })

  test('no promised route answers 501', async () => {
    // Straight to lintel, not through the proxy: these calls exercise nothing.
    const stubs = []
    for (const path of promised) {
      const res = await fetch(`${ctx.server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.apiKey}`, 'content-type': 'application/json' },
        body: '{}',
      })
      const body = await res.json().catch(() => ({}))
      if (res.status === 501 || body?.error?.type === 'not_implemented') stubs.push(`${path}: ${res.status}`)
    }
    assert.deepEqual(stubs, [], 'promised routes that answer 501')
  })
})

describe('the schema check itself', () => {
  // A check that passes everything proves nothing: break bodies lintel
  // really sent and expect the route's official schema to say where.
  const sent = (path) => {
    const x = ctx.recorder.exchanges.findLast((e) => e.path === path && e.status === 200 && e.body)
    assert.ok(x, `a 200 answer of ${path} was recorded`)
    return structuredClone(x.body)
  }

  test('a missing required field and a mistyped one are named with their JSON path', () => {
    const body = sent('/workspaces/get')
    delete body.workspace.name
    body.workspace.is_sandbox = 'yes'
    assert.deepEqual(checkResponse('/workspaces/get', 200, body), [
      '/workspace/name: required field missing',
      '/workspace/is_sandbox: must be boolean',
    ])
  })

  test('a field of a listed item is named with its index', (t) => {
    const listed = ctx.recorder.exchanges.findLast((e) => e.path === '/acs/users/list' && e.body?.acs_users?.length > 0)
    if (!listed) return t.skip('no ACS user was listed')
    const body = structuredClone(listed.body)
    delete body.acs_users[0].display_name
    delete body.pagination.has_next_page
    assert.deepEqual(checkResponse('/acs/users/list', 200, body), [
      '/acs_users/0/display_name: required field missing',
      '/pagination/has_next_page: required field missing',
    ])
  })

  test('a recursive $ref is followed to any depth, not accepted as anything', () => {
    const doc = {
      components: {
        schemas: {
          tree: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/tree' } } },
          },
        },
      },
    }
    const schema = toJSONSchema(doc, { $ref: '#/components/schemas/tree' })
    const ok = { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] }
    const bad = { name: 'a', children: [{ name: 'b', children: [{ children: [] }] }] }
    const validate = new Ajv({ strict: false }).compile(schema)
    assert.equal(validate(ok), true, JSON.stringify(validate.errors))
    assert.equal(validate(bad), false, 'a nameless grandchild passes')
    assert.equal(validate.errors[0].instancePath, '/children/0/children/0')
  })

  test('a 200 whose body says "ok": false is a problem and exercises nothing', async () => {
    const r = new Recorder('http://127.0.0.1:9')
    const upstream = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'seam-request-id': 'x' })
      res.end('{"ok":false}')
    })
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    r.upstream = new URL(`http://127.0.0.1:${upstream.address().port}`)
    const entrance = await r.listen('test')
    await fetch(`${entrance}/workspaces/update`, { method: 'POST', body: '{}' })
    await r.close()
    upstream.close()
    assert.equal(r.exercised.has('/workspaces/update'), false)
    assert.match(r.takeProblems().join('\n'), /"ok": false, want true/)
  })

  test('an error envelope without a message is refused', () => {
    assert.deepEqual(checkResponse('/acs/users/get', 404, { error: { type: 'acs_user_not_found' }, ok: false }), [
      '/error/message: required field missing',
    ])
  })
})

describe('coverage', () => {
  test('every promised route is exercised by an official client', (t) => {
    const hit = ctx.recorder.exercised
    // The floor is the committed list, not /openapi.json: a route dropped
    // from the table is still counted, and missing, until the list drops it
    // in a reviewed change.
    const routes = [...new Set([...promised, ...ctx.implemented])].sort()
    const exercised = routes.filter((p) => hit.has(p))
    const missing = routes.filter((p) => !hit.has(p))
    const line = `interop coverage: ${exercised.length}/${routes.length} promised routes exercised by official clients`
    t.diagnostic(line)
    for (const p of routes) {
      const by = hit.has(p) ? [...hit.get(p)].sort().join('+') : 'NOT EXERCISED'
      t.diagnostic(`  ${p}: ${by}`)
    }
    for (const [path, fields] of [...ctx.recorder.undocumented].sort()) {
      t.diagnostic(`  note: ${path} sends fields the official schema lacks: ${[...fields].sort().join(', ')}`)
    }
    assert.deepEqual(missing, [], 'routes no official client call exercised')
  })
})
