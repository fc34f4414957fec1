import { describe } from 'node:test'

export function acsSuite(ctx) {
  describe('acs', () => {})
}
