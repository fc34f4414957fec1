// Writes interop/fake-routes.json: every public route that Seam's fake
// server, @seamapi/fake-seam-connect, serves — the routes a test suite
// written against the fake may call, which lintel must answer too
// (test/suites/fake_routes.js holds it to that).
//
// The fake is a Next.js app bundled with its source map; its routes are the
// files under src/pages/api/, whose names the map lists. Only those names
// are read; none of the fake's code enters lintel. The fake's own test
// hooks (_fake/*) and Seam's internal routes (internal/*) are left out.
//
//   node tools/fake-routes.js                 # npm pack the pinned version into a temporary directory
//   node tools/fake-routes.js <package dir>   # or read an unpacked package (its package.json and dist/)

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const spec = '@seamapi/fake-seam-connect@1.86'

function unpack() {
  const dir = mkdtempSync(join(tmpdir(), 'fake-seam-connect-'))
  const tgz = execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()
  execFileSync('tar', ['xzf', join(dir, tgz), '-C', dir])
  return { dir: join(dir, 'package'), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

const given = process.argv[2]
const { dir, cleanup } = given ? { dir: given, cleanup: () => {} } : unpack()
try {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const map = JSON.parse(readFileSync(join(dir, 'dist', 'index.cjs.map'), 'utf8'))
  const prefix = '../src/pages/api/'
  const routes = map.sources
    .filter((s) => s.startsWith(prefix) && s.endsWith('.ts'))
    .map((s) => s.slice(prefix.length, -'.ts'.length))
    .filter((r) => !r.startsWith('_fake/') && !r.startsWith('internal/'))
    .map((r) => '/' + r.replace(/(^|\/)index$/, ''))
  const unique = [...new Set(routes)].sort()
  if (unique.length === 0) throw new Error(`no route found in ${dir}`)
  const out = {
    package: pkg.name,
    version: pkg.version,
    excluded: 'the fake\'s test hooks (/_fake/*) and Seam\'s internal routes (/internal/*)',
    routes: unique,
  }
  const file = new URL('../fake-routes.json', import.meta.url)
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
  console.log(`${file.pathname}: ${unique.length} routes of ${pkg.name} ${pkg.version}`)
} finally {
  cleanup()
}
