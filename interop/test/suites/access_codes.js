// Access codes through @seamapi/http and the seam CLI, on the sandbox
// locks of `lintel serve --seed` (Jane's August and Schlage accounts).
// Covers every access_codes route lintel serves, which includes every one
// @seamapi/fake-seam-connect 1.86 serves (create, create_multiple, delete,
// generate_code, get, list, pull_backup_access_code,
// simulate/create_unmanaged_access_code, unmanaged/list, unmanaged/update,
// update).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { runSeamCli } from '../../lib/cli.js'
import { rejectsWith } from './acs.js'

export function accessCodesSuite(ctx) {
  describe('access codes through @seamapi/http and the seam CLI', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })
    const cli = (...args) => runSeamCli(args, { endpoint: ctx.cliEndpoint, token: ctx.apiKey })

    /** The seeded locks that take PIN codes: an August and a Schlage. */
    const keypads = async (s) => {
      const locks = await s.locks.list()
      const withCodes = locks.filter((d) => d.can_program_online_access_codes)
      const august = withCodes.find((d) => d.device_type === 'august_lock')
      const schlage = withCodes.find((d) => d.device_type === 'schlage_lock')
      assert.ok(august && schlage, `seeded locks with keypads: ${withCodes.map((d) => d.device_type)}`)
      return { august, schlage }
    }

    test('accessCodes.create, get, list, update, generateCode, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const { august } = await keypads(s)
      const created = await s.accessCodes.create({ device_id: august.device_id, code: '4821', name: 'Interop guest' })
      assert.equal(created.status, 'set')
      assert.equal(created.type, 'ongoing')
      assert.equal(created.code, '4821')
      const sent = ctx.recorder.exchanges.findLast((x) => x.path === '/access_codes/create' && x.status === 200)
      assert.equal(sent.body.action_attempt.action_type, 'CREATE_ACCESS_CODE')
      assert.equal(sent.body.action_attempt.status, 'success')
      await rejectsWith(s.accessCodes.create({ device_id: august.device_id, code: '4821' }), 'duplicate_code_on_device')
      await assert.rejects(s.accessCodes.create({ device_id: august.device_id, code: '48a1' }), (err) => {
        assert.equal(err.code, 'invalid_input')
        assert.ok(
          err.validationErrors.some((v) => v.parameterName === 'code'),
          JSON.stringify(err.validationErrors),
        )
        return true
      })

      const got = await s.accessCodes.get({ access_code_id: created.access_code_id })
      assert.equal(got.name, 'Interop guest')
      const byCode = await s.accessCodes.get({ device_id: august.device_id, code: '4821' })
      assert.equal(byCode.access_code_id, created.access_code_id)
      const listed = await s.accessCodes.list({ device_id: august.device_id })
      assert.ok(listed.some((c) => c.access_code_id === created.access_code_id))

      await s.accessCodes.update({ access_code_id: created.access_code_id, name: 'Renamed', code: '4822' })
      const updated = await s.accessCodes.get({ access_code_id: created.access_code_id })
      assert.equal(updated.name, 'Renamed')
      assert.equal(updated.code, '4822')

      const generated = await s.accessCodes.generateCode({ device_id: august.device_id })
      assert.match(generated.code, /^[0-9]{4,8}$/)

      await s.accessCodes.delete({ access_code_id: created.access_code_id })
      await rejectsWith(s.accessCodes.get({ access_code_id: created.access_code_id }), 'access_code_not_found')
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(other.accessCodes.get({ access_code_id: listed[0].access_code_id }), 'access_code_not_found')
    })

    test('time-bound codes, the backup pool, shared codes, device constraints', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const { august, schlage } = await keypads(s)
      const startsAt = new Date(Date.now() + 86_400_000).toISOString()
      const endsAt = new Date(Date.now() + 3 * 86_400_000).toISOString()
      const timed = await s.accessCodes.create({
        device_id: august.device_id,
        starts_at: startsAt,
        ends_at: endsAt,
        use_backup_access_code_pool: true,
      })
      assert.equal(timed.type, 'time_bound')
      assert.equal(timed.status, 'unset')
      assert.equal(timed.starts_at, startsAt)
      assert.equal(timed.is_backup_access_code_available, true)
      const backup = await s.accessCodes.pullBackupAccessCode({ access_code_id: timed.access_code_id })
      assert.equal(backup.is_backup, true)
      assert.equal(backup.ends_at, endsAt)
      assert.notEqual(backup.code, timed.code)

      const shared = await s.accessCodes.createMultiple({ device_ids: [august.device_id, schlage.device_id], name: 'Shared' })
      assert.equal(shared.length, 2)
      assert.equal(shared[0].code, shared[1].code)
      assert.ok(shared[0].common_code_key)
      assert.equal(shared[0].common_code_key, shared[1].common_code_key)
      await s.accessCodes.updateMultiple({ common_code_key: shared[0].common_code_key, name: 'Shared 2' })
      for (const c of shared) {
        assert.equal((await s.accessCodes.get({ access_code_id: c.access_code_id })).name, 'Shared 2')
      }

      await s.accessCodes.reportDeviceConstraints({ device_id: schlage.device_id, supported_code_lengths: [4, 5, 6, 7, 8] })
      const lock = await s.locks.get({ device_id: schlage.device_id })
      assert.deepEqual(lock.properties.supported_code_lengths, [4, 5, 6, 7, 8])
    })

    test('unmanaged codes: simulate, list, get, update, convert, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const { schlage } = await keypads(s)
      const found = await s.accessCodes.simulate.createUnmanagedAccessCode({
        device_id: schlage.device_id,
        code: '9911',
        name: 'Neighbour',
      })
      assert.equal(found.is_managed, false)
      const unmanaged = await s.accessCodes.unmanaged.list({ device_id: schlage.device_id })
      assert.ok(unmanaged.some((c) => c.access_code_id === found.access_code_id))
      const got = await s.accessCodes.unmanaged.get({ access_code_id: found.access_code_id })
      assert.equal(got.code, '9911')
      await s.accessCodes.unmanaged.update({ access_code_id: found.access_code_id, is_managed: false })
      assert.equal((await s.accessCodes.unmanaged.get({ access_code_id: found.access_code_id })).is_managed, false)
      await s.accessCodes.unmanaged.convertToManaged({ access_code_id: found.access_code_id })
      const managed = await s.accessCodes.get({ access_code_id: found.access_code_id })
      assert.equal(managed.is_managed, true)
      await rejectsWith(s.accessCodes.unmanaged.get({ access_code_id: found.access_code_id }), 'access_code_not_found')

      const other = await s.accessCodes.simulate.createUnmanagedAccessCode({
        device_id: schlage.device_id,
        code: '9922',
        name: 'Old',
      })
      await s.accessCodes.unmanaged.update({ access_code_id: other.access_code_id, is_managed: true })
      assert.equal((await s.accessCodes.get({ access_code_id: other.access_code_id })).is_managed, true)
      const third = await s.accessCodes.simulate.createUnmanagedAccessCode({
        device_id: schlage.device_id,
        code: '9933',
        name: 'Gone',
      })
      await s.accessCodes.unmanaged.delete({ access_code_id: third.access_code_id })
      await rejectsWith(s.accessCodes.unmanaged.get({ access_code_id: third.access_code_id }), 'access_code_not_found')
    })

    test('seam access-codes create --device-id … --code 6821, get-timeline, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const { august } = await keypads(seam())
      const ok = (res) => {
        assert.equal(res.code, 0, `exit ${res.code}\nstdout: ${res.stdout}\nstderr: ${res.stderr}`)
        return res.json
      }
      const created = ok(await cli('access-codes', 'create', '--device-id', august.device_id, '--code', '6821')).access_code
      assert.equal(created.code, '6821')
      assert.equal(created.status, 'set')
      const timeline = ok(await cli('access-codes', 'get-timeline', '--access-code-id', created.access_code_id)).timeline_events
      assert.deepEqual(
        timeline.map((e) => e.event_type),
        ['access_code.created', 'access_code.set_on_device'],
      )
      ok(await cli('access-codes', 'delete', '--access-code-id', created.access_code_id))
      const gone = await cli('access-codes', 'get', '--access-code-id', created.access_code_id)
      assert.equal(gone.code, 1)
      assert.equal(gone.json?.error?.type, 'access_code_not_found')
    })
  })
}
