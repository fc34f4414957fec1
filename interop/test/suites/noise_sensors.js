// Noise sensors and their thresholds through @seamapi/http, on the sandbox
// Minut sensors of `lintel serve --seed` (Jane's Minut account).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

export function noiseSensorsSuite(ctx) {
  describe('noise sensors through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })

    test('noiseSensors.list, then noiseThresholds create, get, list, update, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const sensors = await s.noiseSensors.list()
      assert.equal(sensors.length, 2, `the seeded Minut sensors: ${sensors.map((d) => d.device_type)}`)
      assert.ok(sensors.every((d) => d.device_type === 'minut_sensor'))
      assert.ok(sensors[0].capabilities_supported.includes('noise_detection'))
      assert.deepEqual(await s.noiseSensors.list({ manufacturer: 'noiseaware' }), [])
      const sensor = sensors[0]

      const builtins = await s.noiseSensors.noiseThresholds.list({ device_id: sensor.device_id })
      assert.deepEqual(
        builtins.map((n) => n.name),
        ['builtin_quiet_hours', 'builtin_normal_hours'],
      )

      const created = await s.noiseSensors.noiseThresholds.create({
        device_id: sensor.device_id,
        name: 'guest quiet hours',
        starts_daily_at: '20:00:00[America/Los_Angeles]',
        ends_daily_at: '06:00:00[America/Los_Angeles]',
        noise_threshold_decibels: 70,
      })
      assert.equal(created.noise_threshold_decibels, 70)
      const sent = ctx.recorder.exchanges.findLast((e) => e.path === '/noise_sensors/noise_thresholds/create')
      assert.equal(sent.body.action_attempt.action_type, 'CREATE_NOISE_THRESHOLD')

      const got = await s.noiseSensors.noiseThresholds.get({ noise_threshold_id: created.noise_threshold_id })
      assert.equal(got.starts_daily_at, '20:00:00[America/Los_Angeles]')
      const listed = await s.noiseSensors.noiseThresholds.list({ device_id: sensor.device_id })
      assert.deepEqual(
        listed.map((n) => n.noise_threshold_id),
        [...builtins.map((n) => n.noise_threshold_id), created.noise_threshold_id],
      )

      await s.noiseSensors.noiseThresholds.update({
        device_id: sensor.device_id,
        noise_threshold_id: created.noise_threshold_id,
        noise_threshold_decibels: 65,
      })
      const updated = ctx.recorder.exchanges.findLast((e) => e.path === '/noise_sensors/noise_thresholds/update')
      assert.equal(updated.method, 'PATCH')
      const after = await s.noiseSensors.noiseThresholds.get({ noise_threshold_id: created.noise_threshold_id })
      assert.equal(after.noise_threshold_decibels, 65)
      assert.equal(after.ends_daily_at, '06:00:00[America/Los_Angeles]')

      await rejectsWith(
        s.noiseSensors.noiseThresholds.create({
          device_id: sensor.device_id,
          starts_daily_at: '25:00',
          ends_daily_at: '06:00',
          noise_threshold_decibels: 70,
        }),
        'invalid_input',
      )
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(
        other.noiseSensors.noiseThresholds.get({ noise_threshold_id: created.noise_threshold_id }),
        'noise_threshold_not_found',
      )

      await s.noiseSensors.noiseThresholds.delete({
        device_id: sensor.device_id,
        noise_threshold_id: created.noise_threshold_id,
      })
      assert.equal(ctx.recorder.exchanges.findLast((e) => e.path === '/noise_sensors/noise_thresholds/delete').method, 'DELETE')
      await rejectsWith(
        s.noiseSensors.noiseThresholds.get({ noise_threshold_id: created.noise_threshold_id }),
        'noise_threshold_not_found',
      )
    })

    test('noiseSensors.simulate.triggerNoiseThreshold records noise_sensor.noise_threshold_triggered', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const [sensor] = await s.noiseSensors.list()
      const since = new Date(Date.now() - 1000).toISOString()
      // An all-day threshold is in force whatever the time.
      const allDay = await s.noiseSensors.noiseThresholds.create({
        device_id: sensor.device_id,
        starts_daily_at: '00:00',
        ends_daily_at: '00:00',
        noise_threshold_decibels: 55,
      })
      await s.noiseSensors.simulate.triggerNoiseThreshold({ device_id: sensor.device_id })
      const events = await s.events.list({ since, event_type: 'noise_sensor.noise_threshold_triggered', device_id: sensor.device_id })
      const mine = events.find((e) => e.noise_threshold_id === allDay.noise_threshold_id)
      assert.ok(mine, `no event for the all-day threshold: ${JSON.stringify(events)}`)
      assert.equal(mine.noise_level_decibels, 60)
      assert.equal(mine.connected_account_id, sensor.connected_account_id)
      await s.noiseSensors.noiseThresholds.delete({ device_id: sensor.device_id, noise_threshold_id: allDay.noise_threshold_id })
    })
  })
}
