// Connected accounts and the sandbox reset through @seamapi/http. This
// suite runs last: it disconnects and deletes a seeded account, then
// resets the seeded workspace, so that every earlier suite has the seed
// data it expects.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { SeamHttp } from '@seamapi/http/connect'

import { needs, rejectsWith } from './acs.js'

export function connectedAccountsSuite(ctx) {
  const sdk = () => new SeamHttp({ apiKey: ctx.apiKey, endpoint: ctx.sdkEndpoint })
  const codes = (o) => o.errors.map((e) => e.error_code)

  describe('connected accounts and the sandbox reset through @seamapi/http', () => {
    test('connectedAccounts.simulate.disconnect: the account and its systems carry account_disconnected', async (t) => {
      if (!needs(t, ctx, '/connected_accounts/simulate/disconnect', '/connected_accounts/list', '/acs/systems/list')) return
      const seam = sdk()
      // An account with users behind it: that of the seeded system with the most.
      const busiest = (await seam.acs.systems.list()).sort((a, b) => b.acs_user_count - a.acs_user_count)[0]
      const account = await seam.connectedAccounts.get({ connected_account_id: busiest.connected_account_id })
      ctx.removedAccountId = account.connected_account_id
      assert.deepEqual(codes(account), [])
      await seam.connectedAccounts.simulate.disconnect({ connected_account_id: account.connected_account_id })
      await seam.connectedAccounts.simulate.disconnect({ connected_account_id: account.connected_account_id })
      const after = await seam.connectedAccounts.get({ connected_account_id: account.connected_account_id })
      assert.deepEqual(codes(after), ['account_disconnected'])
      const systems = await seam.acs.systems.list({ connected_account_id: account.connected_account_id })
      assert.ok(systems.length >= 1, 'the account has access systems')
      for (const s of systems) assert.deepEqual(codes(s), ['account_disconnected'])
      const events = await seam.events.list({
        since: '2000-01-01T00:00:00Z',
        event_types: ['connected_account.disconnected', 'acs_system.disconnected'],
      })
      const mine = events.filter((e) => e.connected_account_id === account.connected_account_id)
      assert.equal(mine.filter((e) => e.event_type === 'connected_account.disconnected').length, 1)
      assert.equal(mine.filter((e) => e.event_type === 'acs_system.disconnected').length, systems.length)
      for (const e of mine) assert.deepEqual(codes({ errors: e.connected_account_errors }), ['account_disconnected'])
    })

    test('connectedAccounts.delete: the account and what is behind it are not found, with their events', async (t) => {
      if (!needs(t, ctx, '/connected_accounts/delete', '/connected_accounts/get', '/acs/users/list')) return
      const seam = sdk()
      const id = ctx.removedAccountId ?? (await seam.acs.systems.list())[0].connected_account_id
      const systems = await seam.acs.systems.list({ connected_account_id: id })
      const users = (await Promise.all(systems.map((s) => seam.acs.users.list({ acs_system_id: s.acs_system_id })))).flat()
      assert.ok(users.length >= 1, 'the account has users')
      const others = (await seam.acs.systems.list()).filter((s) => s.connected_account_id !== id)

      await seam.connectedAccounts.delete({ connected_account_id: id })

      await rejectsWith(seam.connectedAccounts.get({ connected_account_id: id }), 'connected_account_not_found')
      await rejectsWith(seam.connectedAccounts.delete({ connected_account_id: id }), 'connected_account_not_found')
      for (const s of systems) await rejectsWith(seam.acs.systems.get({ acs_system_id: s.acs_system_id }), 'acs_system_not_found')
      await rejectsWith(seam.acs.users.get({ acs_user_id: users[0].acs_user_id }), 'acs_user_not_found')
      // The other accounts' systems are still there.
      assert.deepEqual(
        (await seam.acs.systems.list()).map((s) => s.acs_system_id).sort(),
        others.map((s) => s.acs_system_id).sort(),
      )
      const deleted = await seam.events.list({ since: '2000-01-01T00:00:00Z', event_types: ['acs_user.deleted', 'connected_account.deleted'] })
      assert.equal(deleted.filter((e) => e.event_type === 'connected_account.deleted' && e.connected_account_id === id).length, 1)
      for (const u of users) {
        assert.equal(deleted.filter((e) => e.event_type === 'acs_user.deleted' && e.acs_user_id === u.acs_user_id).length, 1)
      }
    })

    test('workspaces.resetSandbox: the workspace is empty, its key and its webhooks stay', async (t) => {
      if (!needs(t, ctx, '/workspaces/reset_sandbox', '/webhooks/list')) return
      const seam = sdk()
      const before = await seam.workspaces.get()
      const hooks = await seam.webhooks.list()
      const attempt = await seam.workspaces.resetSandbox()
      assert.equal(attempt.action_type, 'RESET_SANDBOX_WORKSPACE')
      assert.equal(attempt.status, 'success')
      assert.deepEqual(await seam.connectedAccounts.list(), [])
      assert.deepEqual(await seam.acs.systems.list(), [])
      assert.deepEqual(await seam.acs.users.list(), [])
      assert.deepEqual(await seam.userIdentities.list(), [])
      assert.deepEqual(await seam.events.list({ since: '2000-01-01T00:00:00Z' }), [])
      assert.equal((await seam.workspaces.get()).workspace_id, before.workspace_id)
      assert.deepEqual(
        (await seam.webhooks.list()).map((w) => w.webhook_id),
        hooks.map((w) => w.webhook_id),
      )
    })
  })
}
