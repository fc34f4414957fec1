// Thermostats through @seamapi/http, on the sandbox ecobee thermostats of
// `lintel serve --seed` (Jane's ecobee account): modes and set points,
// the fan, climate presets, schedules, daily and weekly programs, the
// temperature threshold and the simulations. Every action waits for its
// action attempt as the SDK does by default (waitForActionAttempt).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { rejectsWith } from './acs.js'

export function thermostatsSuite(ctx) {
  describe('thermostats through @seamapi/http', () => {
    const seam = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })
    // thermostats/get is in the spec but not among the SDK's methods: its
    // raw client sends it as the SDK would.
    const get = async (s, deviceId) => (await s.client.get('/thermostats/get', { params: { device_id: deviceId } })).data.thermostat
    const climate = async (s, deviceId) => (await get(s, deviceId)).properties.current_climate_setting
    const sent = (path) => ctx.recorder.exchanges.findLast((e) => e.path === path)

    test('thermostats.list and get; heat, cool, heatCool, off, setHvacMode, setFanMode wait for their attempts', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const thermostats = await s.thermostats.list()
      assert.equal(thermostats.length, 2, `the seeded ecobee thermostats: ${thermostats.map((d) => d.device_type)}`)
      assert.ok(thermostats.every((d) => d.device_type === 'ecobee_thermostat'))
      assert.deepEqual(await s.thermostats.list({ manufacturer: 'nest' }), [])
      const [thermostat] = thermostats
      const id = thermostat.device_id
      assert.ok(thermostat.capabilities_supported.includes('thermostat'))
      assert.equal(thermostat.can_hvac_heat_cool, true)
      const got = await get(s, id)
      assert.equal(got.device_id, id)
      const p = got.properties
      assert.deepEqual(p.available_hvac_mode_settings, ['off', 'heat', 'cool', 'heat_cool'])
      assert.equal(p.temperature_fahrenheit, Math.round((p.temperature_celsius * 9 / 5 + 32) * 10) / 10)
      assert.equal(p.min_heating_cooling_delta_celsius, 2.5)

      const heated = await s.thermostats.heat({ device_id: id, heating_set_point_fahrenheit: 70 })
      assert.equal(heated.status, 'success')
      assert.equal(heated.action_type, 'SET_HVAC_MODE')
      let c = await climate(s, id)
      assert.equal(c.hvac_mode_setting, 'heat')
      assert.equal(c.heating_set_point_celsius, 21.1)

      await s.thermostats.heatCool({ device_id: id, heating_set_point_celsius: 19, cooling_set_point_celsius: 24 })
      c = await climate(s, id)
      assert.deepEqual([c.hvac_mode_setting, c.heating_set_point_celsius, c.cooling_set_point_fahrenheit], ['heat_cool', 19, 75.2])
      await s.thermostats.cool({ device_id: id, cooling_set_point_celsius: 25 })
      assert.equal((await climate(s, id)).hvac_mode_setting, 'cool')
      await s.thermostats.setHvacMode({ device_id: id, hvac_mode_setting: 'heat', heating_set_point_celsius: 20 })
      assert.equal((await climate(s, id)).heating_set_point_celsius, 20)
      const off = await s.thermostats.off({ device_id: id })
      assert.equal(off.status, 'success')
      assert.equal((await climate(s, id)).hvac_mode_setting, 'off')
      const fan = await s.thermostats.setFanMode({ device_id: id, fan_mode_setting: 'on' })
      assert.equal(fan.action_type, 'SET_FAN_MODE')
      assert.equal((await get(s, id)).properties.fan_mode_setting, 'on')

      // Inside the deadband: refused, naming the field.
      await rejectsWith(
        s.thermostats.heatCool({ device_id: id, heating_set_point_celsius: 21, cooling_set_point_celsius: 22 }),
        'invalid_input',
      )
      const refused = sent('/thermostats/heat_cool')
      assert.ok(refused.body.error.validation_errors.cooling_set_point_celsius, JSON.stringify(refused.body))
      const other = new SeamHttp({ apiKey: ctx.sandbox.otherApiKey, endpoint: ctx.sdkEndpoint })
      await rejectsWith(other.thermostats.off({ device_id: id }), 'device_not_found')
    })

    test('climate presets: create, update, activate (its attempt), set fallback, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const [thermostat] = await s.thermostats.list()
      const id = thermostat.device_id
      await s.thermostats.createClimatePreset({
        device_id: id,
        climate_preset_key: 'guest',
        name: 'Guest',
        hvac_mode_setting: 'heat_cool',
        heating_set_point_celsius: 20,
        cooling_set_point_celsius: 24,
        fan_mode_setting: 'auto',
      })
      await s.thermostats.updateClimatePreset({ device_id: id, climate_preset_key: 'guest', cooling_set_point_celsius: 25 })
      assert.equal(sent('/thermostats/update_climate_preset').method, 'PATCH')
      const presets = (await get(s, id)).properties.available_climate_presets
      const guest = presets.find((p) => p.climate_preset_key === 'guest')
      assert.equal(guest.cooling_set_point_celsius, 25)
      assert.equal(guest.display_name, 'Guest')

      const since = new Date(Date.now() - 1000).toISOString()
      const activated = await s.thermostats.activateClimatePreset({ device_id: id, climate_preset_key: 'guest' })
      assert.equal(activated.action_type, 'ACTIVATE_CLIMATE_PRESET')
      assert.equal(activated.status, 'success')
      assert.equal((await climate(s, id)).climate_preset_key, 'guest')
      const events = await s.events.list({ since, event_type: 'thermostat.climate_preset_activated', device_id: id })
      assert.equal(events.length, 1)
      assert.equal(events[0].climate_preset_key, 'guest')
      assert.equal(events[0].thermostat_schedule_id, null)

      await s.thermostats.setFallbackClimatePreset({ device_id: id, climate_preset_key: 'home' })
      assert.equal((await get(s, id)).properties.fallback_climate_preset_key, 'home')
      await rejectsWith(s.thermostats.deleteClimatePreset({ device_id: id, climate_preset_key: 'home' }), 'invalid_input')
      await s.thermostats.deleteClimatePreset({ device_id: id, climate_preset_key: 'guest' })
      assert.equal(sent('/thermostats/delete_climate_preset').method, 'DELETE')
      assert.ok(!(await get(s, id)).properties.available_climate_presets.some((p) => p.climate_preset_key === 'guest'))
    })

    test('schedules: create, get, list, update, delete', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const [thermostat] = await s.thermostats.list()
      const id = thermostat.device_id
      const schedule = await s.thermostats.schedules.create({
        device_id: id,
        name: 'Guest stay',
        climate_preset_key: 'away',
        starts_at: '2031-06-01T15:00:00.000Z',
        ends_at: '2031-06-05T11:00:00.000Z',
        max_override_period_minutes: 60,
      })
      assert.equal(schedule.climate_preset_key, 'away')
      const sid = schedule.thermostat_schedule_id
      assert.equal((await s.thermostats.schedules.get({ thermostat_schedule_id: sid })).name, 'Guest stay')
      assert.deepEqual(
        (await s.thermostats.schedules.list({ device_id: id })).map((x) => x.thermostat_schedule_id),
        [sid],
      )
      await s.thermostats.schedules.update({ thermostat_schedule_id: sid, ends_at: '2031-06-06T11:00:00.000Z' })
      assert.equal(sent('/thermostats/schedules/update').method, 'PATCH')
      assert.equal((await s.thermostats.schedules.get({ thermostat_schedule_id: sid })).ends_at, '2031-06-06T11:00:00.000Z')
      await rejectsWith(
        s.thermostats.schedules.create({
          device_id: id,
          climate_preset_key: 'home',
          starts_at: '2031-06-02T00:00:00.000Z',
          ends_at: '2031-06-03T00:00:00.000Z',
        }),
        'invalid_input',
      )
      await s.thermostats.schedules.delete({ thermostat_schedule_id: sid })
      await rejectsWith(s.thermostats.schedules.get({ thermostat_schedule_id: sid }), 'thermostat_schedule_not_found')
    })

    test('daily programs and the weekly program push with their attempts', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const [thermostat] = await s.thermostats.list()
      const id = thermostat.device_id
      const weekday = await s.thermostats.dailyPrograms.create({
        device_id: id,
        name: 'Weekday',
        periods: [
          { starts_at_time: '06:30:00', climate_preset_key: 'home' },
          { starts_at_time: '09:00:00', climate_preset_key: 'away' },
          { starts_at_time: '22:00:00', climate_preset_key: 'sleep' },
        ],
      })
      const weekend = await s.thermostats.dailyPrograms.create({
        device_id: id,
        name: 'Weekend',
        periods: [{ starts_at_time: '08:00:00', climate_preset_key: 'home' }],
      })
      const pushed = await s.thermostats.dailyPrograms.update({
        thermostat_daily_program_id: weekday.thermostat_daily_program_id,
        name: 'Workday',
        periods: [{ starts_at_time: '07:00:00', climate_preset_key: 'home' }],
      })
      assert.equal(pushed.action_type, 'PUSH_THERMOSTAT_PROGRAMS')
      assert.equal(pushed.status, 'success')
      const w = weekday.thermostat_daily_program_id
      const e = weekend.thermostat_daily_program_id
      const week = await s.thermostats.updateWeeklyProgram({
        device_id: id,
        monday_program_id: w,
        tuesday_program_id: w,
        wednesday_program_id: w,
        thursday_program_id: w,
        friday_program_id: w,
        saturday_program_id: e,
        sunday_program_id: e,
      })
      assert.equal(week.action_type, 'PUSH_THERMOSTAT_PROGRAMS')
      const props = (await get(s, id)).properties
      assert.equal(props.thermostat_weekly_program.monday_program_id, w)
      assert.deepEqual(
        props.thermostat_daily_programs.map((p) => p.name),
        ['Workday', 'Weekend'],
      )
      await s.thermostats.dailyPrograms.delete({ thermostat_daily_program_id: e })
      assert.equal(sent('/thermostats/daily_programs/delete').method, 'DELETE')
      assert.equal((await get(s, id)).properties.thermostat_weekly_program.sunday_program_id, null)
      await s.thermostats.dailyPrograms.delete({ thermostat_daily_program_id: w })
    })

    test('setTemperatureThreshold and the simulations record thermostat.* events', async (t) => {
      if (!ctx.seeded) return t.skip('needs lintel serve --seed')
      const s = seam()
      const [thermostat] = await s.thermostats.list()
      const id = thermostat.device_id
      const since = new Date(Date.now() - 1000).toISOString()
      await s.thermostats.simulate.temperatureReached({ device_id: id, temperature_celsius: 21 })
      await s.thermostats.setTemperatureThreshold({ device_id: id, lower_limit_celsius: 15, upper_limit_celsius: 20 })
      assert.equal(sent('/thermostats/set_temperature_threshold').method, 'PATCH')
      await s.thermostats.simulate.temperatureReached({ device_id: id, temperature_fahrenheit: 66.2 })
      await s.thermostats.simulate.hvacModeAdjusted({ device_id: id, hvac_mode: 'heat', heating_set_point_celsius: 19 })
      const c = await climate(s, id)
      assert.deepEqual([c.hvac_mode_setting, c.heating_set_point_celsius], ['heat', 19])
      const events = await s.events.list({ since, device_id: id })
      const types = events.map((e) => e.event_type)
      for (const want of [
        'thermostat.temperature_changed',
        'thermostat.temperature_threshold_exceeded',
        'thermostat.temperature_threshold_no_longer_exceeded',
        'thermostat.temperature_reached_set_point',
        'thermostat.manually_adjusted',
      ]) {
        assert.ok(types.includes(want), `${want} among ${types}`)
      }
      const adjusted = events.find((e) => e.event_type === 'thermostat.manually_adjusted')
      assert.equal(adjusted.method, 'external')
      assert.equal(adjusted.heating_set_point_fahrenheit, 66.2)
    })
  })
}
