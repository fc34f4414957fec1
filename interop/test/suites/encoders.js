// Card encoders through @seamapi/http, on the seeded Visionline hotel of
// `lintel serve --seed`, whose front desk has an encoder: encode a card,
// scan it, assign a scanned card, and the simulations of failures.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { isSeamActionAttemptFailedError, SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

async function failsWith(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.ok(isSeamActionAttemptFailedError(err), `got ${err}`)
    assert.equal(err.code, code)
    return true
  })
}

export function encodersSuite(ctx) {
  describe('acs.encoders through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

    test('encoders: list, get, encode, scan, scan to assign, simulate', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const encoders = await s.acs.encoders.list()
      assert.ok(encoders.length >= 1, 'the seeded Visionline hotel has an encoder')
      const encoder = await s.acs.encoders.get({ acs_encoder_id: encoders[0].acs_encoder_id })
      assert.equal(encoder.display_name, encoders[0].display_name)
      const bySystem = await s.acs.encoders.list({ acs_system_id: encoder.acs_system_id })
      assert.ok(bySystem.some((e) => e.acs_encoder_id === encoder.acs_encoder_id))

      const user = await s.acs.users.create({ acs_system_id: encoder.acs_system_id, full_name: 'Interop Guest' })
      const card = await s.acs.credentials.create({ acs_user_id: user.acs_user_id, access_method: 'card' })
      assert.equal(card.is_issued, false, 'a card waits for its encoder')

      await s.acs.encoders.simulate.nextCredentialEncodeWillFail({ acs_encoder_id: encoder.acs_encoder_id, error_code: 'encoding_interrupted' })
      await failsWith(s.acs.encoders.encodeCredential({ acs_encoder_id: encoder.acs_encoder_id, acs_credential_id: card.acs_credential_id }), 'encoding_interrupted')
      await s.acs.encoders.simulate.nextCredentialEncodeWillSucceed({ acs_encoder_id: encoder.acs_encoder_id })
      const encoded = await s.acs.encoders.encodeCredential({ acs_encoder_id: encoder.acs_encoder_id, acs_credential_id: card.acs_credential_id })
      assert.equal(encoded.status, 'success')
      assert.equal(encoded.result.acs_credential_id, card.acs_credential_id)
      assert.ok(encoded.result.card_number, 'the encoded card has a number')
      const after = await s.acs.credentials.get({ acs_credential_id: card.acs_credential_id })
      assert.equal(after.is_issued, true)
      assert.equal(after.card_number, encoded.result.card_number)

      const scanned = await s.acs.encoders.scanCredential({ acs_encoder_id: encoder.acs_encoder_id })
      assert.equal(scanned.result.acs_credential_on_seam.acs_credential_id, card.acs_credential_id)
      assert.equal(scanned.result.acs_credential_on_encoder.card_number, encoded.result.card_number)
      await s.acs.encoders.simulate.nextCredentialScanWillFail({ acs_encoder_id: encoder.acs_encoder_id })
      await failsWith(s.acs.encoders.scanCredential({ acs_encoder_id: encoder.acs_encoder_id }), 'no_credential_on_encoder')

      await s.acs.encoders.simulate.nextCredentialScanWillSucceed({ acs_encoder_id: encoder.acs_encoder_id, scenario: 'credential_does_not_exist_on_seam' })
      const assigned = await s.acs.encoders.scanToAssignCredential({ acs_encoder_id: encoder.acs_encoder_id, acs_user_id: user.acs_user_id })
      assert.equal(assigned.result.acs_user_id, user.acs_user_id)
      assert.equal(assigned.result.access_method, 'card')

      await rejectsWith(s.acs.encoders.get({ acs_encoder_id: '00000000-0000-4000-8000-000000000000' }), 'acs_encoder_not_found')
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(other.acs.encoders.get({ acs_encoder_id: encoder.acs_encoder_id }), 'acs_encoder_not_found')
      await s.acs.users.delete({ acs_user_id: user.acs_user_id })
    })
  })
}
