// Every public route of Seam's fake server, @seamapi/fake-seam-connect
// (listed from the package in fake-routes.json by tools/fake-routes.js):
// lintel serves each one and an official client exercised it in this run,
// its answer checked against the official schema of its route. A suite
// written against the fake can move to lintel route for route.
//
// Registered after every other suite: it reads what they exercised.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'

const fake = JSON.parse(readFileSync(new URL('../../fake-routes.json', import.meta.url), 'utf8'))

// Routes of the fake that are pages, not API routes: not in /openapi.json,
// and opened by a browser rather than an SDK. The test requires that a
// suite saw lintel serve the page (ctx.pagesServed).
const pages = {
  // The fake answers a "Not implemented" stub; lintel serves the real
  // sign-in page a webview's url opens (connect_webviews suite).
  '/connect_webviews/view': 'the Connect Webview page',
}

export function fakeRoutesSuite(ctx) {
  describe(`every public route of ${fake.package} ${fake.version}`, () => {
    test('the list is of the pinned fake and not empty', () => {
      assert.equal(fake.package, '@seamapi/fake-seam-connect')
      assert.match(fake.version, /^1\.86\./)
      assert.ok(fake.routes.length > 50, `only ${fake.routes.length} routes listed`)
      for (const p of Object.keys(pages)) assert.ok(fake.routes.includes(p), `page ${p} is not a route of the fake`)
    })

    test('lintel serves every one of them', () => {
      const missing = fake.routes.filter((p) => !(p in pages) && !ctx.implemented.includes(p))
      assert.deepEqual(missing, [], 'routes of the fake missing from lintel\'s /openapi.json')
    })

    test('an official client exercised every one of them in this run', (t) => {
      const hit = ctx.recorder.exercised
      const notExercised = fake.routes.filter((p) => !(p in pages) && !hit.has(p))
      const pagesNotServed = Object.keys(pages).filter((p) => !ctx.pagesServed.has(p))
      for (const p of fake.routes) {
        const by = p in pages ? (ctx.pagesServed.has(p) ? 'page served' : 'PAGE NOT SERVED')
          : hit.has(p) ? [...hit.get(p)].sort().join('+') : 'NOT EXERCISED'
        t.diagnostic(`  ${p}: ${by}`)
      }
      const covered = fake.routes.length - notExercised.length - pagesNotServed.length
      t.diagnostic(`fake coverage: ${covered}/${fake.routes.length} routes of ${fake.package} ${fake.version} answered by lintel to an official client`)
      assert.deepEqual(notExercised, [], 'routes of the fake no official client exercised')
      assert.deepEqual(pagesNotServed, [], 'pages of the fake lintel was not seen serving')
    })
  })
}
