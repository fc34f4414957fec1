// lintel's /openapi.json as Seam's tooling reads it: loaded by
// @seamapi/blueprint exactly as the CLI's --remote-schema loads it, and
// compared with the official document route by route.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { createBlueprint } from '@seamapi/blueprint'
import { getOpenapiSchema } from '@seamapi/http/connect'

import { openapi as official } from '../../lib/official.js'

export function openapiSuite(ctx) {
  describe('/openapi.json', () => {
    test('@seamapi/blueprint loads it as the CLI does', async () => {
      const doc = await getOpenapiSchema(ctx.sdkEndpoint)
      const blueprint = await createBlueprint({ openapi: doc }, { omitUndocumented: true })
      const endpoints = blueprint.routes.flatMap((r) => r.endpoints.map((e) => e.path)).sort()
      // The routes under /seam/ are for Seam's own clients (the Seam Bridge
      // client): undocumented, as Seam's loader requires, so it omits them,
      // as it omits them from the official document.
      assert.deepEqual(endpoints, ctx.implemented.filter((p) => !p.startsWith('/seam/')))
    })

    test('every Seam route lintel serves has the official methods and response key', async () => {
      const doc = await getOpenapiSchema(ctx.sdkEndpoint)
      const problems = []
      for (const [path, item] of Object.entries(doc.paths)) {
        const theirs = official.paths[path]
        if (theirs == null) continue // lintel's own route (/health)
        const methods = (x) => Object.keys(x).sort().join(',')
        if (methods(item) !== methods(theirs)) problems.push(`${path}: methods ${methods(item)}, official ${methods(theirs)}`)
        const key = (x) => (x.post ?? Object.values(x)[0])['x-response-key'] ?? null
        if (key(item) !== key(theirs)) problems.push(`${path}: response key ${key(item)}, official ${key(theirs)}`)
      }
      assert.deepEqual(problems, [])
    })
  })
}
