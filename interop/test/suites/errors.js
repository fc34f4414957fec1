// The error classes of @seamapi/http, raised by lintel's answers: the SDK
// builds them from the status, the JSON envelope and the seam-request-id
// header, so each case checks all three.

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, test } from 'node:test'

import {
  SeamHttp,
  SeamHttpApiError,
  SeamHttpInvalidInputError,
  SeamHttpUnauthorizedError,
} from '@seamapi/http/connect'

export function errorsSuite(ctx) {
  const sdk = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

  describe('errors through @seamapi/http', () => {
    test('an unknown API key: SeamHttpUnauthorizedError', async () => {
      const seam = new SeamHttp({ apiKey: 'seam_interop_notakey', endpoint: ctx.sdkEndpoint })
      await assert.rejects(seam.workspaces.get(), (err) => {
        assert.ok(err instanceof SeamHttpUnauthorizedError, `got ${err}`)
        assert.equal(err.code, 'unauthorized')
        assert.equal(err.statusCode, 401)
        assert.ok(err.requestId, 'request id from the seam-request-id header')
        return true
      })
    })

    test('an unknown ACS user: SeamHttpApiError acs_user_not_found', async (t) => {
      if (!ctx.has('/acs/users/get')) return t.skip('lintel has no /acs/users/get yet')
      await assert.rejects(sdk().acs.users.get({ acs_user_id: randomUUID() }), (err) => {
        assert.ok(err instanceof SeamHttpApiError, `got ${err}`)
        assert.ok(!(err instanceof SeamHttpInvalidInputError))
        assert.equal(err.code, 'acs_user_not_found')
        assert.equal(err.statusCode, 404)
        assert.ok(err.requestId, 'request id from the seam-request-id header')
        assert.ok(err.message.length > 0)
        return true
      })
    })

    test('invalid parameters: SeamHttpInvalidInputError with validationErrors', async (t) => {
      if (!ctx.has('/acs/users/create')) return t.skip('lintel has no /acs/users/create yet')
      // Both parameters wrong: one not a UUID, one not a string. The SDK
      // checks only that required parameters are present.
      await assert.rejects(sdk().acs.users.create({ acs_system_id: 'not-a-uuid', full_name: 42 }), (err) => {
        assert.ok(err instanceof SeamHttpInvalidInputError, `got ${err}`)
        assert.equal(err.code, 'invalid_input')
        assert.equal(err.statusCode, 400)
        assert.ok(err.requestId)
        const names = err.validationErrors.map((v) => v.parameterName).sort()
        assert.deepEqual(names, ['acs_system_id', 'full_name'])
        for (const v of err.validationErrors) assert.ok(v.errorMessages.length > 0, v.parameterName)
        assert.ok(err.getValidationErrorMessages('full_name').length > 0)
        return true
      })
    })
  })
}
