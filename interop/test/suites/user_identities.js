import { describe } from 'node:test'

export function userIdentitiesSuite(ctx) {
  describe('user_identities', () => {})
}
