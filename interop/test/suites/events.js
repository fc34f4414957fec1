import { describe } from 'node:test'

export function eventsSuite(ctx) {
  describe('events', () => {})
}
